/**
 * What one Puente owns beyond its configuration, built by createPuente (server.ts) and handed to each
 * part that needs it, so that two Puentes in one process share none of it (issue 27). Parts take it as
 * their first argument, as they take an actor: it names which Puente they work for.
 *
 * Still per process, and to move here (docs/architecture.md, "Not yet"): the store connection and
 * its models, the alert copy, the change log and audit trail heads, keys, caches and the metrics registry.
 */
import { DomainEvents } from './domainEvents.js';

export interface Instance {
  /** This Puente's event bus: services announce on it, its publishers and inbox listen on it. */
  readonly events: DomainEvents;
}

/** A new instance with nothing wired yet: createPuente wires its listeners; a command line tool may use it bare. */
export function createInstance(): Instance {
  return { events: new DomainEvents() };
}
