// Run where c2c-account-linking was installed with --omit=optional (no oidc-provider, no dynalite): the
// production path must load and answer, and the embedded store must say which package it needs. Prints
// one JSON line for the test to read.
import { generateKeyPairSync, sign } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';

const { createConnector, loadConfig, openAccountLinkStore, OptionalDependencyMissing, SystemClock } = await import('c2c-account-linking');

// An issuer of our own: a key set on 127.0.0.1 and an RS256 access token signed with its key.
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwks = { keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'probe-key', alg: 'RS256', use: 'sig' }] };
const keySet = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks));
});
await new Promise((resolve) => keySet.listen(0, '127.0.0.1', resolve));
const issuer = 'https://idp.acme.example';
const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const now = Math.floor(Date.now() / 1000);
const signed = `${part({ alg: 'RS256', kid: 'probe-key', typ: 'JWT' })}.${part({ iss: issuer, aud: 'acme-connector', sub: 'ann-1', iat: now, exp: now + 300 })}`;
const token = `${signed}.${sign('sha256', Buffer.from(signed), privateKey).toString('base64url')}`;

const config = loadConfig({
  LOG_LEVEL: 'silent',
  C2C_JWKS_URI: `http://127.0.0.1:${keySet.address().port}/jwks`,
  C2C_JWT_ISSUER: issuer,
  C2C_JWT_AUDIENCE: 'acme-connector',
});
const { handler } = createConnector(config);
const activation = await handler({
  header: { auth: { token, type: 'OAuth2.0' } },
  payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: 'acme-connector' },
});
keySet.close();

let embeddedStore;
try {
  const storage = await openAccountLinkStore({ kind: 'embedded', dataDir: 'data', tableName: 'links', encryptionKey: undefined }, { ensureTable: true, clock: new SystemClock() });
  await storage.close();
  embeddedStore = { opened: true };
} catch (error) {
  embeddedStore = {
    name: error.name,
    isOptionalDependencyMissing: error instanceof OptionalDependencyMissing,
    packageName: error.packageName,
    message: error.message,
  };
}

process.stdout.write(`${JSON.stringify({ activation, embeddedStore, dataFolderCreated: existsSync('data') })}\n`);
