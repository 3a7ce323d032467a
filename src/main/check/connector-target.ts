/** How one invocation of the connector under test ended, as managed integrations would see it. */
export type InvocationOutcome =
  | { readonly kind: 'answered'; readonly ms: number; readonly text: string; readonly body: unknown; readonly httpStatus?: number }
  | { readonly kind: 'threw'; readonly ms: number; readonly errorName: string; readonly errorMessage: string }
  | { readonly kind: 'timed-out'; readonly ms: number }
  | { readonly kind: 'crashed'; readonly ms: number; readonly reason: string };

/** The event as managed integrations sends it (a JSON string), or as an object (what `sam local invoke` and tests pass). */
export type EventForm = 'json-string' | 'object';

export interface Invocation {
  /** An envelope (any JSON value) or, with `raw`, text that is sent as is (to test malformed payloads). */
  readonly event: unknown;
  readonly form?: EventForm;
  /** Text sent verbatim: the Lambda receives it as a string event, the URL as the body. */
  readonly raw?: string;
}

/** A connector the checker can invoke: a Lambda module in a child process, an HTTP URL or a deployed Lambda. */
export interface ConnectorTarget {
  /** What the report names as the target. */
  readonly description: string;
  /** Resolves once the connector can be invoked (module loaded, URL answering); rejects with a reason. */
  ready(): Promise<void>;
  /** Never rejects: whatever happens is an outcome. An invocation is given `budgetMs`, then counted as timed out. */
  invoke(invocation: Invocation, budgetMs: number): Promise<InvocationOutcome>;
  close(): Promise<void>;
}

/** The Lambda timeout managed integrations sets on every connector invocation (DESIGN.md §1, MI-API.md §9). */
export const INVOCATION_BUDGET_MS = 2000;

export function eventText(invocation: Invocation): string {
  return invocation.raw ?? JSON.stringify(invocation.event);
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
