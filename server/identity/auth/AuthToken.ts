/** Invitation and reset tokens: `_id` is the token's SHA-256, so look-up is a primary-key read
 * and single use is one atomic findOneAndDelete. A `hidden_invite` token is the look-alike given
 * for an address another agency holds (users/invitationDuplicates.ts): no user, it opens nothing,
 * and it stays after use or expiry so that repeating that invitation answers 409 like a real one. */
import { type Connection, Schema, type InferSchemaType } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';

const authTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    purpose: { type: String, enum: ['invite', 'reset', 'hidden_invite'], required: true },
    expiresAt: { type: Date, required: true },
    /** Only for `hidden_invite`: the address invited and the agency it was invited into. */
    email: { type: String, default: null },
    agencyId: { type: Schema.Types.ObjectId, ref: 'Agency', default: null },
  },
  { timestamps: true, versionKey: false },
);

export type AuthTokenDoc = InferSchemaType<typeof authTokenSchema>;
// Revoking a user's outstanding tokens.
authTokenSchema.index({ userId: 1 });
// Finding an agency's earlier look-alike invitation of an address.
authTokenSchema.index({ email: 1, agencyId: 1 });
authTokenSchema.plugin(fencedWrites);
export const authTokenModel = (connection: Connection) =>
  modelOn(connection, 'AuthToken', () => connection.model('AuthToken', authTokenSchema, 'authtokens'));
