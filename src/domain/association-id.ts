import { InvalidRequest } from './errors/invalid-request.js';

export const ASSOCIATION_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;

export function assertAssociationId(candidate: string): string {
  if (!ASSOCIATION_ID_PATTERN.test(candidate)) {
    throw new InvalidRequest('An AccountAssociationId is 1 to 64 letters and digits.');
  }
  return candidate;
}
