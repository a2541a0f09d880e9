import { maskPhone, prefectureName, type TMe } from "@xinyi/shared";
import type { Types } from "mongoose";
import type { SubjectStanding } from "../evaluations/model";
import type { Subject } from "../subjects/model";
import type { User } from "./model";

export function presentMe(user: User & { _id: Types.ObjectId }, subject: Subject | null, standing: SubjectStanding | null): TMe {
  return {
    id: user._id.toHexString(),
    // Acting for an enterprise, the account is addressed as the enterprise.
    role: subject?.kind === "enterprise" ? "enterprise" : user.role,
    displayName: subject?.kind === "enterprise" ? subject.name : user.displayName,
    ...(user.username ? { username: user.username } : {}),
    ...(user.phone ? { phoneMasked: maskPhone(user.phone) } : {}),
    ...(user.prefectureCode ? { prefectureCode: user.prefectureCode, prefectureName: prefectureName(user.prefectureCode) } : {}),
    ...(user.partnerId ? { partnerId: user.partnerId.toHexString() } : {}),
    ...(standing ? { creditScore: standing.score } : {}),
    ...(subject
      ? {
          subject: {
            id: subject._id.toHexString(),
            kind: subject.kind,
            name: subject.name,
            ...(subject.idMasked ? { idMasked: subject.idMasked } : {}),
            ...(subject.uscc ? { uscc: subject.uscc } : {}),
          },
        }
      : {}),
  };
}
