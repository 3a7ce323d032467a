import { createHash } from 'node:crypto';
import { expect } from 'chai';
import { NodeSecretGenerator } from '#adapters/crypto/node-secret-generator.js';

describe('NodeSecretGenerator', () => {
  const secrets = new NodeSecretGenerator();

  it('makes 32-character alphanumeric association ids, all different', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => secrets.associationId()));
    expect(ids.size).to.equal(1000);
    for (const id of ids) expect(id).to.match(/^[A-Za-z0-9]{32}$/);
  });

  it('makes 256-bit URL-safe states', () => {
    expect(secrets.state()).to.match(/^[A-Za-z0-9_-]{43}$/);
  });

  it('makes RFC 7636 verifiers with their S256 challenge', () => {
    const { verifier, challenge } = secrets.pkce();
    expect(verifier).to.match(/^[A-Za-z0-9_-]{43,128}$/);
    expect(challenge).to.equal(createHash('sha256').update(verifier).digest('base64url'));
  });
});
