import { isAxiosError, type AxiosResponse } from 'axios';
import type { Deadline } from '../../application/deadline.js';
import { keepingProcessAlive } from '../clock/keeping-process-alive.js';

export interface RetryPolicy {
  /** Attempts after the first one. Default 0 (the container passes `C2C_UPSTREAM_RETRIES`). */
  readonly maxRetries?: number;
  /** Ceiling of the first pause; it doubles on each retry and the pause is drawn below it (full jitter). Default 50 ms. */
  readonly baseDelayMs?: number;
  /** A retry is made only when at least this much of the deadline is left after its pause. Default 100 ms. */
  readonly minAttemptMs?: number;
  /** Source of jitter, in [0, 1). Default `Math.random`. */
  readonly random?: () => number;
}

/** Connection failures that say nothing about the request itself: another attempt may well succeed. */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function isTransientStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Sends an idempotent request, again after a jittered pause when it fails transiently (network error,
 * 5xx, 429), for as long as the policy allows and the deadline leaves room for a real attempt. Never
 * sleeps past the deadline, and pauses on the deadline's own clock. Answers the last response, or throws
 * the last error, as the caller would see it.
 */
export async function sendWithRetries<T>(
  deadline: Deadline,
  policy: RetryPolicy,
  send: (timeoutMs: number) => Promise<AxiosResponse<T>>,
): Promise<AxiosResponse<T>> {
  const maxRetries = policy.maxRetries ?? 0;
  const baseDelayMs = policy.baseDelayMs ?? 50;
  const minAttemptMs = policy.minAttemptMs ?? 100;
  const random = policy.random ?? Math.random;
  for (let retry = 0; ; retry += 1) {
    let response: AxiosResponse<T> | undefined;
    let failure: unknown;
    try {
      response = await send(Math.max(1, deadline.remainingMs()));
    } catch (error) {
      if (!isTransientNetworkError(error)) throw error;
      failure = error;
    }
    if (response !== undefined && !isTransientStatus(response.status)) return response;
    const pauseMs = Math.floor(random() * baseDelayMs * 2 ** retry);
    const roomLeft = deadline.remainingMs() - pauseMs >= minAttemptMs;
    if (retry >= maxRetries || !roomLeft || !(await keepingProcessAlive(deadline.pause(pauseMs)))) {
      if (response !== undefined) return response;
      throw failure;
    }
  }
}

function isTransientNetworkError(error: unknown): boolean {
  return isAxiosError(error) && error.response === undefined && TRANSIENT_NETWORK_CODES.has(error.code ?? '');
}
