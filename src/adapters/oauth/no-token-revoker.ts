import type { RevocationOutcome, TokenRevoker } from '../../application/ports/token-revoker.js';

/** For a connector configured without `C2C_REVOCATION_URL`: the platform offers no revocation, so nothing is revoked. */
export class NoTokenRevoker implements TokenRevoker {
  async revoke(): Promise<RevocationOutcome> {
    return 'unsupported';
  }
}
