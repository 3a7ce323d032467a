import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { TMP_DIR } from './paths.js';

export interface TlsMaterial {
  readonly key: Buffer;
  readonly cert: Buffer;
  /** For NODE_EXTRA_CA_CERTS in the child processes. */
  readonly certPath: string;
}

/** A self-signed certificate for 127.0.0.1 (openssl), so that cold starts fetch keys over https as in production. */
export function loopbackTls(): TlsMaterial {
  const dir = `${TMP_DIR}/tls`;
  const keyPath = `${dir}/key.pem`;
  const certPath = `${dir}/cert.pem`;
  if (!existsSync(keyPath) || !existsSync(certPath)) {
    mkdirSync(dir, { recursive: true });
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath,
      '-days', '30', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    ], { stdio: 'ignore' });
  }
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), certPath };
}
