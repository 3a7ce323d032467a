import type { Env } from '../config/env-reader.js';
import { PLATFORM_VARIABLES } from '../config/variables.js';

export { PLATFORM_VARIABLES } from '../config/variables.js';

/** `npm start` with none of the platform variables set runs the sandbox instead of failing for want of them. */
export function sandboxRequested(env: Env): boolean {
  return PLATFORM_VARIABLES.every((name) => (env[name]?.trim() ?? '') === '');
}
