export type DeviceDiscoveryStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';

/** A device the connector reported in a DEVICE_DISCOVERY event, with the managed thing it became. */
export interface DiscoveredDeviceRecord {
  readonly connectorDeviceId: string;
  readonly connectorDeviceName?: string;
  readonly deviceTypes: readonly string[];
  readonly managedThingId: string;
  readonly modification: 'DISCOVERED' | 'UPDATED' | 'NO_CHANGE';
  readonly discoveredAt: Date;
}

export interface DeviceDiscoverySnapshot {
  readonly id: string;
  readonly associationId: string;
  readonly connectorId: string;
  /** The association's UserId when discovery started: the only user whose devices the event may report. */
  readonly userId: string | undefined;
  readonly startedAt: Date;
  readonly timeoutMs: number;
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  readonly finishedAt?: Date;
  readonly devices: readonly DiscoveredDeviceRecord[];
}

/**
 * A CLOUD device discovery of an association: RUNNING until the connector's DEVICE_DISCOVERY event
 * (SUCCEEDED) or its failure to take the request (FAILED); one still RUNNING past its timeout reads as
 * TIMED_OUT, decided on read so that no timer has to survive the process.
 */
export class DeviceDiscovery {
  #s: DeviceDiscoverySnapshot;

  private constructor(snapshot: DeviceDiscoverySnapshot) {
    this.#s = snapshot;
  }

  static start(fields: Omit<DeviceDiscoverySnapshot, 'status' | 'devices' | 'finishedAt'>): DeviceDiscovery {
    return new DeviceDiscovery({ ...fields, status: 'RUNNING', devices: [] });
  }

  static restore(snapshot: DeviceDiscoverySnapshot): DeviceDiscovery {
    return new DeviceDiscovery(snapshot);
  }

  get id(): string {
    return this.#s.id;
  }

  get associationId(): string {
    return this.#s.associationId;
  }

  get connectorId(): string {
    return this.#s.connectorId;
  }

  get userId(): string | undefined {
    return this.#s.userId;
  }

  get startedAt(): Date {
    return this.#s.startedAt;
  }

  get devices(): readonly DiscoveredDeviceRecord[] {
    return this.#s.devices;
  }

  statusAt(now: Date): DeviceDiscoveryStatus {
    return this.#timedOut(now) ? 'TIMED_OUT' : this.#s.status;
  }

  finishedAtFor(now: Date): Date | undefined {
    if (this.#timedOut(now)) return new Date(this.#s.startedAt.getTime() + this.#s.timeoutMs);
    return this.#s.finishedAt;
  }

  /**
   * The connector's report. A repeated report (SendConnectorEvent is idempotent, a retry may send it again)
   * replaces the devices of a SUCCEEDED discovery; a FAILED or TIMED_OUT one keeps its outcome. Answers
   * whether the report was taken.
   */
  succeed(devices: readonly DiscoveredDeviceRecord[], at: Date): boolean {
    const status = this.statusAt(at);
    if (status !== 'RUNNING' && status !== 'SUCCEEDED') return false;
    this.#s = { ...this.#s, status: 'SUCCEEDED', devices, finishedAt: this.#s.finishedAt ?? at };
    return true;
  }

  /** The connector did not take the request; a discovery that already has its report keeps it. */
  fail(at: Date): void {
    if (this.statusAt(at) !== 'RUNNING') return;
    this.#s = { ...this.#s, status: 'FAILED', finishedAt: at };
  }

  snapshot(): DeviceDiscoverySnapshot {
    return this.#s;
  }

  #timedOut(now: Date): boolean {
    return this.#s.status === 'RUNNING' && now.getTime() >= this.#s.startedAt.getTime() + this.#s.timeoutMs;
  }
}
