import mongoose, { Schema, type InferSchemaType } from "mongoose";

/**
 * Server-side refresh tokens. A rotation inserts the child token with
 * `parentId` = the presented token's id; the unique index lets exactly one
 * rotation of a token win, so a second use of the same token is detected as
 * reuse even when both arrive at the same moment. A family's first token carries
 * "root:<its id>" as parentId (a missing field would collide on MongoDB).
 */
const refreshTokenSchema = new Schema({
  _id: { type: String, required: true },
  familyId: { type: String, required: true, index: true },
  parentId: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  /** The subject the session acts for when not the holder's own (act-as); refresh keeps it while the authority lasts. */
  actingSubjectId: { type: Schema.Types.ObjectId },
  secretHash: { type: String, required: true },
  createdAt: { type: Date, required: true },
  expiresAt: { type: Date, required: true },
});
export type RefreshToken = InferSchemaType<typeof refreshTokenSchema>;
export const RefreshTokenModel = mongoose.model("RefreshToken", refreshTokenSchema, "refresh_tokens");

/** A revoked token family (logout, or reuse detected). Inserting twice is harmless. */
const revokedFamilySchema = new Schema({
  _id: { type: String, required: true },
  reason: { type: String, enum: ["logout", "reuse"], required: true },
  // Indexed: after Redis loses its data the last access-token lifetime of revocations is reloaded by it.
  revokedAt: { type: Date, required: true, index: true },
});
export type RevokedFamily = InferSchemaType<typeof revokedFamilySchema>;
export const RevokedFamilyModel = mongoose.model("RevokedFamily", revokedFamilySchema, "revoked_token_families");
