import {
  DEFAULT_SCORING_MODEL,
  evaluateCredit,
  scalesOf,
  type TCreditScales,
  type TCreditScalesOfModel,
  type TScoringModel,
  type TScoringModelParams,
  type TScoringPreview,
} from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { CreditRecordModel } from "../credit-records/model";
import { toScoredRecord } from "../credit-records/presenter";
import { SubjectModel } from "../subjects/model";
import { ScoringModelModel, ScoringPublicationModel, type ScoringModelDoc } from "./model";

export type ActiveModel = { version: number; params: TScoringModelParams };

function present(m: ScoringModelDoc): TScoringModel {
  return {
    version: m.version,
    status: m.status,
    note: m.note ?? "",
    params: m.params as TScoringModelParams,
    createdAt: m.createdAt.toISOString(),
    ...(m.publishedAt ? { publishedAt: m.publishedAt.toISOString() } : {}),
  };
}

/** The model in force: the highest published version. */
export async function activeScoringModel(): Promise<ActiveModel> {
  const model = await ScoringModelModel.findOne({ status: "published" }).sort({ version: -1 }).lean<ScoringModelDoc>();
  if (!model) throw new Error("no published scoring model (run the seed)");
  return { version: model.version, params: model.params as TScoringModelParams };
}

/** How long a process judges eligibility with the scales it read, after another process published a model. */
const SCALES_MAX_AGE_MS = 30_000;
let cachedScales: { at: number; scales: TCreditScalesOfModel } | null = null;
// Requests arriving while the scales load (a burst of claims) share that one read.
let loadingScales: Promise<TCreditScalesOfModel> | null = null;

async function loadScales(): Promise<TCreditScalesOfModel> {
  const active = await activeScoringModel();
  cachedScales = { at: Date.now(), scales: { modelVersion: active.version, ...scalesOf(active.params) } };
  return cachedScales.scales;
}

/**
 * The scales of the model in force, for judging grades in eligibility. Read at most every
 * 30 s per process; rule validation passes `fresh` so a rule is checked against what is published now.
 */
export async function publishedScales(options: { fresh?: boolean } = {}): Promise<TCreditScalesOfModel> {
  if (options.fresh) return loadScales();
  if (cachedScales && Date.now() - cachedScales.at < SCALES_MAX_AGE_MS) return cachedScales.scales;
  loadingScales ??= loadScales().finally(() => {
    loadingScales = null;
  });
  return loadingScales;
}

/** The scales of one model version (evaluations stored before they carried their scale). */
export async function scalesOfVersion(version: number): Promise<TCreditScales | null> {
  const model = await ScoringModelModel.findOne({ version }, { params: 1 }).lean<Pick<ScoringModelDoc, "params">>();
  return model ? scalesOf(model.params as TScoringModelParams) : null;
}

/** Version 1 is the default model, published, on an empty store. */
export async function ensureDefaultScoringModel(): Promise<void> {
  if (await ScoringModelModel.exists({})) return;
  try {
    await ScoringPublicationModel.create({ _id: 1, at: new Date(), by: "seed" });
    await ScoringModelModel.create({ version: 1, status: "published", note: "默认模型", params: DEFAULT_SCORING_MODEL, createdAt: new Date(), publishedAt: new Date() });
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err;
  }
}

export function createScoringService(onPublished: (version: number) => void) {
  async function findModel(version: number): Promise<ScoringModelDoc> {
    const model = await ScoringModelModel.findOne({ version }).lean<ScoringModelDoc>();
    if (!model) throw new AppError("NOT_FOUND", "评分模型版本不存在");
    return model;
  }

  return {
    async list(): Promise<TScoringModel[]> {
      const models = await ScoringModelModel.find().sort({ version: -1 }).limit(100).lean<ScoringModelDoc[]>();
      return models.map(present);
    },

    async createDraft(actor: Actor, input: { note: string; params: TScoringModelParams }): Promise<TScoringModel> {
      for (let attempt = 0; attempt < 10; attempt++) {
        const last = await ScoringModelModel.findOne({}, { version: 1 }).sort({ version: -1 }).lean();
        const version = (last?.version ?? 0) + 1;
        try {
          const created = await ScoringModelModel.create({ version, status: "draft", note: input.note, params: input.params, createdAt: new Date(), createdBy: actor.userId });
          await audit(actor, { action: "model.draft", target: `model:${version}`, details: { note: input.note } });
          return present(created.toObject());
        } catch (err) {
          if (!isDuplicateKeyError(err)) throw err;
        }
      }
      throw new AppError("CONFLICT");
    },

    async updateDraft(actor: Actor, version: number, input: { note: string; params: TScoringModelParams }): Promise<TScoringModel> {
      const model = await findModel(version);
      if (model.status !== "draft") throw new AppError("MODEL_NOT_EDITABLE");
      await ScoringModelModel.updateOne({ version, status: "draft" }, { $set: { note: input.note, params: input.params } });
      await audit(actor, { action: "model.update", target: `model:${version}`, details: { note: input.note } });
      return present(await findModel(version));
    },

    /** How grades would be distributed over today's subjects under this version, next to the model in force. */
    async preview(version: number): Promise<TScoringPreview> {
      const draft = await findModel(version);
      const active = await activeScoringModel();
      const draftModel = { version, params: draft.params as TScoringModelParams };
      const subjects = await SubjectModel.find({}, { kind: 1 }).limit(100_000).lean();
      const records = await CreditRecordModel.find({ subjectId: { $in: subjects.map((s) => s._id) } }).lean();
      const bySubject = new Map<string, typeof records>();
      for (const r of records) {
        const list = bySubject.get(r.subjectId.toHexString()) ?? [];
        list.push(r);
        bySubject.set(r.subjectId.toHexString(), list);
      }
      const now = new Date();
      const counts = { citizen: new Map<string, [number, number]>(), enterprise: new Map<string, [number, number]>() };
      let changed = 0;
      for (const s of subjects) {
        const scored = (bySubject.get(s._id.toHexString()) ?? []).map(toScoredRecord);
        const kind = s.kind as "citizen" | "enterprise";
        const before = evaluateCredit(active, kind, scored, now);
        const after = evaluateCredit(draftModel, kind, scored, now);
        if (before.grade !== after.grade) changed += 1;
        const map = counts[kind];
        map.set(before.grade, [(map.get(before.grade)?.[0] ?? 0) + 1, map.get(before.grade)?.[1] ?? 0]);
        map.set(after.grade, [map.get(after.grade)?.[0] ?? 0, (map.get(after.grade)?.[1] ?? 0) + 1]);
      }
      const rows = (kind: "citizen" | "enterprise") => {
        const bands = [...(draftModel.params[kind].bands ?? [])];
        for (const b of active.params[kind].bands) if (!bands.some((x) => x.grade === b.grade)) bands.push(b);
        return bands.map((b) => ({ grade: b.grade, label: b.label, current: counts[kind].get(b.grade)?.[0] ?? 0, draft: counts[kind].get(b.grade)?.[1] ?? 0 }));
      };
      return { subjects: subjects.length, changed, citizen: rows("citizen"), enterprise: rows("enterprise"), scales: scalesOf(draftModel.params) };
    },

    async publish(actor: Actor, version: number): Promise<TScoringModel> {
      const model = await findModel(version);
      if (model.status === "published") return present(model);
      const active = await activeScoringModel();
      if (version < active.version) throw new AppError("MODEL_NOT_EDITABLE", "不能发布比当前生效版本更旧的草稿");
      try {
        await ScoringPublicationModel.create({ _id: version, at: new Date(), by: actor.userId });
      } catch (err) {
        if (!isDuplicateKeyError(err)) throw err;
        return present(await findModel(version));
      }
      await ScoringModelModel.updateOne({ version }, { $set: { status: "published", publishedAt: new Date() } });
      await audit(actor, { action: "model.publish", target: `model:${version}`, details: { previous: active.version } });
      cachedScales = null;
      onPublished(version);
      return present(await findModel(version));
    },
  };
}

export type ScoringService = ReturnType<typeof createScoringService>;
