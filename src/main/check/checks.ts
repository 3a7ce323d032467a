import { CheckContext, CheckFailed, CheckSkipped, answeredEnvelope, describeOutcome, expectRefusal, expectSuccess, isRecord, userIdOf } from './check-context.js';
import type { Invocation, InvocationOutcome } from './connector-target.js';

/** One expectation of the managed-integrations contract, with where it is written. */
export interface Check {
  /** Stable, kebab-case: what `--only` and `--skip` name and what CI reports key on. */
  readonly id: string;
  readonly description: string;
  /** The contract text it comes from. */
  readonly source: string;
  /** A failed required check fails the run; an optional one is reported only. */
  readonly required: boolean;
  /** Resolves when the expectation holds; rejects with CheckFailed or CheckSkipped. */
  run(context: CheckContext): Promise<void>;
}

const USER_ID_RULE = /^[a-zA-Z0-9_.,@-]{1,64}$/;
const EMAIL_SHAPE = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const RETRIES = 5;
/** How long an event may take to arrive after the acknowledgement. */
const EVENT_WAIT_MS = 3000;

const DESIGN_1 = 'DESIGN.md §1';
const MI_API_9 = 'MI-API.md §9';

function responseMessageOf(payload: Readonly<Record<string, unknown>> | undefined): unknown {
  return payload?.['responseMessage'];
}

/** Whether any sent token, or the signature part of a JWT (what makes a token usable), shows in the text. */
function leaksToken(text: string, tokens: readonly string[]): boolean {
  return tokens.some((token) => {
    if (token.length >= 8 && text.includes(token)) return true;
    const signature = token.split('.')[2];
    return signature !== undefined && signature.length >= 16 && text.includes(signature);
  });
}

function outcomeText(outcome: InvocationOutcome): string {
  if (outcome.kind === 'answered') return outcome.text;
  if (outcome.kind === 'threw') return `${outcome.errorName}\n${outcome.errorMessage}`;
  if (outcome.kind === 'crashed') return outcome.reason;
  return '';
}

async function refused(context: CheckContext, invocation: Invocation, what: string): Promise<void> {
  expectRefusal(await context.answer(invocation, what), what);
}

async function requireToken(sample: Promise<string | undefined>, flag: string): Promise<string> {
  const token = await sample;
  if (token === undefined) throw new CheckSkipped(`no sample token: pass ${flag}`);
  return token;
}

export const CHECKS: readonly Check[] = [
  {
    id: 'activate-valid-token',
    description: 'ActivateUser with a valid token answers responseCode 200 and a userId',
    source: `${DESIGN_1} "ActivateUser success"; ${MI_API_9}.1`,
    required: true,
    run: async (context) => {
      userIdOf((await context.activation('first')).answer, 'ActivateUser with a valid token');
    },
  },
  {
    id: 'activate-user-id-format',
    description: 'the userId is 1-64 characters of [a-zA-Z0-9_.,@-] (SendConnectorEvent.UserId)',
    source: `${DESIGN_1} "The userId is later sent ... in SendConnectorEvent.UserId"; MI-API.md §7`,
    required: true,
    run: async (context) => {
      const userId = userIdOf((await context.activation('first')).answer, 'ActivateUser with a valid token');
      if (!USER_ID_RULE.test(userId)) {
        const outside = [...new Set(userId.replace(/[a-zA-Z0-9_.,@-]/g, ''))].map((c) => JSON.stringify(c)).join(' ');
        throw new CheckFailed(`userId has ${userId.length} characters${outside === '' ? '' : `, including ${outside.slice(0, 40)}`}: expected 1-64 of [a-zA-Z0-9_.,@-]`);
      }
    },
  },
  {
    id: 'activate-user-id-not-email',
    description: 'the userId is not an email address (it is personal data, and it changes when the user changes it)',
    source: `${DESIGN_1} "stable and globally unique (an issuer-scoped id is safest)"`,
    required: true,
    run: async (context) => {
      const userId = userIdOf((await context.activation('first')).answer, 'ActivateUser with a valid token');
      if (EMAIL_SHAPE.test(userId)) throw new CheckFailed('userId is email-shaped: answer the account id (sub), not the email');
    },
  },
  {
    id: 'activate-response-message',
    description: 'the ActivateUser answer has a payload.responseMessage',
    source: `${DESIGN_1} "ActivateUser success"; ${MI_API_9}.1`,
    required: true,
    run: async (context) => {
      const { answer } = await context.activation('first');
      expectSuccess(answer, 'ActivateUser with a valid token');
      const message = responseMessageOf(answer.payload);
      if (typeof message !== 'string' || message.trim() === '') throw new CheckFailed('payload.responseMessage is missing or empty');
    },
  },
  {
    id: 'activate-retries-stable',
    description: `the same ActivateUser sent ${RETRIES} more times (retries) answers 200 and the same userId each time`,
    source: `${MI_API_9} "A failed invocation is retried 5 times"; ${DESIGN_1} "stable"`,
    required: true,
    run: async (context) => {
      const first = await context.activation('first');
      const userId = userIdOf(first.answer, 'ActivateUser with a valid token');
      for (let attempt = 1; attempt <= RETRIES; attempt += 1) {
        const again = userIdOf(await context.answer({ event: first.envelope }, `repeat ${attempt}`), `repeat ${attempt}`);
        if (again !== userId) throw new CheckFailed(`repeat ${attempt} answered another userId than the first answer`);
      }
    },
  },
  {
    id: 'activate-stable-across-tokens',
    description: 'another token of the same user gives the same userId; a token of another user, another userId',
    source: `${DESIGN_1} "It must be stable and globally unique"; ${MI_API_9}.1`,
    required: true,
    run: async (context) => {
      const userId = userIdOf((await context.activation('first')).answer, 'ActivateUser with a valid token');
      const again = userIdOf((await context.activation('first-again')).answer, 'ActivateUser with a second token of the user');
      if (again !== userId) throw new CheckFailed('a second token of the same user answered another userId');
      if (!context.tokens.hasSecondUser) return;
      const other = userIdOf((await context.activation('second', 'second')).answer, 'ActivateUser with a token of another user');
      if (other === userId) throw new CheckFailed('a token of another user answered the same userId');
    },
  },
  {
    id: 'activate-operation-versions',
    description: 'ActivateUser is answered 200 with operationVersion "1.0.0" and with "1.0"',
    source: `${DESIGN_1} "operationVersion is "1.0" in other operations' examples: accept both"; ${MI_API_9}`,
    required: true,
    run: async (context) => {
      const token = await context.tokens.validToken('first');
      for (const operationVersion of ['1.0.0', '1.0']) {
        const what = `ActivateUser with operationVersion "${operationVersion}"`;
        expectSuccess(await context.answer({ event: context.envelope('AWS.ActivateUser', token, { operationVersion }) }, what), what);
      }
    },
  },
  {
    id: 'activate-event-forms',
    description: 'ActivateUser is answered 200 for the event as a JSON string and as an object',
    source: `${MI_API_9} "invoke ... with a JSON string payload"; DESIGN.md §3 "event may be an object or a JSON string"`,
    required: true,
    run: async (context) => {
      const token = await context.tokens.validToken('first');
      const envelope = context.envelope('AWS.ActivateUser', token);
      for (const form of ['json-string', 'object'] as const) {
        const what = `ActivateUser with the event as ${form === 'object' ? 'an object' : 'a JSON string'}`;
        expectSuccess(await context.answer({ event: envelope, form }, what), what);
      }
    },
  },
  {
    id: 'token-invalid',
    description: 'a token with a bad signature is answered with a 4xx responseCode, not thrown',
    source: `${DESIGN_1} INVALID_TOKEN; ${MI_API_9} "A failed invocation is retried 5 times"`,
    required: true,
    run: async (context) => {
      const token = await requireToken(context.tokens.invalidToken(), '--invalid-token');
      await refused(context, { event: context.envelope('AWS.ActivateUser', token) }, 'ActivateUser with an invalid token');
    },
  },
  {
    id: 'token-expired',
    description: 'an expired token is answered with a 4xx responseCode, not thrown',
    source: `${DESIGN_1} EXPIRED_TOKEN; ${MI_API_9} "A failed invocation is retried 5 times"`,
    required: true,
    run: async (context) => {
      const token = await requireToken(context.tokens.expiredToken(), '--expired-token');
      await refused(context, { event: context.envelope('AWS.ActivateUser', token) }, 'ActivateUser with an expired token');
    },
  },
  {
    id: 'token-malformed',
    description: 'malformed tokens (not a JWT, three bad segments, empty) are answered with a 4xx, not thrown',
    source: `${DESIGN_1} INVALID_TOKEN, INVALID_REQUEST "token empty"`,
    required: true,
    run: async (context) => {
      for (const [name, token] of [['not a JWT', 'not-a-token'], ['three bad segments', 'abc.def.ghi'], ['empty', '']] as const) {
        await refused(context, { event: context.envelope('AWS.ActivateUser', token) }, `ActivateUser with a token that is ${name}`);
      }
    },
  },
  {
    id: 'no-token-in-answers',
    description: 'no answer or error message contains the token it was sent (valid, invalid, expired, malformed)',
    source: `${DESIGN_1} "responseMessage: human text, no secrets"`,
    required: true,
    run: async (context) => {
      const samples: string[] = [await context.tokens.validToken('first'), 'c2c-check-opaque-token-0123456789abcdef'];
      for (const sample of [await context.tokens.invalidToken(), await context.tokens.expiredToken()]) if (sample !== undefined) samples.push(sample);
      for (const token of samples) {
        for (const operationName of ['AWS.ActivateUser', 'AWS.DeactivateUser']) {
          const outcome = await context.invoke({ event: context.envelope(operationName, token) });
          if (outcome.kind === 'timed-out' || outcome.kind === 'crashed') throw new CheckFailed(`${operationName}: ${describeOutcome(outcome)}`);
          if (leaksToken(outcomeText(outcome), [token])) {
            throw new CheckFailed(`${operationName}: the ${outcome.kind === 'threw' ? 'error' : 'answer'} contains the token it was sent`);
          }
        }
      }
    },
  },
  {
    id: 'unknown-operation',
    description: 'an operation the connector does not know is answered with a 4xx, not thrown',
    source: `${MI_API_9} "An unknown name raises a ValidationException"; ${DESIGN_1} UNSUPPORTED_OPERATION`,
    required: true,
    run: async (context) => {
      const token = await context.tokens.validToken('first');
      await refused(context, { event: context.envelope('AWS.NoSuchOperation', token) }, 'operationName AWS.NoSuchOperation');
    },
  },
  {
    id: 'malformed-envelopes',
    description: 'malformed envelopes (not JSON, not an object, no header, no operationName, a token that is no string) get a 4xx, no crash',
    source: `${DESIGN_1} INVALID_REQUEST "envelope malformed"`,
    required: true,
    run: async (context) => {
      const valid = context.envelope('AWS.ActivateUser', 'c2c-check-opaque-token-0123456789abcdef');
      const cases: readonly [string, Invocation][] = [
        ['text that is not JSON', { event: undefined, raw: '{"header": {' }],
        ['a JSON array', { event: [valid] }],
        ['an empty object', { event: {} }],
        ['no header', { event: { payload: valid.payload } }],
        ['no operationName', { event: { header: valid.header, payload: { connectorId: context.connectorId, operationVersion: '1.0.0' } } }],
        ['a token that is a number', { event: { header: { auth: { token: 42, type: 'OAuth2.0' } }, payload: valid.payload } }],
      ];
      for (const [name, invocation] of cases) await refused(context, invocation, `an envelope with ${name}`);
    },
  },
  {
    id: 'slow-upstream-budget',
    description: 'with the key set and userinfo answering after 2.5 s, ActivateUser still ends within 2 s (an answer or a retryable error)',
    source: `${MI_API_9} "Each invocation has a 2-second timeout"; DESIGN.md §2 C2C_DEADLINE_MS`,
    required: true,
    run: async (context) => {
      const slow = context.tokens.slowUpstream;
      if (slow === undefined) throw new CheckSkipped('only the embedded authorization server can be made slow');
      const token = await slow.begin();
      try {
        const outcome = await context.invoke({ event: context.envelope('AWS.ActivateUser', token) });
        if (outcome.kind === 'timed-out' || outcome.kind === 'crashed') {
          throw new CheckFailed(`ActivateUser while the upstream takes ${slow.delayMs} ms: ${describeOutcome(outcome)}`);
        }
        if (outcome.kind === 'answered') answeredEnvelope(outcome, `ActivateUser while the upstream takes ${slow.delayMs} ms`);
      } finally {
        slow.end();
      }
    },
  },
  {
    id: 'deactivate-user',
    description: 'DeactivateUser is answered 200, and 200 again when repeated (idempotent)',
    source: `${MI_API_9}.4 "The connector then ACKs"; ${MI_API_9} retries`,
    required: true,
    run: async (context) => {
      const token = await context.tokens.validToken('first');
      const envelope = context.envelope('AWS.DeactivateUser', token);
      expectSuccess(await context.answer({ event: envelope }, 'DeactivateUser'), 'DeactivateUser');
      expectSuccess(await context.answer({ event: envelope }, 'DeactivateUser repeated'), 'DeactivateUser repeated');
    },
  },
  {
    id: 'discover-devices-ack',
    description: 'DiscoverDevices is acknowledged: responseCode 200, not thrown',
    source: `${MI_API_9}.2 "replies to the Invoke with an ACK"`,
    required: true,
    run: async (context) => {
      const token = await context.tokens.validToken('first');
      const what = 'DiscoverDevices';
      expectSuccess(await context.answer({ event: context.envelope('AWS.DiscoverDevices', token, { payload: { deviceDiscoveryId: discoveryId() } }) }, what), what);
    },
  },
  {
    id: 'discover-devices-event',
    description: 'after DiscoverDevices, a DEVICE_DISCOVERY SendConnectorEvent with its deviceDiscoveryId and the userId arrives',
    source: `${MI_API_9}.2 "Later the connector sends SendConnectorEvent(Operation=DEVICE_DISCOVERY, ...)"; MI-API.md §7`,
    required: false,
    run: async (context) => {
      const sink = requireSink(context);
      const { answer } = await context.activation('first');
      const userId = userIdOf(answer, 'ActivateUser with a valid token');
      const token = await context.tokens.validToken('first');
      const id = discoveryId();
      expectSuccess(await context.answer({ event: context.envelope('AWS.DiscoverDevices', token, { payload: { deviceDiscoveryId: id } }) }, 'DiscoverDevices'), 'DiscoverDevices');
      const event = await sink.waitFor((received) => isRecord(received.body) && received.body['DeviceDiscoveryId'] === id, EVENT_WAIT_MS);
      if (event === undefined) throw new CheckFailed(`no DEVICE_DISCOVERY event for the deviceDiscoveryId within ${EVENT_WAIT_MS} ms`);
      const body = event.body as Readonly<Record<string, unknown>>;
      if (event.connectorId !== context.connectorId) throw new CheckFailed('the event went to another ConnectorId than the request named');
      if (body['Operation'] !== 'DEVICE_DISCOVERY') throw new CheckFailed('the event\'s Operation is not DEVICE_DISCOVERY');
      if (body['UserId'] !== userId) throw new CheckFailed('the event\'s UserId is not the userId ActivateUser answered');
      const devices = body['Devices'];
      if (!Array.isArray(devices)) throw new CheckFailed('the event has no Devices list');
      if (!devices.every((device) => isRecord(device) && typeof device['ConnectorDeviceId'] === 'string')) {
        throw new CheckFailed('a device of the event has no ConnectorDeviceId');
      }
    },
  },
  {
    id: 'send-command-ack',
    description: 'SendCommand is acknowledged: responseCode 200, not thrown',
    source: `${MI_API_9}.3 "returns an ACK as the initial synchronous response"`,
    required: true,
    run: async (context) => {
      const device = await commandDevice(context);
      const token = await context.tokens.validToken('first');
      const what = 'SendCommand';
      expectSuccess(await context.answer({ event: context.envelope('AWS.SendCommand', token, { payload: commandPayload(traceId(), device) }) }, what), what);
    },
  },
  {
    id: 'send-command-event',
    description: 'after SendCommand (a Toggle of a discovered On/Off device), a DEVICE_COMMAND_RESPONSE SendConnectorEvent with its traceId, the userId and the device arrives',
    source: `${MI_API_9}.3 "the connector sends SendConnectorEvent(Operation=DEVICE_COMMAND_RESPONSE, TraceId=<original>)"`,
    required: false,
    run: async (context) => {
      const sink = requireSink(context);
      const userId = userIdOf((await context.activation('first')).answer, 'ActivateUser with a valid token');
      const device = await commandDevice(context);
      const token = await context.tokens.validToken('first');
      const id = traceId();
      expectSuccess(await context.answer({ event: context.envelope('AWS.SendCommand', token, { payload: commandPayload(id, device) }) }, 'SendCommand'), 'SendCommand');
      const event = await sink.waitFor((received) => isRecord(received.body) && received.body['TraceId'] === id, EVENT_WAIT_MS);
      if (event === undefined) throw new CheckFailed(`no DEVICE_COMMAND_RESPONSE event for the traceId within ${EVENT_WAIT_MS} ms`);
      const body = event.body as Readonly<Record<string, unknown>>;
      if (event.connectorId !== context.connectorId) throw new CheckFailed('the event went to another ConnectorId than the request named');
      if (body['Operation'] !== 'DEVICE_COMMAND_RESPONSE') throw new CheckFailed('the event\'s Operation is not DEVICE_COMMAND_RESPONSE');
      if (body['UserId'] !== userId) throw new CheckFailed('the event\'s UserId is not the userId ActivateUser answered');
      if (body['ConnectorDeviceId'] !== device.connectorDeviceId) throw new CheckFailed('the event\'s ConnectorDeviceId is not the device the command named');
      // A Toggle of an On/Off device the connector itself reported must succeed; an unknown device may be refused.
      if (device.discovered && body['StatusCode'] !== 200) {
        throw new CheckFailed(`the event's StatusCode is ${JSON.stringify(body['StatusCode'] ?? null).slice(0, 16)} for a Toggle of a discovered On/Off device, expected 200`);
      }
    },
  },
  {
    id: 'general-authorization',
    description: 'a General Authorization ActivateUser (a Secrets Manager reference) is answered or refused in an envelope, not thrown',
    source: `${MI_API_9} "The connector must accept both and branch on auth.type"; ${DESIGN_1} "GeneralAuthorization"`,
    required: true,
    run: async (context) => {
      const event = {
        header: {
          auth: {
            type: 'GeneralAuthorization',
            secretsManager: {
              arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:c2c-check-credential-AbCdEf',
              versionId: 'c2c0check-90ab-cdef-fedc-ba9870000001',
            },
          },
        },
        payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: context.connectorId },
      };
      await context.answer({ event }, 'ActivateUser with General Authorization');
    },
  },
];

function requireSink(context: CheckContext): NonNullable<CheckContext['sink']> {
  if (context.sink === undefined) throw new CheckSkipped('no event sink (the emulator\'s SendConnectorEvent endpoint) for this target');
  return context.sink;
}

function discoveryId(): string {
  return `check${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;
}

function traceId(): string {
  return `check-trace-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

/** The device and endpoint a SendCommand check addresses. */
interface CommandDevice {
  readonly connectorDeviceId: string;
  readonly endpointId: string;
  /** Whether the connector reported it (with an On/Off cluster) in a DEVICE_DISCOVERY event. */
  readonly discovered: boolean;
}

/** A device no platform has: without a discovery, the command's acknowledgement is all the checks can ask. */
const UNKNOWN_DEVICE: CommandDevice = { connectorDeviceId: 'c2c-check-device-1', endpointId: '1', discovered: false };
const ON_OFF_CLUSTER = '0x0006';
const commandDevices = new WeakMap<CheckContext, Promise<CommandDevice>>();

/**
 * An On/Off device of the first user, as the connector's own DEVICE_DISCOVERY reports it (one discovery per
 * run), so that the command reaches a real device; a connector that reports none is sent UNKNOWN_DEVICE.
 */
function commandDevice(context: CheckContext): Promise<CommandDevice> {
  let device = commandDevices.get(context);
  if (device === undefined) {
    device = discoverOnOffDevice(context).catch(() => undefined).then((found) => found ?? UNKNOWN_DEVICE);
    commandDevices.set(context, device);
  }
  return device;
}

async function discoverOnOffDevice(context: CheckContext): Promise<CommandDevice | undefined> {
  const sink = context.sink;
  if (sink === undefined) return undefined;
  const token = await context.tokens.validToken('first');
  const id = discoveryId();
  const outcome = await context.invoke({ event: context.envelope('AWS.DiscoverDevices', token, { payload: { deviceDiscoveryId: id } }) });
  if (outcome.kind !== 'answered') return undefined;
  const event = await sink.waitFor((received) => isRecord(received.body) && received.body['DeviceDiscoveryId'] === id, EVENT_WAIT_MS);
  const devices = isRecord(event?.body) && Array.isArray(event.body['Devices']) ? (event.body['Devices'] as unknown[]) : [];
  for (const device of devices) {
    if (!isRecord(device) || typeof device['ConnectorDeviceId'] !== 'string') continue;
    const report = device['CapabilityReport'];
    const endpoints = isRecord(report) && Array.isArray(report['endpoints']) ? (report['endpoints'] as unknown[]) : [];
    for (const endpoint of endpoints) {
      if (!isRecord(endpoint) || typeof endpoint['id'] !== 'string' || !Array.isArray(endpoint['clusters'])) continue;
      if ((endpoint['clusters'] as unknown[]).some((cluster) => isRecord(cluster) && cluster['id'] === ON_OFF_CLUSTER)) {
        return { connectorDeviceId: device['ConnectorDeviceId'], endpointId: endpoint['id'], discovered: true };
      }
    }
  }
  return undefined;
}

/**
 * Gap 1 of MI-API.md §11: the request's field list is not published; these follow the guide's prose (§9.3) and
 * SendManagedThingCommand's `Endpoints` with its constraints (a capability's `version` is a whole number), as
 * README "Devices" writes them.
 */
function commandPayload(trace: string, device: CommandDevice): Readonly<Record<string, unknown>> {
  return {
    traceId: trace,
    connectorDeviceId: device.connectorDeviceId,
    endpoints: [{ endpointId: device.endpointId, capabilities: [{ id: 'matter.OnOff@1.4', name: 'On/Off', version: '6', actions: [{ name: 'Toggle' }] }] }],
  };
}
