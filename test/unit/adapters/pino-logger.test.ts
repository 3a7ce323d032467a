import { expect } from 'chai';
import { PinoLogger, withoutSecretFields } from '#adapters/logging/pino-logger.js';

function lines(write: (logger: PinoLogger) => void): Record<string, unknown>[] {
  const written: string[] = [];
  write(PinoLogger.create({ level: 'debug', destination: { write: (line: string) => void written.push(line) } }));
  return written.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('PinoLogger redaction', () => {
  it('censors every field named as a secret, whatever its case, in lines and in child bindings', () => {
    const [line] = lines((logger) =>
      logger.child({ Authorization: 'Basic czZCaGRSa3F0MzpnWDFmQmF0M2JW', correlationId: 'c-1' }).info('callback', {
        code: 'SplxlOBeZQQYbYS6WxSbIA',
        STATE: 'af0ifjsldkj',
        client_secret: 'p@ssw0rd-not-a-jwt',
        refreshToken: 'tGzv3JOkF0XG5Qx2TlKWIA',
        outcome: 'ok',
      }),
    );
    expect(line).to.include({
      Authorization: '[REDACTED]',
      code: '[REDACTED]',
      STATE: '[REDACTED]',
      client_secret: '[REDACTED]',
      refreshToken: '[REDACTED]',
      correlationId: 'c-1',
      outcome: 'ok',
    });
  });

  it('masks a token by its shape in a field nobody named as secret', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl';
    const [line] = lines((logger) => logger.warn('odd', { note: `got ${jwt}`, header: 'Bearer abc.def' }));
    expect(JSON.stringify(line)).to.not.contain(jwt).and.not.contain('abc.def');
  });

  it('hands fields without secrets on as they are, and never changes the caller\'s object', () => {
    const plain = { correlationId: 'c-2', durationMs: 3 };
    expect(withoutSecretFields(plain)).to.equal(plain);
    const withSecret = { token: 'opaque-token-value', durationMs: 3 };
    expect(withoutSecretFields(withSecret)).to.deep.equal({ token: '[REDACTED]', durationMs: 3 });
    expect(withSecret.token).to.equal('opaque-token-value');
  });
});
