/** Invitation and reset tokens: `_id` is the token's SHA-256, so look-up is a primary-key read
 * and single use is one atomic findOneAndDelete. */
import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { fencedWrites } from '../store/docLock.js';

const authTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    purpose: { type: String, enum: ['invite', 'reset'], required: true },
    expiresAt: { type: Date, required: true },
  },
  { timestamps: true, versionKey: false },
);

export type AuthTokenDoc = InferSchemaType<typeof authTokenSchema>;
// Revoking a user's outstanding tokens.
authTokenSchema.index({ userId: 1 });
authTokenSchema.plugin(fencedWrites);
export const AuthToken = mongoose.model('AuthToken', authTokenSchema, 'authtokens');
