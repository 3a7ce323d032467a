import { expect } from 'chai';
import { PinoLogger } from '#adapters/logging/pino-logger.js';

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

  it('never changes the caller\'s fields, and writes pino\'s line: level, time, service, bindings, fields, msg', () => {
    const withSecret = { token: 'opaque-token-value', durationMs: 3, skipped: undefined, ratio: Number.NaN, cacheHit: false };
    const written: string[] = [];
    PinoLogger.create({ destination: { write: (line: string) => void written.push(line) } }).child({ entry: 'lambda' }).info('connector invocation', withSecret);
    expect(withSecret.token).to.equal('opaque-token-value');
    expect(written).to.have.length(1);
    expect(written[0]).to.match(/^\{"level":30,"time":\d+,"service":"c2c-account-linking","entry":"lambda","token":"\[REDACTED\]","durationMs":3,"ratio":null,"cacheHit":false,"msg":"connector invocation"\}\n$/);
  });

  it('writes nothing below its level, and every level from it up', () => {
    const written: string[] = [];
    const logger = PinoLogger.create({ level: 'warn', destination: { write: (line: string) => void written.push(line) } });
    logger.debug('d');
    logger.info('i');
    logger.warn('w', { n: 1 });
    logger.error('e');
    expect(written.map((line) => (JSON.parse(line) as { level: number; msg: string }).msg)).to.deep.equal(['w', 'e']);
    expect(written.map((line) => (JSON.parse(line) as { level: number }).level)).to.deep.equal([40, 50]);
  });

  it('escapes what a value holds, so that the line stays one JSON object', () => {
    const [line] = lines((logger) => logger.info('quote " and \\ and\nnewline', { note: '"}\n{"level":60', emoji: 'é\u{1F600}\uD800' }));
    expect(line).to.include({ msg: 'quote " and \\ and\nnewline', note: '"}\n{"level":60', emoji: 'é\u{1F600}\uD800' });
  });
});
