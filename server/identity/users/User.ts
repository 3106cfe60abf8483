/** A user account (PRODUCT.md "User"). Secrets never leave through presenters. */
import type mongoose from 'mongoose';
import { type Connection, Schema, type InferSchemaType } from 'mongoose';
import { fencedWrites, modelOn } from '../../platform/store/index.js';
import { COUNTRIES, LANGUAGES, ROLES } from '../../../shared/schemas/common.js';

export const USER_STATUSES = ['invited', 'active', 'disabled'] as const;

const mfaSchema = new Schema(
  {
    enabled: { type: Boolean, default: false },
    /** AES-256-GCM sealed base32 seed (secretBox). */
    secret: { type: String, default: null },
    /** Seed offered by /mfa/setup, becomes `secret` on /mfa/enable. */
    pendingSecret: { type: String, default: null },
    /** Last accepted TOTP time step: older codes are refused. */
    lastUsedStep: { type: Number, default: 0 },
  },
  { _id: false },
);

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    displayName: { type: String, required: true },
    agencyId: { type: Schema.Types.ObjectId, ref: 'Agency', required: true, index: true },
    country: { type: String, enum: COUNTRIES, required: true },
    roles: { type: [String], enum: ROLES, required: true },
    /**
     * A role change an agency admin asked for that adds a restricted role: the full role set the
     * user gets once a system admin approves it (issue #10 item 1). Empty when nothing waits.
     */
    pendingRoles: { type: [String], enum: ROLES, default: [] },
    pendingRolesBy: { type: String, default: null },
    /** When the pending change was asked for; null when nothing waits (the list's filter). */
    pendingRolesAt: { type: Date, default: null },
    language: { type: String, enum: LANGUAGES, default: 'es' },
    /** IANA zone the client shows times in (null: the browser's own). */
    timeZone: { type: String, default: null },
    status: { type: String, enum: USER_STATUSES, default: 'invited' },
    passwordHash: { type: String, default: null },
    mfa: { type: mfaSchema, default: () => ({}) },
    /** Bumped whenever every session of the user must end (disable, reset, role change). */
    sessionEpoch: { type: Number, default: 0 },
    lastLoginAt: { type: Date, default: null },
    disabledReason: { type: String, default: null },
  },
  { timestamps: true },
);

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId };
// The inactive-accounts job reads active users.
userSchema.index({ status: 1 });
userSchema.plugin(fencedWrites);
export const userModel = (connection: Connection) => modelOn(connection, 'User', () => connection.model('User', userSchema, 'users'));
