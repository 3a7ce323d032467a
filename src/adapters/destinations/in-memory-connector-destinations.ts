import type { ConnectorDestination, ConnectorDestinations } from '../../application/ports/connector-destinations.js';

/** The destinations the configuration defines (today the one of the `C2C_*` linking variables), by id. */
export class InMemoryConnectorDestinations implements ConnectorDestinations {
  readonly #byId: ReadonlyMap<string, ConnectorDestination>;

  /** @throws Error when two destinations share an id. */
  constructor(destinations: readonly ConnectorDestination[]) {
    const byId = new Map<string, ConnectorDestination>();
    for (const destination of destinations) {
      if (byId.has(destination.id)) throw new Error(`Two connector destinations have the id ${destination.id}.`);
      byId.set(destination.id, destination);
    }
    this.#byId = byId;
  }

  async find(connectorDestinationId: string): Promise<ConnectorDestination | undefined> {
    return this.#byId.get(connectorDestinationId);
  }

  async sole(): Promise<ConnectorDestination | undefined> {
    return this.#byId.size === 1 ? this.#byId.values().next().value : undefined;
  }
}
