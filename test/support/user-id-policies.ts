import { UserIdPolicy } from '#application/user-id-policy.js';

/** Not SHA-256: a reversible stand-in, so a test can see what the policy digested. */
export const readableDigest = (text: string): string => Buffer.from(text).toString('base64url').slice(0, 64);

/** The default policy (user keys as they are), for unit tests of the use cases. */
export const userIdsAsTheyAre = new UserIdPolicy({ sha256Base64Url: readableDigest });
