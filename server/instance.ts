/** Builds a Puente's instance (platform/instance.ts): what createPuente wires, or a command line tool uses bare. */
import { AlertCopy } from './alerts/index.js';
import { DomainEvents } from './platform/domainEvents.js';
import type { Instance } from './platform/instance.js';

/** A new instance with nothing wired or loaded yet. */
export function createInstance(): Instance {
  return { events: new DomainEvents(), alertCopy: new AlertCopy() };
}
