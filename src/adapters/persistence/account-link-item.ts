import { AccessToken, MAX_SEALED_TOKEN_LENGTH } from '../../domain/access-token.js';
import { AccountLink, type AccountLinkSnapshot } from '../../domain/account-link.js';
import { ASSOCIATION_STATES, type AssociationState } from '../../domain/association-state.js';
import type { LinkedTokens } from '../../domain/linked-tokens.js';
import type { PendingAuthorization } from '../../domain/pending-authorization.js';
import type { RefreshLease } from '../../domain/refresh-lease.js';
import { MalformedAccountLinkItem } from './malformed-account-link-item.js';

/**
 * One AccountLink as a DynamoDB item. Dates are ISO-8601 strings (they sort as text, which the userId index
 * relies on), except the TTL attribute, which DynamoDB wants in epoch seconds. Tokens and the PKCE verifier
 * are stored as the link carries them: JWE strings, each bound to its association and field, when the
 * repository sits behind EncryptingAccountLinkRepository (as every store `openAccountLinkStore` opens does).
 */
export interface AccountLinkItem {
  readonly associationId: string;
  readonly state: AssociationState;
  readonly version: number;
  readonly userId?: string;
  readonly errorMessage?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  /**
   * Behind EncryptingAccountLinkRepository, `state` is the keyed digest of the state and `codeVerifier` one
   * JWE of the round trip's secrets (verifier, state, nonce); `nonce` is then absent.
   */
  readonly pending?: { readonly state: string; readonly codeVerifier: string; readonly nonce?: string; readonly expiresAt: string };
  readonly tokens?: {
    readonly accessToken: string;
    readonly refreshToken?: string;
    readonly expiresAt?: string;
    readonly refreshExpiresAt?: string;
    readonly obtainedAt?: string;
  };
  /** While one process refreshes the tokens: who, and until when (ISO-8601). */
  readonly refreshLease?: { readonly holder: string; readonly expiresAt: string };
  /** While ASSOCIATION_DELETING: the state an abandoned deletion returns to. */
  readonly deletingFrom?: AssociationState;
  /** After a callback was claimed: when its outcome must be stored (ISO-8601). */
  readonly claimExpiresAt?: string;
  readonly connectorDestinationId?: string;
  readonly name?: string;
  readonly description?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly creationFingerprint?: string;
  /** TTL: set only on an abandonable pending association, so DynamoDB removes it eventually. */
  readonly expiresAt?: number;
}

/** Attribute names other modules rely on (key schema, index, TTL). */
export const ITEM_KEYS = {
  partitionKey: 'associationId',
  userId: 'userId',
  updatedAt: 'updatedAt',
  version: 'version',
  connectorDestinationId: 'connectorDestinationId',
  timeToLive: 'expiresAt',
  claimExpiresAt: 'claimExpiresAt',
} as const;

export interface AccountLinkItemMapperOptions {
  /** How long an abandoned pending association outlives its authorization request before TTL removes it. */
  readonly pendingRetentionSeconds: number;
}

/** Translates between AccountLink and its item. Secrets are copied verbatim; tokens are read back as `AccessToken.sealed`. */
export class AccountLinkItemMapper {
  readonly #pendingRetentionSeconds: number;

  constructor(options: AccountLinkItemMapperOptions) {
    this.#pendingRetentionSeconds = options.pendingRetentionSeconds;
  }

  /** The item without undefined attributes, so it marshalls the same whatever the client's options. */
  toItem(link: AccountLink): AccountLinkItem {
    const s = link.toSnapshot();
    return withoutUndefined({
      associationId: s.associationId,
      state: s.state,
      version: s.version,
      userId: s.userId,
      errorMessage: s.errorMessage,
      createdAt: s.createdAt.toISOString(),
      updatedAt: s.updatedAt.toISOString(),
      pending:
        s.pending === undefined
          ? undefined
          : withoutUndefined({
              state: s.pending.state,
              codeVerifier: s.pending.codeVerifier,
              nonce: s.pending.nonce,
              expiresAt: s.pending.expiresAt.toISOString(),
            }),
      tokens:
        s.tokens === undefined
          ? undefined
          : withoutUndefined({
              accessToken: s.tokens.accessToken.reveal(),
              refreshToken: s.tokens.refreshToken?.reveal(),
              expiresAt: s.tokens.expiresAt?.toISOString(),
              refreshExpiresAt: s.tokens.refreshExpiresAt?.toISOString(),
              obtainedAt: s.tokens.obtainedAt?.toISOString(),
            }),
      refreshLease:
        s.refreshLease === undefined ? undefined : { holder: s.refreshLease.holder, expiresAt: s.refreshLease.expiresAt.toISOString() },
      deletingFrom: s.deletingFrom,
      claimExpiresAt: s.claimExpiresAt?.toISOString(),
      connectorDestinationId: s.connectorDestinationId,
      name: s.name,
      description: s.description,
      tags: s.tags,
      creationFingerprint: s.creationFingerprint,
      expiresAt: this.#timeToLive(s),
    });
  }

  fromItem(raw: Readonly<Record<string, unknown>>): AccountLink {
    const read = new ItemReader(raw);
    const pending = read.optionalMap('pending');
    const tokens = read.optionalMap('tokens');
    const refreshLease = read.optionalMap('refreshLease');
    return AccountLink.fromSnapshot({
      associationId: read.string('associationId'),
      state: read.state('state'),
      version: read.number('version'),
      userId: read.optionalString('userId'),
      errorMessage: read.optionalString('errorMessage'),
      createdAt: read.date('createdAt'),
      updatedAt: read.date('updatedAt'),
      pending: pending === undefined ? undefined : readPending(read.nested('pending', pending)),
      tokens: tokens === undefined ? undefined : readTokens(read.nested('tokens', tokens)),
      deletingFrom: read.optionalState('deletingFrom'),
      claimExpiresAt: read.optionalDate('claimExpiresAt'),
      connectorDestinationId: read.optionalString('connectorDestinationId'),
      name: read.optionalString('name'),
      description: read.optionalString('description'),
      tags: read.optionalStringMap('tags'),
      creationFingerprint: read.optionalString('creationFingerprint'),
      // Absent rather than undefined, as on a link that never had a lease: snapshots compare equal.
      ...(refreshLease === undefined ? {} : { refreshLease: readRefreshLease(read.nested('refreshLease', refreshLease)) }),
    });
  }

  /**
   * Only a round trip that never produced a user can be abandoned; any other link must stay. One whose
   * callback was claimed but never finished (the process died mid-exchange) expires from its last change.
   */
  #timeToLive(s: AccountLinkSnapshot): number | undefined {
    if (s.state !== 'ASSOCIATION_IN_PROGRESS' || s.userId !== undefined) return undefined;
    const from = s.pending?.expiresAt ?? s.claimExpiresAt ?? s.updatedAt;
    return Math.ceil(from.getTime() / 1000) + this.#pendingRetentionSeconds;
  }
}

function readPending(read: ItemReader): PendingAuthorization {
  const nonce = read.optionalString('nonce');
  return {
    state: read.string('state'),
    codeVerifier: read.string('codeVerifier'),
    ...(nonce === undefined ? {} : { nonce }),
    expiresAt: read.date('expiresAt'),
  };
}

function readTokens(read: ItemReader): LinkedTokens {
  return {
    accessToken: read.token('accessToken'),
    refreshToken: read.optionalToken('refreshToken'),
    expiresAt: read.optionalDate('expiresAt'),
    refreshExpiresAt: read.optionalDate('refreshExpiresAt'),
    obtainedAt: read.optionalDate('obtainedAt'),
  };
}

function readRefreshLease(read: ItemReader): RefreshLease {
  return { holder: read.string('holder'), expiresAt: read.date('expiresAt') };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Typed, validating access to an untyped item; errors name the field, never its value. */
class ItemReader {
  constructor(
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly prefix = '',
    private readonly associationId = typeof raw['associationId'] === 'string' ? raw['associationId'] : '(unknown)',
  ) {}

  nested(field: string, raw: Readonly<Record<string, unknown>>): ItemReader {
    return new ItemReader(raw, `${this.prefix}${field}.`, this.associationId);
  }

  string(field: string): string {
    const value = this.optionalString(field);
    if (value === undefined) throw this.#malformed(field);
    return value;
  }

  optionalString(field: string): string | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') throw this.#malformed(field);
    return value;
  }

  /** A token in its sealed form, as the repository was given it. */
  token(field: string): AccessToken {
    const token = this.optionalToken(field);
    if (token === undefined) throw this.#malformed(field);
    return token;
  }

  optionalToken(field: string): AccessToken | undefined {
    const value = this.optionalString(field);
    if (value === undefined) return undefined;
    if (value.length === 0 || value.length > MAX_SEALED_TOKEN_LENGTH) throw this.#malformed(field);
    return AccessToken.sealed(value);
  }

  number(field: string): number {
    const value = this.raw[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw this.#malformed(field);
    return value;
  }

  date(field: string): Date {
    const value = this.optionalDate(field);
    if (value === undefined) throw this.#malformed(field);
    return value;
  }

  optionalDate(field: string): Date | undefined {
    const text = this.optionalString(field);
    if (text === undefined) return undefined;
    const date = new Date(text);
    if (Number.isNaN(date.getTime())) throw this.#malformed(field);
    return date;
  }

  state(field: string): AssociationState {
    const state = this.optionalState(field);
    if (state === undefined) throw this.#malformed(field);
    return state;
  }

  optionalState(field: string): AssociationState | undefined {
    const value = this.optionalString(field);
    if (value === undefined) return undefined;
    const known = ASSOCIATION_STATES.find((state) => state === value);
    if (known === undefined) throw this.#malformed(field);
    return known;
  }

  optionalMap(field: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.raw[field];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'object' || Array.isArray(value)) throw this.#malformed(field);
    return value as Record<string, unknown>;
  }

  optionalStringMap(field: string): Readonly<Record<string, string>> | undefined {
    const map = this.optionalMap(field);
    if (map === undefined) return undefined;
    if (Object.values(map).some((value) => typeof value !== 'string')) throw this.#malformed(field);
    return map as Readonly<Record<string, string>>;
  }

  #malformed(field: string): MalformedAccountLinkItem {
    return new MalformedAccountLinkItem(this.associationId, `${this.prefix}${field}`);
  }
}
