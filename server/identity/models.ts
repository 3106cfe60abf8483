/** The identity component's models (agencies, users, sessions and sign-in records) on one store connection: each instance registers its own (issue 27). */
import type { Connection } from 'mongoose';
import { agencyModel } from './agencies/Agency.js';
import { authTokenModel } from './auth/AuthToken.js';
import { knownDeviceModel } from './auth/KnownDevice.js';
import { loginThrottleModel } from './auth/LoginThrottle.js';
import { usedTotpCodeModel } from './auth/UsedTotpCode.js';
import { sessionModel } from './sessions/sessionStore.js';
import { userModel } from './users/User.js';

export function identityModels(connection: Connection) {
  return {
    Agency: agencyModel(connection),
    AuthToken: authTokenModel(connection),
    KnownDevice: knownDeviceModel(connection),
    LoginThrottle: loginThrottleModel(connection),
    UsedTotpCode: usedTotpCodeModel(connection),
    SessionModel: sessionModel(connection),
    User: userModel(connection),
  };
}
export type IdentityModels = ReturnType<typeof identityModels>;
