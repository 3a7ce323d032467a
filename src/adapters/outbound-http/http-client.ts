import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import axios, { type AxiosInstance } from 'axios';

/**
 * One axios instance for every outbound call: kept-alive connections (a cold TLS handshake per call
 * would eat the 2-second budget), no redirects, no proxy from the environment, bodies read as text so
 * that each adapter decides how to parse them. Answers are asked for uncompressed (key sets, profiles and
 * token answers are a few KiB): nothing is ever decompressed, so the Lambda bundle leaves zlib out.
 */
export function createHttpClient(): AxiosInstance {
  return axios.create({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    maxRedirects: 0,
    proxy: false,
    responseType: 'text',
    transformResponse: [(data: unknown) => data],
    validateStatus: () => true,
    decompress: false,
    headers: { 'User-Agent': 'c2c-account-linking', 'Accept-Encoding': 'identity' },
  });
}
