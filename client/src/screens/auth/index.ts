/** Screen group "auth": loaded on demand. */
export { SignInScreen } from './SignInScreen.js';
export { MfaEnrolmentScreen } from './MfaEnrolmentScreen.js';
export { InvitationScreen } from './InvitationScreen.js';
