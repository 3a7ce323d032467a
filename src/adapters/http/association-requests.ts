import type { ListAssociationsInput } from '../../application/list-associations.js';
import type { StartLinkingInput } from '../../application/start-linking.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';

/** Largest body an association route reads: Tags at their limit (50 × (128 + 256) characters) fit with room. */
export const ASSOCIATION_BODY_LIMIT = 64 * 1024;

/**
 * A request body as JSON: an empty body is an empty object (SDKs send none for operations without
 * members; the example application sends none to create); a non-empty one must be JSON, announced as such
 * when a Content-Type is given (a form or plain text is refused, so a browser cannot post one across sites).
 * @throws InvalidRequest
 */
export function readJsonBody(text: string, contentType: string | undefined): unknown {
  if (text.trim() === '') return {};
  if (contentType !== undefined && !/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(contentType.trim())) {
    throw new InvalidRequest('The request body must be JSON, sent with Content-Type: application/json.');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InvalidRequest('The request body is not valid JSON.');
  }
}

/** CreateAccountAssociation's members. GeneralAuthorization is known but refused: this service links with OAuth only. */
export function readCreateRequest(body: unknown): StartLinkingInput {
  const members = objectOf(body, 'CreateAccountAssociation', ['ClientToken', 'ConnectorDestinationId', 'Name', 'Description', 'Tags', 'GeneralAuthorization']);
  if (members['GeneralAuthorization'] !== undefined) {
    throw new InvalidRequest('GeneralAuthorization is not supported: this service links accounts with OAuth 2.0 only; leave it out.');
  }
  return {
    clientToken: optionalString(members, 'ClientToken'),
    connectorDestinationId: optionalString(members, 'ConnectorDestinationId'),
    name: optionalString(members, 'Name'),
    description: optionalString(members, 'Description'),
    tags: optionalStringMap(members, 'Tags'),
  };
}

export function readUpdateRequest(body: unknown): { readonly name: string | undefined; readonly description: string | undefined } {
  const members = objectOf(body, 'UpdateAccountAssociation', ['Name', 'Description']);
  return { name: optionalString(members, 'Name'), description: optionalString(members, 'Description') };
}

/** An operation without request members takes no body, or an empty object. */
export function readEmptyRequest(body: unknown, operation: string): void {
  objectOf(body, operation, []);
}

/** ListAccountAssociations' query; other parameters are ignored, as AWS services ignore them. */
export function readListQuery(query: Readonly<Record<string, unknown>>): ListAssociationsInput {
  const maxResults = queryValue(query, 'MaxResults');
  if (maxResults !== undefined && !/^\d{1,4}$/.test(maxResults)) throw new InvalidRequest('MaxResults must be a whole number from 1 to 1000.');
  return {
    connectorDestinationId: queryValue(query, 'ConnectorDestinationId'),
    maxResults: maxResults === undefined ? undefined : Number(maxResults),
    nextToken: queryValue(query, 'NextToken'),
  };
}

function objectOf(body: unknown, operation: string, allowed: readonly string[]): Readonly<Record<string, unknown>> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidRequest(`The body of ${operation} must be a JSON object.`);
  }
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw new InvalidRequest(`${operation} takes no member ${/^[A-Za-z0-9_]{1,64}$/.test(unknown) ? unknown : 'of that name'}.`);
  }
  return body as Readonly<Record<string, unknown>>;
}

function optionalString(members: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = members[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidRequest(`${name} must be a string.`);
  return value;
}

function optionalStringMap(members: Readonly<Record<string, unknown>>, name: string): Readonly<Record<string, string>> | undefined {
  const value = members[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new InvalidRequest(`${name} must be an object of string values.`);
  }
  return { ...(value as Record<string, string>) };
}

/** A repeated parameter is ambiguous: refused rather than one of them picked. */
function queryValue(query: Readonly<Record<string, unknown>>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InvalidRequest(`${name} must be given once.`);
  return value;
}
