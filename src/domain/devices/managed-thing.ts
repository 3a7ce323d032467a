/** The attributes of one cluster of an endpoint, by attribute id (`0x0000`). */
export type ClusterAttributes = Readonly<Record<string, unknown>>;

/** An endpoint's state as a connector reports it (SendConnectorEvent's MatterEndpoint), attributes by id. */
export interface EndpointState {
  readonly id: string;
  readonly clusters: readonly { readonly id: string; readonly attributes: ClusterAttributes }[];
}

export interface ManagedThingSnapshot {
  readonly id: string;
  readonly associationId: string;
  readonly connectorId: string;
  readonly userId: string | undefined;
  readonly connectorDeviceId: string;
  readonly name?: string;
  readonly deviceTypes: readonly string[];
  /** Each endpoint's clusters and their last reported attributes, in report order. */
  readonly endpoints: readonly EndpointState[];
  readonly updatedAt: Date;
}

/**
 * A device of an association's platform account as managed integrations keeps it: one per ConnectorDeviceId
 * and association, created by the first discovery that reports it. Its state is what the connector reported
 * last (capability report, command responses, device events), merged attribute by attribute.
 */
export class ManagedThing {
  #s: ManagedThingSnapshot;

  private constructor(snapshot: ManagedThingSnapshot) {
    this.#s = snapshot;
  }

  static discovered(fields: ManagedThingSnapshot): ManagedThing {
    return new ManagedThing(fields);
  }

  static restore(snapshot: ManagedThingSnapshot): ManagedThing {
    return new ManagedThing(snapshot);
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

  get connectorDeviceId(): string {
    return this.#s.connectorDeviceId;
  }

  get endpoints(): readonly EndpointState[] {
    return this.#s.endpoints;
  }

  /** A later discovery's report: name, types and the reported attributes; true when something changed. */
  rediscovered(report: Pick<ManagedThingSnapshot, 'name' | 'deviceTypes' | 'endpoints'>, at: Date): boolean {
    const before = JSON.stringify([this.#s.name, this.#s.deviceTypes, this.#s.endpoints]);
    this.#s = { ...this.#s, name: report.name, deviceTypes: report.deviceTypes, updatedAt: at };
    for (const endpoint of report.endpoints) this.report(endpoint, at);
    return JSON.stringify([this.#s.name, this.#s.deviceTypes, this.#s.endpoints]) !== before;
  }

  /** A reported endpoint state: its attributes replace those of the same ids; the others stay. */
  report(state: EndpointState, at: Date): void {
    const endpoints = [...this.#s.endpoints];
    const index = endpoints.findIndex((endpoint) => endpoint.id === state.id);
    const known = index === -1 ? { id: state.id, clusters: [] } : endpoints[index]!;
    const clusters = [...known.clusters];
    for (const cluster of state.clusters) {
      const at = clusters.findIndex((existing) => existing.id === cluster.id);
      if (at === -1) clusters.push({ id: cluster.id, attributes: { ...cluster.attributes } });
      else clusters[at] = { id: cluster.id, attributes: { ...clusters[at]!.attributes, ...cluster.attributes } };
    }
    if (index === -1) endpoints.push({ id: state.id, clusters });
    else endpoints[index] = { id: state.id, clusters };
    this.#s = { ...this.#s, endpoints, updatedAt: at };
  }

  snapshot(): ManagedThingSnapshot {
    return this.#s;
  }
}
