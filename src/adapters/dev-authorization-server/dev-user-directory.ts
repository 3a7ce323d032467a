import { createHash, timingSafeEqual } from 'node:crypto';
import type { DevUser } from './dev-authorization-server-options.js';

/** The development server's users, looked up by account id (for tokens) or by credentials (for sign-in). */
export class DevUserDirectory {
  readonly #byAccountId: ReadonlyMap<string, DevUser>;

  constructor(private readonly users: readonly DevUser[]) {
    this.#byAccountId = new Map(users.map((user) => [user.accountId, user]));
  }

  findByAccountId(accountId: string): DevUser | undefined {
    return this.#byAccountId.get(accountId);
  }

  /** The user with these credentials, if any; compares every user in constant time per comparison. */
  authenticate(username: string, password: string): DevUser | undefined {
    let match: DevUser | undefined;
    for (const user of this.users) {
      const sameName = sameText(user.username, username);
      const samePassword = sameText(user.password, password);
      if (sameName && samePassword) match = user;
    }
    return match;
  }
}

function sameText(expected: string, actual: string): boolean {
  return timingSafeEqual(digest(expected), digest(actual));
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
