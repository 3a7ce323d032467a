/**
 * `claim`: the source's user key as it is (it must fit the userId rule).
 * `issuer-scoped`: base64url(SHA-256(issuer, user key)): 43 characters that always fit the rule and are
 * globally unique, because two issuers can hand out the same subject.
 */
export type UserIdFormat = 'claim' | 'issuer-scoped';
