/** The directory component's models (contacts) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { contactModel } from './Contact.js';

export function directoryModels(connection: Connection) {
  return {
    Contact: contactModel(connection),
  };
}
export type DirectoryModels = ReturnType<typeof directoryModels>;
