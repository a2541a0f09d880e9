import { maskPhone, prefectureName, type TMe } from "@xinyi/shared";
import type { User } from "./model";
import type { Types } from "mongoose";

export function presentMe(user: User & { _id: Types.ObjectId }): TMe {
  return {
    id: user._id.toHexString(),
    role: user.role,
    displayName: user.displayName,
    ...(user.username ? { username: user.username } : {}),
    ...(user.phone ? { phoneMasked: maskPhone(user.phone) } : {}),
    ...(user.prefectureCode ? { prefectureCode: user.prefectureCode, prefectureName: prefectureName(user.prefectureCode) } : {}),
    ...(user.partnerId ? { partnerId: user.partnerId.toHexString() } : {}),
    ...(user.creditScore !== undefined && user.creditScore !== null ? { creditScore: user.creditScore } : {}),
  };
}
