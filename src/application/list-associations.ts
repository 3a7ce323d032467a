import { assertConnectorDestinationId } from '../domain/association-details.js';
import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { AssociationView, AssociationViews } from './association-view.js';
import { expireAbandonedLink } from './expire-abandoned-link.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';

export interface ListAssociationsInput {
  readonly connectorDestinationId?: string | undefined;
  /** 1–1000. Default 100. */
  readonly maxResults?: number | undefined;
  /** The `nextToken` of the previous page, as it was answered. */
  readonly nextToken?: string | undefined;
}

export interface AssociationPage {
  readonly items: readonly AssociationView[];
  /** Present while more may follow. */
  readonly nextToken: string | undefined;
}

export const DEFAULT_MAX_RESULTS = 100;
export const MAX_RESULTS_LIMIT = 1000;
const NEXT_TOKEN = /^[A-Za-z0-9=_-]{1,65535}$/;

/**
 * ListAccountAssociations: one page, in the store's stable order, each link as GetAccountAssociation reports it. The page token is the repository's,
 * opaque here; the encrypting repository seals it, bound to the filter, so that a client can neither read
 * nor alter one, nor reuse it under another filter.
 */
export class ListAssociations {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly views: AssociationViews,
    private readonly clock: Clock,
  ) {}

  /** @throws InvalidRequest for MaxResults outside 1–1000, a malformed filter, or a NextToken that is not one of ours. */
  async execute(input: ListAssociationsInput = {}): Promise<AssociationPage> {
    const limit = input.maxResults ?? DEFAULT_MAX_RESULTS;
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_RESULTS_LIMIT) {
      throw new InvalidRequest(`MaxResults must be a whole number from 1 to ${MAX_RESULTS_LIMIT}.`);
    }
    const { connectorDestinationId, nextToken } = input;
    if (connectorDestinationId !== undefined) assertConnectorDestinationId(connectorDestinationId);
    if (nextToken !== undefined && !NEXT_TOKEN.test(nextToken)) throw new InvalidRequest('NextToken is not valid.');
    const page = await this.links.list({ connectorDestinationId, limit, after: nextToken });
    const now = this.clock.now();
    const items: AssociationView[] = [];
    for (const read of page.links) {
      // As GetAccountAssociation: an abandoned round trip reads (and is stored) ASSOCIATION_FAILED.
      const link = await expireAbandonedLink(this.links, read, now);
      if (link !== undefined) items.push(await this.views.of(link));
    }
    return { items, nextToken: page.next };
  }
}
