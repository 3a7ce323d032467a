import { randomBytes } from 'node:crypto';
import type { Container } from 'inversify';
import type { FastifyServer } from '#adapters/http/fastify-server.js';
import { InMemoryAccountLinkRepository } from '#adapters/persistence/in-memory-account-link-repository.js';
import type { ConnectorClient } from '#application/ports/connector-client.js';
import type { TokenExchanger } from '#application/ports/token-exchanger.js';
import { loadConfig } from '#main/config/load-config.js';
import { createConnector } from '#main/create-connector.js';
import { MemoryLog } from './memory-log.js';

export const LINKING_REDIRECT_URL = 'https://app.example.com/linked?from=test';
export const CLIENT_SECRET = 'client-secret-7f3a9c1e5b';
const TEST_TOKEN_KEY = randomBytes(32).toString('base64url');

export interface LinkingServiceUnderTest {
  readonly container: Container;
  readonly server: FastifyServer;
  readonly links: InMemoryAccountLinkRepository;
  readonly log: MemoryLog;
}

/**
 * The service every entry composes, with the linking flow on, links in memory, and the token exchange and
 * connector given by the test (stubs, or adapters on loopback servers).
 */
export async function linkingServiceWith(
  ports: { readonly exchanger?: TokenExchanger; readonly connector?: ConnectorClient },
  env: Readonly<Record<string, string>> = {},
): Promise<LinkingServiceUnderTest> {
  const links = new InMemoryAccountLinkRepository();
  const log = new MemoryLog();
  const connector = createConnector(
    loadConfig({
      LOG_LEVEL: 'silent',
      C2C_USERINFO_URL: 'http://127.0.0.1:9/userinfo',
      C2C_AUTHORIZATION_URL: 'https://idp.example.com/authorize',
      C2C_TOKEN_URL: 'https://idp.example.com/token',
      C2C_CLIENT_ID: 'client-1',
      C2C_CLIENT_SECRET: CLIENT_SECRET,
      C2C_CALLBACK_URL: 'https://connector.example.com/oauth/callback',
      C2C_OAUTH_REDIRECT_URL: LINKING_REDIRECT_URL,
      C2C_DEADLINE_MS: '200',
      C2C_TOKEN_ENCRYPTION_KEY: TEST_TOKEN_KEY,
      ...env,
    }),
    {
      ports: {
        accountLinkRepository: links,
        logger: log.logger,
        ...(ports.exchanger === undefined ? {} : { tokenExchanger: ports.exchanger }),
        ...(ports.connector === undefined ? {} : { connectorClient: ports.connector }),
      },
    },
  );
  const server = await connector.server();
  await server.ready();
  return { container: connector.container, server, links, log };
}
