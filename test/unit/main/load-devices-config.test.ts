import { expect } from 'chai';
import { ConfigurationError } from '#main/config/configuration-error.js';
import { loadConfig } from '#main/config/load-config.js';

const jwtEnv = {
  C2C_JWKS_URI: 'https://idp.example.com/.well-known/jwks.json',
  C2C_JWT_ISSUER: 'https://idp.example.com/',
  C2C_JWT_AUDIENCE: 'connector-api',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...jwtEnv, ...env });
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigurationError);
    return (error as ConfigurationError).problems.map((p) => `${p.variable}: ${p.problem}`);
  }
  expect.fail('loadConfig accepted the environment');
}

describe('loadConfig: the device operations (C2C_DEVICE_API_URL, C2C_EVENTS_SINK, C2C_EVENTS_URL)', () => {
  it('leaves them off when none is set', () => {
    expect(loadConfig(jwtEnv).devices).to.equal(undefined);
  });

  it('sends events to managed integrations in AWS_REGION by default', () => {
    const { devices } = loadConfig({ ...jwtEnv, C2C_DEVICE_API_URL: 'https://api.acme.example/v1', AWS_REGION: 'eu-west-1' });
    expect(devices).to.deep.equal({
      deviceApiUrl: 'https://api.acme.example/v1',
      events: { kind: 'aws', region: 'eu-west-1', url: 'https://api.iotmanagedintegrations.eu-west-1.api.aws' },
    });
  });

  it('lets C2C_EVENTS_URL replace the regional endpoint of the aws sink', () => {
    const { devices } = loadConfig({ ...jwtEnv, C2C_DEVICE_API_URL: 'https://api.acme.example', C2C_EVENTS_SINK: 'aws', AWS_REGION: 'us-east-1', C2C_EVENTS_URL: 'http://127.0.0.1:4000' });
    expect(devices?.events).to.deep.equal({ kind: 'aws', region: 'us-east-1', url: 'http://127.0.0.1:4000' });
  });

  it('sends events to an emulator, unsigned, when C2C_EVENTS_URL is set', () => {
    const { devices } = loadConfig({ ...jwtEnv, C2C_DEVICE_API_URL: 'https://api.acme.example', C2C_EVENTS_URL: 'http://127.0.0.1:8080' });
    expect(devices?.events).to.deep.equal({ kind: 'http', url: 'http://127.0.0.1:8080' });
  });

  it('names what is missing or wrong', () => {
    expect(problemsOf({ C2C_DEVICE_API_URL: 'https://api.acme.example' })).to.deep.equal([
      'AWS_REGION: is required to send connector events to managed integrations (C2C_EVENTS_SINK=aws)',
    ]);
    expect(problemsOf({ C2C_DEVICE_API_URL: 'https://api.acme.example', AWS_REGION: 'Virginia' })).to.deep.equal(['AWS_REGION: must be a region name such as us-east-1']);
    expect(problemsOf({ C2C_DEVICE_API_URL: 'https://api.acme.example', C2C_EVENTS_SINK: 'http' })[0]).to.match(/^C2C_EVENTS_URL: is required for C2C_EVENTS_SINK=http/);
    expect(problemsOf({ C2C_DEVICE_API_URL: 'https://api.acme.example', C2C_EVENTS_SINK: 'sqs', AWS_REGION: 'us-east-1' })).to.deep.equal(['C2C_EVENTS_SINK: must be one of aws, http']);
    expect(problemsOf({ C2C_DEVICE_API_URL: 'http://api.acme.example', C2C_EVENTS_URL: 'http://127.0.0.1:1' })[0]).to.match(/^C2C_DEVICE_API_URL: /);
  });
});
