import { Types } from "mongoose";
import { maskCitizenId, type TPrefectureCode } from "@xinyi/shared";
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
