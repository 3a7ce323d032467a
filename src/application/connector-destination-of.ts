import { assertConnectorDestinationId } from '../domain/association-details.js';
import { ConnectorDestinationNotFound } from '../domain/errors/connector-destination-not-found.js';
import { InvalidRequest } from '../domain/errors/invalid-request.js';
import type { ConnectorDestination, ConnectorDestinations } from './ports/connector-destinations.js';

/**
 * The destination a request names, or the only one when it names none.
 * @throws ConnectorDestinationNotFound for an id no destination has.
 * @throws InvalidRequest when none is named and there is not exactly one, or the id is malformed.
 */
export async function connectorDestinationOf(destinations: ConnectorDestinations, requested: string | undefined): Promise<ConnectorDestination> {
  if (requested === undefined) {
    const sole = await destinations.sole();
    if (sole === undefined) throw new InvalidRequest('ConnectorDestinationId is required: this service has several connector destinations.');
    return sole;
  }
  const destination = await destinations.find(assertConnectorDestinationId(requested));
  if (destination === undefined) throw new ConnectorDestinationNotFound(requested);
  return destination;
}

/**
 * The destination of a stored link: the one it names, else (a link stored before destinations) the only one.
 * Undefined when that destination no longer exists.
 */
export async function destinationOfLink(destinations: ConnectorDestinations, connectorDestinationId: string | undefined): Promise<ConnectorDestination | undefined> {
  return connectorDestinationId === undefined ? destinations.sole() : destinations.find(connectorDestinationId);
}
