import { Types } from "mongoose";
import type { TActingIdentity, TAuthorityKind, TMe, TPrefectureCode, TRole } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import { SubjectModel, type Subject } from "../subjects/model";
import type { User } from "../users/model";
import { authorityId, SubjectAuthorityModel } from "./model";

/** The keyed hash of the holder's verified citizen ID, as the citizen subject's key carries it ("C:<hash>"). */
export function idHashOf(citizen: Pick<Subject, "key">): string {
  return citizen.key.slice(2);
}

function presentIdentity(subject: Subject, authority: TAuthorityKind): TActingIdentity {
  return {
    subjectId: subject._id.toHexString(),
    kind: subject.kind as TActingIdentity["kind"],
    name: subject.name,
    ...(subject.idMasked ? { idMasked: subject.idMasked } : {}),
    ...(subject.uscc ? { uscc: subject.uscc } : {}),
    prefectureCode: subject.prefectureCode as TPrefectureCode,
    authority,
  };
}

/** The holder's verified identity and every subject the account may act for (own identity first). */
export async function identitiesOf(user: Pick<User, "subjectId"> & { _id: Types.ObjectId }): Promise<Pick<TMe, "identity" | "identities">> {
  if (!user.subjectId) return { identity: { verified: false }, identities: [] };
  const authorities = await SubjectAuthorityModel.find({ userId: user._id }).lean();
  const subjects = await SubjectModel.find({ _id: { $in: [user.subjectId, ...authorities.map((a) => a.subjectId)] } }).lean<Subject[]>();
  const byId = new Map(subjects.map((s) => [s._id.toHexString(), s]));
  const own = byId.get(user.subjectId.toHexString());
  if (!own) return { identity: { verified: false }, identities: [] };
  const enterprises = authorities
    .map((a) => ({ a, s: byId.get(a.subjectId.toHexString()) }))
    .filter((x): x is { a: (typeof authorities)[number]; s: Subject } => !!x.s)
    .map(({ a, s }) => presentIdentity(s, a.authority as TAuthorityKind));
  return {
    identity: { verified: true, name: own.name, ...(own.idMasked ? { idMasked: own.idMasked } : {}) },
    identities: [presentIdentity(own, "self"), ...enterprises],
  };
}

/**
 * Whom a session of this account may act for: its own citizen identity (role as on the
 * account), or an enterprise it holds authority for right now (role "enterprise").
 * Called at act-as and at every refresh, so a revoked authority does not carry over.
 */
export async function actingFor(user: Pick<User, "subjectId" | "role"> & { _id: Types.ObjectId }, subjectId: string): Promise<{ subjectId: string; role: TRole } | null> {
  if (user.subjectId?.toHexString() === subjectId) return { subjectId, role: user.role };
  if (!Types.ObjectId.isValid(subjectId)) return null;
  const held = await SubjectAuthorityModel.exists({ _id: authorityId(user._id, subjectId) });
  return held ? { subjectId, role: "enterprise" } : null;
}

/** For requests acting for an enterprise: the authority must still be held (one read by id). */
export async function assertStillActing(userId: string, subjectId: string): Promise<void> {
  if (!(await SubjectAuthorityModel.exists({ _id: authorityId(userId, subjectId) }))) {
    throw new AppError("AUTH_TOKEN_INVALID", "您已不能代表该企业办理，请重新登录");
  }
}
