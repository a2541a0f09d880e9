import { Types } from "mongoose";
import { randomUUID } from "node:crypto";
import { addMonths, beijingDate, maskCitizenId, type TPrefectureCode } from "@xinyi/shared";
import { CreditRecordModel, RecordEventModel } from "../src/modules/credit-records/model";
import { SubjectStandingModel } from "../src/modules/evaluations/model";
import { AccountSubjectModel, CitizenOwnerModel, SubjectModel } from "../src/modules/subjects/model";
import { UserModel } from "../src/modules/users/model";

export type CitizenSpec = { phone: string; name?: string; prefectureCode?: TPrefectureCode; score?: number; blacklisted?: boolean };

/**
 * Citizens with bound subjects whose current evaluation is set directly: for tests
 * about benefits, where how the score came about does not matter. (Scores from
 * real records are tested in the credit modules.)
 */
export async function createCitizens(specs: CitizenSpec[]) {
  const now = new Date();
  const subjects = specs.map((s) => ({
    _id: new Types.ObjectId(),
    key: `C:fixture-${s.phone}`,
    kind: "citizen",
    name: s.name ?? `测试${s.phone.slice(-4)}`,
    prefectureCode: s.prefectureCode ?? "530100",
    idMasked: maskCitizenId(`5301${s.phone.slice(-10)}0000`),
  }));
  await SubjectModel.insertMany(subjects);
  await SubjectStandingModel.insertMany(
    specs.map((s, i) => ({ _id: subjects[i]!._id, evaluationId: new Types.ObjectId(), score: s.score ?? 700, grade: "A", gradeLabel: "良好", blacklisted: s.blacklisted ?? false, redListed: false, modelVersion: 1, evaluatedAt: now })),
  );
  const users = await UserModel.insertMany(
    specs.map((s, i) => ({ role: "citizen", displayName: subjects[i]!.name, phone: s.phone, prefectureCode: subjects[i]!.prefectureCode, subjectId: subjects[i]!._id })),
  );
  await CitizenOwnerModel.insertMany(users.map((u, i) => ({ _id: subjects[i]!._id, userId: u._id, at: now })));
  await AccountSubjectModel.insertMany(users.map((u, i) => ({ _id: u._id, subjectId: subjects[i]!._id, at: now })));
  return users;
}

/**
 * A minor penalty decided `monthsAgo` months ago (Beijing calendar), as an import would leave it, for
 * tests about repair periods; the caller re-evaluates the subject when the score matters.
 */
export async function insertPastPenalty(spec: { subjectId: Types.ObjectId; prefectureCode: TPrefectureCode; monthsAgo: number; title: string; sourceDept: string }) {
  const id = new Types.ObjectId();
  const decidedAt = addMonths(beijingDate(new Date()), -spec.monthsAgo);
  const docNo = `测罚〔2026〕${randomUUID().slice(0, 6)}号`;
  await CreditRecordModel.create({
    _id: id,
    subjectId: spec.subjectId,
    subjectKind: "citizen",
    prefectureCode: spec.prefectureCode,
    kind: "penalty",
    severity: "minor",
    title: spec.title,
    sourceDept: spec.sourceDept,
    docNo,
    naturalKey: `fixture|${docNo}`,
    decidedAt,
    publishedAt: decidedAt,
    late: false,
    status: "active",
    version: 1,
    createdAt: new Date(),
  });
  await RecordEventModel.create({ recordId: id, version: 1, status: "active", reason: "录入", actorName: "测试", at: new Date() });
  return id;
}
