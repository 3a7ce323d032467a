import { AccountLink } from '../domain/account-link.js';
import type { AuthorizationRequest } from './authorization-request.js';
import type { AccountLinkRepository } from './ports/account-link-repository.js';
import type { Clock } from './ports/clock.js';
import type { SecretGenerator } from './ports/secret-generator.js';

export interface StartedLinking {
  readonly associationId: string;
  readonly state: 'ASSOCIATION_IN_PROGRESS';
  readonly authorizationUrl: string;
}

/** CreateAccountAssociation: a new association in progress, and the URL the end user must visit. */
export class StartLinking {
  constructor(
    private readonly links: AccountLinkRepository,
    private readonly secrets: SecretGenerator,
    private readonly authorization: AuthorizationRequest,
    private readonly clock: Clock,
  ) {}

  async execute(): Promise<StartedLinking> {
    const associationId = this.secrets.associationId();
    const { pending, url } = this.authorization.create(associationId);
    await this.links.create(AccountLink.start(associationId, pending, this.clock.now()));
    return { associationId, state: 'ASSOCIATION_IN_PROGRESS', authorizationUrl: url };
  }
}
