import { InvalidRequest } from './errors/invalid-request.js';

/** What the customer says about an association (CreateAccountAssociation, UpdateAccountAssociation). */
export interface AssociationDetails {
  readonly connectorDestinationId: string;
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly tags?: Readonly<Record<string, string>> | undefined;
}

/** The parts UpdateAccountAssociation may change; an absent one stays as it is. */
export interface AssociationDescriptionChange {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
}

// The managed-integrations model's constraints (MI-API §3), as full-string matches.
const CONNECTOR_DESTINATION_ID = /^[A-Za-z0-9_-]{1,64}$/;
const NAME = /^[A-Za-z0-9_ -]{1,128}$/;
const DESCRIPTION = /^[A-Za-z0-9_ -]{1,4096}$/;
const CLIENT_TOKEN = /^[A-Za-z0-9=_-]{1,64}$/;
const MAX_TAGS = 50;
const MAX_TAG_KEY = 128;
const MAX_TAG_VALUE = 256;

export function assertConnectorDestinationId(candidate: string): string {
  if (!CONNECTOR_DESTINATION_ID.test(candidate)) {
    throw new InvalidRequest('ConnectorDestinationId must be 1 to 64 letters, digits, - or _.');
  }
  return candidate;
}

export function assertClientToken(candidate: string): string {
  if (!CLIENT_TOKEN.test(candidate)) throw new InvalidRequest('ClientToken must be 1 to 64 letters, digits, =, - or _.');
  return candidate;
}

/** @throws InvalidRequest naming the field that breaks its constraint; values are never quoted (Tags are sensitive). */
export function assertAssociationDetails<T extends AssociationDetails>(details: T): T {
  assertConnectorDestinationId(details.connectorDestinationId);
  assertDescriptionChange(details);
  if (details.tags !== undefined) assertTags(details.tags);
  return details;
}

export function assertDescriptionChange<T extends AssociationDescriptionChange>(change: T): T {
  if (change.name !== undefined && !NAME.test(change.name)) {
    throw new InvalidRequest('Name must be 1 to 128 letters, digits, spaces, - or _.');
  }
  if (change.description !== undefined && !DESCRIPTION.test(change.description)) {
    throw new InvalidRequest('Description must be 1 to 4096 letters, digits, spaces, - or _.');
  }
  return change;
}

function assertTags(tags: Readonly<Record<string, string>>): void {
  const entries = Object.entries(tags);
  if (entries.length < 1 || entries.length > MAX_TAGS) throw new InvalidRequest(`Tags must hold 1 to ${MAX_TAGS} entries.`);
  for (const [key, value] of entries) {
    if (characters(key) < 1 || characters(key) > MAX_TAG_KEY) throw new InvalidRequest(`Each tag key must be 1 to ${MAX_TAG_KEY} characters.`);
    if (typeof value !== 'string' || characters(value) > MAX_TAG_VALUE) {
      throw new InvalidRequest(`Each tag value must be a string of at most ${MAX_TAG_VALUE} characters.`);
    }
  }
}

/** Counted in code points, as the model counts characters, not in UTF-16 units. */
function characters(text: string): number {
  return Array.from(text).length;
}
