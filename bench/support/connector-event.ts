export const BENCH_CONNECTOR_ID = 'bench-connector';

/** The envelope managed integrations sends for AWS.ActivateUser. */
export function activateUserEvent(token: string): Record<string, unknown> {
  return {
    header: { auth: { token, type: 'OAuth2.0' } },
    payload: { operationName: 'AWS.ActivateUser', operationVersion: '1.0.0', connectorId: BENCH_CONNECTOR_ID },
  };
}

export interface EnvelopeLike {
  readonly header: { readonly responseCode: number };
  readonly payload: { readonly userId?: string; readonly errorCode?: string; readonly responseMessage?: string };
}

/** A benchmark that measures error answers measures the wrong thing: stop at the first one. */
export function expectActivated(answer: EnvelopeLike): void {
  if (answer.header.responseCode !== 200 || answer.payload.userId === undefined) {
    throw new Error(`ActivateUser did not succeed: ${answer.header.responseCode} ${answer.payload.errorCode ?? ''} ${answer.payload.responseMessage ?? ''}`);
  }
}
