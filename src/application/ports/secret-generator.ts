/** A PKCE pair: the verifier stays with us, the S256 challenge goes into the authorization URL. */
export interface PkcePair {
  readonly verifier: string;
  readonly challenge: string;
}

/** Port: unguessable values for the linking flow (ids, `state`, PKCE). */
export interface SecretGenerator {
  /** 1–64 letters and digits. */
  associationId(): string;
  /** At least 128 bits of entropy, URL-safe. */
  state(): string;
  pkce(): PkcePair;
}
