import { timingSafeEqual } from 'node:crypto';
import type { AccountLinkRepository, ClaimedCallback, LinkPage, LinkPageQuery } from '../../application/ports/account-link-repository.js';
import { AccessToken } from '../../domain/access-token.js';
import { AccountLink } from '../../domain/account-link.js';
import { InvalidRequest } from '../../domain/errors/invalid-request.js';
import type { LinkedTokens } from '../../domain/linked-tokens.js';
import type { PendingAuthorization } from '../../domain/pending-authorization.js';
import type { JweTokenCipher } from './jwe-token-cipher.js';
import { TokenDecryptionFailed } from './token-decryption-failed.js';

/**
 * The secrets of a link, by the field name each ciphertext is bound to: the tokens, and the secrets of a
 * pending round trip (`pendingAuthorization`, one JWE of its state, PKCE verifier and nonce).
 */
type SecretField = 'accessToken' | 'refreshToken' | 'pendingAuthorization';

/** The purpose the state's keyed digest is derived for (see JweTokenCipher.digest). */
const STATE_DIGEST = 'oauth-state-digest-v1';

/** Encrypts or decrypts one secret of the link at hand. */
type Crypt = (value: string, field: SecretField) => Promise<string>;

/**
 * Encryption at rest for any AccountLinkRepository. The inner repository receives links whose access
 * token and refresh token are compact JWEs, each bound to its association and field (a ciphertext copied
 * into another link, or into the other token field, fails with TokenDecryptionFailed), and stores them as
 * it stores any string; links read back are decrypted. A pending round trip reaches it as
 * `{ state: <keyed digest of the state>, codeVerifier: <one JWE of the state, verifier and nonce>, expiresAt }`:
 * the state, the one thing that protects the callback, is never stored, yet the store can match a callback's
 * state (`claimPending` conditions on its digest) and the round trip read back holds everything it had (so
 * that its authorization URL can be built again). The digest is an HMAC-SHA-256 under a key derived from the
 * token encryption key (HKDF): the key every store already has, so no new secret to keep. Everything else, the
 * version compared on writes included, passes through unchanged.
 *
 * A round trip stored before the state was digested (its `state` in clear, which holds a dot) is read back as
 * expired at its last change: it lives ten minutes, and its callback is answered like any expired one.
 *
 * The JWE of a token is longer than the token: the inner repository gets it as `AccessToken.sealed` and
 * must read it back the same way, not with `AccessToken.of`.
 */
export class EncryptingAccountLinkRepository implements AccountLinkRepository {
  readonly #inner: AccountLinkRepository;
  readonly #cipher: JweTokenCipher;
  /** Present when the inner repository claims in one write; CompleteLinking reads and saves otherwise. */
  readonly claimPending?: (associationId: string, state: string, now: Date, finishBy: Date) => Promise<ClaimedCallback | undefined>;

  constructor(inner: AccountLinkRepository, cipher: JweTokenCipher) {
    this.#inner = inner;
    this.#cipher = cipher;
    if (inner.claimPending !== undefined) this.claimPending = (associationId, state, now, finishBy) => this.#claim(associationId, state, now, finishBy);
  }

  /** @throws TokenDecryptionFailed as `findById`, for the round trip's secrets or the tokens of a link being relinked. */
  async #claim(associationId: string, state: string, now: Date, finishBy: Date): Promise<ClaimedCallback | undefined> {
    const stateDigest = this.#digestOf(state);
    const claimed = await this.#inner.claimPending?.(associationId, stateDigest, now, finishBy);
    if (claimed === undefined) return undefined;
    const decrypt: Crypt = (jwe, field) => this.#cipher.decrypt(jwe, { record: associationId, field });
    const [secrets, link] = await Promise.all([this.#openSecrets(claimed.codeVerifier, decrypt), this.#open(claimed.link)]);
    if (!constantTimeEquals(this.#digestOf(secrets.state), stateDigest)) throw new TokenDecryptionFailed();
    return { link: link!, codeVerifier: secrets.codeVerifier, ...(secrets.nonce === undefined ? {} : { nonce: secrets.nonce }) };
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
    const secrets: RoundTripSecrets = {
      state: pending.state,
      codeVerifier: pending.codeVerifier,
      ...(pending.nonce === undefined ? {} : { nonce: pending.nonce }),
    };
    return {
      state: this.#digestOf(pending.state),
      codeVerifier: await encrypt(JSON.stringify(secrets), 'pendingAuthorization'),
      expiresAt: pending.expiresAt,
    };
  }

  #digestOf(state: string): string {
    return this.#cipher.digest(state, STATE_DIGEST);
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
      s.pending === undefined ? undefined : this.#openPending(s.pending, s.updatedAt, decrypt),
      s.tokens === undefined ? undefined : this.#openTokens(s.tokens, decrypt),
    ]);
    return AccountLink.fromSnapshot({ ...s, pending, tokens });
  }

  async #openPending(pending: PendingAuthorization, updatedAt: Date, decrypt: Crypt): Promise<PendingAuthorization> {
    // A digest is base64url, without dots; a state in clear (`<associationId>.<random>`) predates digests.
    if (pending.state.includes('.')) {
      const expiresAt = pending.expiresAt.getTime() < updatedAt.getTime() ? pending.expiresAt : updatedAt;
      return { state: pending.state, codeVerifier: '', expiresAt };
    }
    const secrets = await this.#openSecrets(pending.codeVerifier, decrypt);
    // The secrets must be those of this round trip: a JWE of an earlier one of the same association does not pass.
    if (!constantTimeEquals(this.#digestOf(secrets.state), pending.state)) throw new TokenDecryptionFailed();
    return { ...secrets, expiresAt: pending.expiresAt };
  }

  /** @throws TokenDecryptionFailed unless `jwe` holds the secrets of a round trip, as `#sealPending` wrote them. */
  async #openSecrets(jwe: string, decrypt: Crypt): Promise<RoundTripSecrets> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await decrypt(jwe, 'pendingAuthorization'));
    } catch (error) {
      if (error instanceof TokenDecryptionFailed) throw error;
      throw new TokenDecryptionFailed({ cause: error });
    }
    const { state, codeVerifier, nonce } = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
    if (typeof state !== 'string' || typeof codeVerifier !== 'string' || (nonce !== undefined && typeof nonce !== 'string')) {
      throw new TokenDecryptionFailed();
    }
    return { state, codeVerifier, ...(nonce === undefined ? {} : { nonce }) };
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

/** What one JWE of a pending round trip holds. */
interface RoundTripSecrets {
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce?: string;
}

function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function isCompactJwe(value: string): boolean {
  return value.split('.').length === 5;
}
