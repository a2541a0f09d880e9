import mongoose, { Schema, type InferSchemaType, type HydratedDocument } from "mongoose";
import { BANK_STAFF_ROLES, PREFECTURE_CODES, ROLES } from "@xinyi/shared";

/**
 * One account per person or console operator. Login identifiers (username, phone,
 * WeChat openid) are unique when present; `sparse` keeps accounts without one from
 * colliding on MongoDB, and FerretDB never indexes a missing field.
 */
const userSchema = new Schema(
  {
    role: { type: String, enum: ROLES, required: true },
    displayName: { type: String, required: true },
    username: { type: String, unique: true, sparse: true },
    passwordHash: { type: String },
    phone: { type: String, unique: true, sparse: true },
    wechatOpenId: { type: String, unique: true, sparse: true },
    prefectureCode: { type: String, enum: PREFECTURE_CODES },
    partnerId: { type: Schema.Types.ObjectId },
    /** A bank operator's post (loan officer or bank manager); none for other partners' operators. */
    staffRole: { type: String, enum: BANK_STAFF_ROLES },
    /** The credit subject this account acts for (real-name or enterprise binding). */
    subjectId: { type: Schema.Types.ObjectId },
    disabledAt: { type: Date },
  },
  { timestamps: true },
);

export type User = InferSchemaType<typeof userSchema>;
export type UserDoc = HydratedDocument<User>;
export const UserModel = mongoose.model("User", userSchema, "users");
