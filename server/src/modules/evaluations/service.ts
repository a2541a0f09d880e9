import { Types } from "mongoose";
import { evaluateCredit, type TCreditProfile, type TEvaluation } from "@xinyi/shared";
import type { Logger } from "../../infra/logger";
import type { Redis, RedisKeys } from "../../infra/redis";
import { CreditRecordModel, type CreditRecord } from "../credit-records/model";
import { presentRecord, toScoredRecord } from "../credit-records/presenter";
import { activeScoringModel, scalesOfVersion } from "../scoring/service";
import { SubjectModel, type Subject } from "../subjects/model";
import { presentSubject } from "../subjects/presenter";
import { isDuplicateKeyError } from "../../infra/store";
import { EvaluationModel, SubjectStandingModel, type Evaluation, type SubjectStanding } from "./model";
import { presentEvaluation } from "./presenter";

const PROFILE_TTL_SECONDS = 3600;
const BATCH = 500;

/**
 * Evaluations are computed when a subject's records (or the model) change, stored
 * for good, and copied onto the subject. Profiles are served from Redis; a miss
 * reads the store once and refills the cache. Reading never recomputes.
 */
/** Standings of these subjects; one falling into a replacement gap is read from its latest evaluation. */
export async function standingsOf(subjectIds: Types.ObjectId[]): Promise<Map<string, SubjectStanding>> {
  const found = new Map<string, SubjectStanding>();
  if (subjectIds.length === 0) return found;
  // One id: findById, which the embedded store answers from its primary key; $in makes it scan.
  const list =
    subjectIds.length === 1
      ? [await SubjectStandingModel.findById(subjectIds[0]).lean<SubjectStanding>()].filter((s): s is SubjectStanding => s !== null)
      : await SubjectStandingModel.find({ _id: { $in: subjectIds } }).lean<SubjectStanding[]>();
  for (const s of list) found.set(s._id.toHexString(), s);
  for (const id of subjectIds) {
    if (found.has(id.toHexString())) continue;
    const latest = await EvaluationModel.findOne({ subjectId: id }).sort({ evaluatedAt: -1 }).lean<Evaluation>();
    if (latest) {
      found.set(id.toHexString(), {
        _id: id,
        evaluationId: latest._id,
        score: latest.score,
        grade: latest.grade,
        gradeLabel: latest.gradeLabel,
        blacklisted: latest.blacklisted,
        redListed: (latest.factors as { kind: string; counts: boolean }[]).some((f) => f.kind === "red_list" && f.counts),
        modelVersion: latest.modelVersion,
        evaluatedAt: latest.evaluatedAt,
      });
    }
  }
  return found;
}

/** Presented with their scales; those stored without one read it from their model version. */
async function presentEvaluations(list: Evaluation[]): Promise<TEvaluation[]> {
  const versions = [...new Set(list.filter((e) => !e.scale).map((e) => e.modelVersion))];
  const scales = new Map(await Promise.all(versions.map(async (v) => [v, await scalesOfVersion(v)] as const)));
  return list.map((e) => presentEvaluation(e, scales.get(e.modelVersion)?.[e.subjectKind]));
}

export async function standingOf(subjectId: Types.ObjectId): Promise<SubjectStanding | null> {
  return (await standingsOf([subjectId])).get(subjectId.toHexString()) ?? null;
}

export function createEvaluationService(redis: Redis, keys: RedisKeys, log: Logger) {
  async function dropCached(subjectIds: Types.ObjectId[]): Promise<void> {
    if (subjectIds.length === 0) return;
    await redis.del(subjectIds.map((id) => keys.creditProfile(id.toHexString()))).catch((err: unknown) => log.warn({ err }, "profile cache not cleared"));
  }

  async function recomputeBatch(ids: Types.ObjectId[]): Promise<void> {
    const model = await activeScoringModel();
    const [subjects, records] = await Promise.all([
      SubjectModel.find({ _id: { $in: ids } }, { kind: 1, usccValid: 1, usccReview: 1 }).lean(),
      CreditRecordModel.find({ subjectId: { $in: ids } }).lean<CreditRecord[]>(),
    ]);
    const bySubject = new Map<string, CreditRecord[]>();
    for (const r of records) {
      const list = bySubject.get(r.subjectId.toHexString()) ?? [];
      list.push(r);
      bySubject.set(r.subjectId.toHexString(), list);
    }
    const now = new Date();
    const docs = subjects.map((s) => ({
      _id: new Types.ObjectId(),
      subjectId: s._id,
      // A pilot-era USCC's records count only once an administrator has accepted the code.
      ...evaluateCredit(model, s.kind as "citizen" | "enterprise", s.usccValid === false && !s.usccReview?.at ? [] : (bySubject.get(s._id.toHexString()) ?? []).map(toScoredRecord), now),
      evaluatedAt: now,
    }));
    if (docs.length === 0) return;
    await EvaluationModel.insertMany(docs);
    await SubjectStandingModel.deleteMany({ _id: { $in: docs.map((d) => d.subjectId) } });
    await SubjectStandingModel.insertMany(
      docs.map((d) => ({
        _id: d.subjectId,
        evaluationId: d._id,
        score: d.score,
        grade: d.grade,
        gradeLabel: d.gradeLabel,
        blacklisted: d.blacklisted,
        redListed: d.factors.some((f) => f.kind === "red_list" && f.counts),
        modelVersion: d.modelVersion,
        evaluatedAt: now,
      })),
      { ordered: false },
    ).catch((err: unknown) => {
      // A concurrent re-evaluation of the same subject inserted first; either result is current.
      if (!isDuplicateKeyError(err)) throw err;
    });
    await dropCached(ids);
  }

  return {
    /** Re-evaluates these subjects under the model in force. */
    async recompute(subjectIds: Types.ObjectId[]): Promise<void> {
      const unique = [...new Map(subjectIds.map((id) => [id.toHexString(), id])).values()];
      for (let i = 0; i < unique.length; i += BATCH) await recomputeBatch(unique.slice(i, i + BATCH));
    },

    /** Every subject, in batches: after a new model is published. */
    async recomputeAll(): Promise<number> {
      let count = 0;
      let after: Types.ObjectId | null = null;
      for (;;) {
        const page: { _id: Types.ObjectId }[] = await SubjectModel.find(after ? { _id: { $gt: after } } : {}, { _id: 1 }).sort({ _id: 1 }).limit(BATCH).lean();
        if (page.length === 0) return count;
        await recomputeBatch(page.map((s) => s._id));
        count += page.length;
        after = page.at(-1)!._id;
      }
    },

    async profile(subjectId: Types.ObjectId): Promise<TCreditProfile | null> {
      const key = keys.creditProfile(subjectId.toHexString());
      const cached = await redis.get(key).catch(() => null);
      const hit = cached ? (JSON.parse(cached) as TCreditProfile) : null;
      // A profile cached before evaluations carried their scale is read again.
      if (hit && (!hit.evaluation || hit.evaluation.scale)) return hit;
      const [subject, standing, evaluation, records] = await Promise.all([
        SubjectModel.findById(subjectId).lean<Subject>(),
        standingOf(subjectId),
        EvaluationModel.findOne({ subjectId }).sort({ evaluatedAt: -1 }).lean<Evaluation>(),
        CreditRecordModel.find({ subjectId }).sort({ decidedAt: -1 }).limit(500).lean<CreditRecord[]>(),
      ]);
      if (!subject) return null;
      const profile: TCreditProfile = {
        subject: presentSubject(subject, standing),
        ...(evaluation ? { evaluation: (await presentEvaluations([evaluation]))[0]! } : {}),
        records: records.map(presentRecord),
      };
      await redis.set(key, JSON.stringify(profile), { EX: PROFILE_TTL_SECONDS }).catch(() => undefined);
      return profile;
    },

    async history(subjectId: Types.ObjectId): Promise<TEvaluation[]> {
      const list = await EvaluationModel.find({ subjectId }).sort({ evaluatedAt: -1 }).limit(100).lean<Evaluation[]>();
      return presentEvaluations(list);
    },

  };
}

export type EvaluationService = ReturnType<typeof createEvaluationService>;
