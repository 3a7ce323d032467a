import type { DevicesConfig, EventsSinkConfig } from './app-config.js';
import type { EnvReader } from './env-reader.js';

/**
 * `C2C_DEVICE_API_URL` turns AWS.DiscoverDevices and AWS.SendCommand on; their events go to
 * `C2C_EVENTS_SINK`: `aws` (SendConnectorEvent in `AWS_REGION`, SigV4) unless `C2C_EVENTS_URL` names an
 * emulator (`http`).
 */
export function readDevices(read: EnvReader): DevicesConfig | undefined {
  if (!read.has('C2C_DEVICE_API_URL') && !read.has('C2C_EVENTS_SINK') && !read.has('C2C_EVENTS_URL')) return undefined;
  return { deviceApiUrl: read.optionalUrl('C2C_DEVICE_API_URL'), events: readEventsSink(read) };
}

function readEventsSink(read: EnvReader): EventsSinkConfig {
  const kind = read.oneOf('C2C_EVENTS_SINK', ['aws', 'http'], read.has('C2C_EVENTS_URL') ? 'http' : 'aws');
  if (kind === 'http') return { kind, url: read.url('C2C_EVENTS_URL', 'for C2C_EVENTS_SINK=http (the emulator\'s base URL)') };
  const region = read.required('AWS_REGION', 'to send connector events to managed integrations (C2C_EVENTS_SINK=aws)');
  if (region !== '' && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) read.problem('AWS_REGION', 'must be a region name such as us-east-1');
  return { kind, region, url: read.optionalUrl('C2C_EVENTS_URL') ?? `https://api.iotmanagedintegrations.${region}.api.aws` };
}
