import sinon from 'sinon';
import type { IdentityLookup } from '#application/ports/identity-lookup.js';
import type { TokenVerifier } from '#application/ports/token-verifier.js';

/** Typed sinon stubs of the identity ports, for unit tests of the use cases. */
export function stubTokenVerifier(): sinon.SinonStubbedInstance<TokenVerifier> & TokenVerifier {
  return { verify: sinon.stub() };
}

export function stubIdentityLookup(): sinon.SinonStubbedInstance<IdentityLookup> & IdentityLookup {
  return { lookup: sinon.stub() };
}
