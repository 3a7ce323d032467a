/** One authorization round trip in flight: its single-use `state`, PKCE verifier, OIDC nonce and deadline. */
export interface PendingAuthorization {
  readonly state: string;
  readonly codeVerifier: string;
  /** Sent when the scope holds `openid`: the `nonce` the ID token of this round trip must carry. */
  readonly nonce?: string | undefined;
  readonly expiresAt: Date;
}
