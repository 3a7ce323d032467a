/** Port: a cryptographic digest, for ids derived from other ids. */
export interface Digest {
  /** SHA-256 of the UTF-8 text, base64url without padding (43 characters). */
  sha256Base64Url(text: string): string;
}
