/** One authorization round trip in flight: its single-use `state`, PKCE verifier and deadline. */
export interface PendingAuthorization {
  readonly state: string;
  readonly codeVerifier: string;
  readonly expiresAt: Date;
}
