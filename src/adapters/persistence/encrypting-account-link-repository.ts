import type { AccountLinkRepository, ClaimedCallback, LinkPage, LinkPageQuery } from '../../application/ports/account-link-repository.js';
import { AccessToken } from '../../domain/access-token.js';
import { AccountLink } from '../../domain/account-link.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';
import type { LinkedTokens } from '../../domain/linked-tokens.js';
import type { PendingAuthorization } from '../../domain/pending-authorization.js';
import type { JweTokenCipher } from './jwe-token-cipher.js';

/** The secrets of a link, by the field name each ciphertext is bound to. */
type SecretField = 'accessToken' | 'refreshToken' | 'codeVerifier';

/** Encrypts or decrypts one secret of the link at hand. */
type Crypt = (value: string, field: SecretField) => Promise<string>;

/**
 * Encryption at rest for any AccountLinkRepository. The inner repository receives links whose access
 * token, refresh token and PKCE verifier are compact JWEs, each bound to its association and field (a
 * ciphertext copied into another link, or into the other token field, fails with TokenDecryptionFailed),
 * and stores them as it stores any string; links read back are decrypted. Everything else, the version
 * compared on writes included, passes through unchanged.
 *
 * The JWE of a token is longer than the token: the inner repository gets it as `AccessToken.sealed` and
 * must read it back the same way, not with `AccessToken.of`.
 */
export class EncryptingAccountLinkRepository implements AccountLinkRepository {
  readonly #inner: AccountLinkRepository;
  readonly #cipher: JweTokenCipher;
  /** Present when the inner repository claims in one write; CompleteLinking reads and saves otherwise. */
  readonly claimPending?: (associationId: string, state: string, now: Date) => Promise<ClaimedCallback | undefined>;

  constructor(inner: AccountLinkRepository, cipher: JweTokenCipher) {
    this.#inner = inner;
    this.#cipher = cipher;
    if (inner.claimPending !== undefined) this.claimPending = (associationId, state, now) => this.#claim(associationId, state, now);
  }

  /** @throws TokenDecryptionFailed as `findById`, for the verifier or the tokens of a link being relinked. */
  async #claim(associationId: string, state: string, now: Date): Promise<ClaimedCallback | undefined> {
    const claimed = await this.#inner.claimPending?.(associationId, state, now);
    if (claimed === undefined) return undefined;
    const decrypt: Crypt = (jwe, field) => this.#cipher.decrypt(jwe, { record: associationId, field });
    const stored = claimed.codeVerifier;
    const [codeVerifier, link] = await Promise.all([
      isCompactJwe(stored) ? decrypt(stored, 'codeVerifier') : stored,
      this.#open(claimed.link),
    ]);
    return { link: link!, codeVerifier };
  }

  async create(link: AccountLink): Promise<void> {
    await this.#inner.create(await this.#seal(link));
  }

  /** @throws TokenDecryptionFailed when a stored secret was written under another key, altered, or belongs elsewhere. */
  async findById(associationId: string): Promise<AccountLink | undefined> {
    return this.#open(await this.#inner.findById(associationId));
  }

  /** @throws TokenDecryptionFailed as `findById`. */
  async findByUserId(userId: string): Promise<AccountLink | undefined> {
    return this.#open(await this.#inner.findByUserId(userId));
  }

  async save(link: AccountLink, expectedVersion: number): Promise<void> {
    await this.#inner.save(await this.#seal(link), expectedVersion);
  }

  async delete(associationId: string, expectedVersion: number): Promise<void> {
    await this.#inner.delete(associationId, expectedVersion);
  }

  /**
   * The inner repository's page token (where its page ended) reaches the client sealed: a JWE bound to the
   * filter, so that one cannot be read, made up or altered, nor used with another filter (400 instead). It
   * is written with `=` for the JWE's dots, into NextToken's alphabet `[A-Za-z0-9=_-]`.
   * @throws InvalidRequest for a token this repository did not seal for this filter (or sealed under another key).
   * @throws TokenDecryptionFailed as `findById`.
   */
  async list(query: LinkPageQuery): Promise<LinkPage> {
    const binding = { record: `list of ${query.connectorDestinationId ?? 'every destination'}`, field: 'nextToken' };
    const after = query.after === undefined ? undefined : await this.#openPageToken(query.after, binding);
    const page = await this.#inner.list({ ...query, after });
    const links = await Promise.all(page.links.map(async (link) => (await this.#open(link))!));
    const next = page.next === undefined ? undefined : (await this.#cipher.encrypt(page.next, binding)).replaceAll('.', '=');
    return { links, next };
  }

  async #openPageToken(token: string, binding: { record: string; field: string }): Promise<string> {
    const jwe = token.replaceAll('=', '.');
    if (!isCompactJwe(jwe)) throw new InvalidRequest('NextToken is not valid.');
    try {
      return await this.#cipher.decrypt(jwe, binding);
    } catch (error) {
      throw new InvalidRequest('NextToken is not valid.', { cause: error });
    }
  }

  /** A copy of the link with its secrets encrypted; the caller's link is left as it is. */
  async #seal(link: AccountLink): Promise<AccountLink> {
    const s = link.toSnapshot();
    const encrypt: Crypt = (plaintext, field) => this.#cipher.encrypt(plaintext, { record: s.associationId, field });
    const [pending, tokens] = await Promise.all([
      s.pending === undefined ? undefined : this.#sealPending(s.pending, encrypt),
      s.tokens === undefined ? undefined : this.#sealTokens(s.tokens, encrypt),
    ]);
    return AccountLink.fromSnapshot({ ...s, pending, tokens });
  }

  async #sealPending(pending: PendingAuthorization, encrypt: Crypt): Promise<PendingAuthorization> {
    return { ...pending, codeVerifier: await encrypt(pending.codeVerifier, 'codeVerifier') };
  }

  async #sealTokens(tokens: LinkedTokens, encrypt: Crypt): Promise<LinkedTokens> {
    const [accessToken, refreshToken] = await Promise.all([
      encrypt(tokens.accessToken.reveal(), 'accessToken'),
      tokens.refreshToken === undefined ? undefined : encrypt(tokens.refreshToken.reveal(), 'refreshToken'),
    ]);
    return {
      ...tokens,
      accessToken: AccessToken.sealed(accessToken),
      refreshToken: refreshToken === undefined ? undefined : AccessToken.sealed(refreshToken),
    };
  }

  async #open(stored: AccountLink | undefined): Promise<AccountLink | undefined> {
    if (stored === undefined) return undefined;
    const s = stored.toSnapshot();
    const decrypt: Crypt = (jwe, field) => this.#cipher.decrypt(jwe, { record: s.associationId, field });
    const [pending, tokens] = await Promise.all([
      s.pending === undefined ? undefined : this.#openPending(s.pending, decrypt),
      s.tokens === undefined ? undefined : this.#openTokens(s.tokens, decrypt),
    ]);
    return AccountLink.fromSnapshot({ ...s, pending, tokens });
  }

  async #openPending(pending: PendingAuthorization, decrypt: Crypt): Promise<PendingAuthorization> {
    const stored = pending.codeVerifier;
    // A verifier is base64url, without dots: one stored in clear predates encryption (it lives ten minutes).
    const codeVerifier = isCompactJwe(stored) ? await decrypt(stored, 'codeVerifier') : stored;
    return { ...pending, codeVerifier };
  }

  async #openTokens(tokens: LinkedTokens, decrypt: Crypt): Promise<LinkedTokens> {
    const [accessToken, refreshToken] = await Promise.all([
      decrypt(tokens.accessToken.reveal(), 'accessToken'),
      tokens.refreshToken === undefined ? undefined : decrypt(tokens.refreshToken.reveal(), 'refreshToken'),
    ]);
    return {
      ...tokens,
      accessToken: AccessToken.of(accessToken),
      refreshToken: refreshToken === undefined ? undefined : AccessToken.of(refreshToken),
    };
  }
}

function isCompactJwe(value: string): boolean {
  return value.split('.').length === 5;
}
