import { isAxiosError } from 'axios';

/**
 * A short, secret-free description of why an outbound call failed. Never pass an AxiosError itself
 * to a log or a message: its config holds the Authorization header.
 */
export function describeHttpFailure(error: unknown): string {
  if (isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT' || error.code === 'ERR_CANCELED') {
      return 'no answer within the deadline';
    }
    if (error.message.startsWith('maxContentLength')) return 'the answer is larger than allowed';
    if (error.response !== undefined) return `HTTP ${error.response.status}`;
    return error.code ?? 'network error';
  }
  return 'unexpected failure';
}
