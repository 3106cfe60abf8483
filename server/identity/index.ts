/**
 * The identity component's public surface: other components and the composition root import only this file.
 * Who is acting: sign-in and sessions, MFA, users and their roles, agencies.
 */
export { agenciesRoutes } from './agencies/agencies.routes.js';
export { createAgency, listAgencies } from './agencies/agencies.service.js';
export type { AgencyDoc } from './agencies/Agency.js';
export { agenciesByIds, agencyById, agencyExists, agencyFields, allAgencies } from './agencies/agencyReads.js';
export { authRoutes } from './auth/auth.routes.js';
export { ownAccountRoutes } from './auth/ownAccount.routes.js';
export { purgeStaleLoginThrottles } from './auth/loginThrottle.service.js';
export { newTotpSecret, purgeUsedTotpCodes, totpUri } from './auth/totp.service.js';
export {
  confinedToStatistics,
  exportsCaseFiles,
  isOperational,
  OPERATIONAL_ROLES,
  opensRestricted,
  STATISTICS_ROLE,
} from './roles.policy.js';
export { anonymousCsrf } from './sessions/anonymousCsrf.js';
export { authenticateSockets } from './sessions/handshake.js';
export { createPassport, createSessionMiddleware, csrfProtection, sessionLimits } from './sessions/session.js';
export { enforceSessionExpiry } from './sessions/sessionExpiry.js';
export { wireSessionRevocation } from './sessions/sessionRevocation.js';
export { purgeExpiredSessions } from './sessions/sessionStore.js';
export { COORDINATION_AGENCY, createOrResetAdmin } from './users/admin.service.js';
export { disableInactiveAccounts } from './users/inactiveAccounts.js';
export { canSeeUser } from './users/user.policy.js';
export type { UserDoc } from './users/User.js';
export { identityModels, type IdentityModels } from './models.js';
export { agencyUserIds, userById, usersByIds } from './users/userReads.js';
export { usersRoutes } from './users/users.routes.js';
export { CLASS_VIEWERS, OPERATIONAL_CLASSES } from './viewerClass.js';
