import { InvalidUserId } from './errors/invalid-user-id.js';

/** The rule managed integrations applies to `SendConnectorEvent.UserId`. */
export const USER_ID_PATTERN = /^[a-zA-Z0-9_.,@-]{1,64}$/;

export function assertValidUserId(candidate: string): string {
  if (!USER_ID_PATTERN.test(candidate)) {
    throw new InvalidUserId(
      `The identity's user id (${candidate.length} characters) does not fit managed integrations' rule: ` +
        '1 to 64 characters of [a-zA-Z0-9_.,@-].',
    );
  }
  return candidate;
}
