/** The privacy component's models (data-subject requests) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { subjectRequestModel } from './SubjectRequest.js';

export function privacyModels(connection: Connection) {
  return {
    SubjectRequest: subjectRequestModel(connection),
  };
}
export type PrivacyModels = ReturnType<typeof privacyModels>;
