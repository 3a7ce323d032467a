import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

/** Models whose records are revoked together when their grant is revoked. */
const GRANT_BOUND_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

interface StoredRecord {
  readonly payload: AdapterPayload;
  readonly expiresAt: number;
}

/**
 * Storage for one server instance, so that two development servers in one process (tests) never share
 * state, and so that oidc-provider does not warn about its own quick-start adapter.
 */
export function createInMemoryOidcAdapter(): AdapterFactory {
  const records = new Map<string, StoredRecord>();
  const sessionsByUid = new Map<string, string>();
  const userCodes = new Map<string, string>();
  const grantMembers = new Map<string, Set<string>>();
  let writesSinceSweep = 0;

  // A sandbox may run for days: drop expired records now and then rather than only when read.
  const sweep = (): void => {
    writesSinceSweep = 0;
    const now = Date.now();
    for (const [key, stored] of records) if (stored.expiresAt <= now) records.delete(key);
    for (const [grantId, members] of grantMembers) {
      for (const key of members) if (!records.has(key)) members.delete(key);
      if (members.size === 0) grantMembers.delete(grantId);
    }
    for (const [uid, id] of sessionsByUid) if (!records.has(`Session:${id}`)) sessionsByUid.delete(uid);
    for (const [userCode, id] of userCodes) if (!records.has(`DeviceCode:${id}`)) userCodes.delete(userCode);
  };

  const read = (key: string): AdapterPayload | undefined => {
    const stored = records.get(key);
    if (stored === undefined) return undefined;
    if (stored.expiresAt <= Date.now()) {
      records.delete(key);
      return undefined;
    }
    return stored.payload;
  };

  return (model: string): Adapter => {
    const keyOf = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload, expiresIn) {
        writesSinceSweep += 1;
        if (writesSinceSweep >= 1000) sweep();
        const key = keyOf(id);
        const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
        records.set(key, { payload, expiresAt });
        if (model === 'Session' && typeof payload.uid === 'string') sessionsByUid.set(payload.uid, id);
        if (typeof payload.userCode === 'string') userCodes.set(payload.userCode, id);
        if (GRANT_BOUND_MODELS.has(model) && typeof payload.grantId === 'string') {
          const members = grantMembers.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grantMembers.set(payload.grantId, members);
        }
      },
      async find(id) {
        return read(keyOf(id));
      },
      async findByUid(uid) {
        const id = sessionsByUid.get(uid);
        return id === undefined ? undefined : read(keyOf(id));
      },
      async findByUserCode(userCode) {
        const id = userCodes.get(userCode);
        return id === undefined ? undefined : read(keyOf(id));
      },
      async consume(id) {
        const payload = read(keyOf(id));
        if (payload !== undefined) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        records.delete(keyOf(id));
      },
      async revokeByGrantId(grantId) {
        for (const key of grantMembers.get(grantId) ?? []) records.delete(key);
        grantMembers.delete(grantId);
      },
    };
  };
}
