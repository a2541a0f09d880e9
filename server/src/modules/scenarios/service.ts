import { Types } from "mongoose";
import {
  benefitFor,
  judgeEligibility,
  ruleScaleIssues,
  SCENARIO_TRANSITIONS,
  ZScenarioCreateRequest,
  ZScenarioUpdateRequest,
  type TAvailableScenario,
  type TBenefit,
  type TEligibilityRule,
  type TScenario,
  type TScenarioDryRun,
  type TScenarioStats,
  type TScenarioStatus,
  type TScenarioTransitionRequest,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { Redis, RedisKeys } from "../../infra/redis";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { ClaimModel } from "../claims/model";
import { myClaimsOf } from "../claims/my-claims";
import type { ScenarioStats } from "../claims/stats";
import { CreditRecordModel } from "../credit-records/model";
import { SubjectStandingModel } from "../evaluations/model";
import type { EvaluationService } from "../evaluations/service";
import { PartnerModel } from "../partners/model";
import { publishedScales } from "../scoring/service";
import { SubjectModel } from "../subjects/model";
import type { ScenarioCatalog } from "./catalog";
import { hintsFor, judge, subjectView } from "./eligibility";
import { ScenarioEventModel, ScenarioModel, type Scenario } from "./model";
import { scenarioPolicy } from "./policy";
import { presentScenario } from "./presenter";

export type ScenarioCreateInput = z.output<typeof ZScenarioCreateRequest>;
export type ScenarioUpdateInput = z.output<typeof ZScenarioUpdateRequest>;

const AVAILABLE_PAGE_SIZE = 50;
/** Dry-run assumption: share of eligible subjects claiming per day, absent history. */
const ASSUMED_DAILY_UPTAKE = 0.02;

export function isOpenNow(scenario: Pick<Scenario, "status" | "startsAt" | "endsAt">, now = new Date()): boolean {
  return scenario.status === "published" && scenario.startsAt <= now && now < scenario.endsAt;
}

function definition(input: ScenarioCreateInput | ScenarioUpdateInput) {
  return {
    title: input.title,
    category: input.category,
    description: input.description,
    terms: input.terms,
    provinceWide: input.provinceWide,
    prefectureCodes: input.provinceWide ? [] : input.prefectureCodes,
    rule: input.rule,
    benefit: input.benefit,
    quota: input.quota,
    perSubjectLimit: input.perSubjectLimit,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    redemptionHours: input.redemptionHours,
  };
}

/** Thresholds on the published model's scales, and no "all" that no kind of subject can meet. Loan products share it. */
export async function checkRuleScales(rule: TEligibilityRule): Promise<void> {
  const issues = ruleScaleIssues(rule, await publishedScales({ fresh: true }));
  if (issues.length === 0) return;
  throw new AppError("VALIDATION_FAILED", issues[0]!.message, { issues: issues.map((i) => ({ path: ["body", "rule", ...i.path].join("."), message: i.message })) });
}

/** A partner's offer stays within the partner's service area (loan products share it). */
export async function partnerScopeCheck(actor: Actor, scope: { provinceWide: boolean; prefectureCodes: string[] }): Promise<void> {
  if (actor.role !== "partner_operator") return;
  const partner = await PartnerModel.findById(actor.partnerId).lean();
  if (!partner || partner.status !== "approved") throw new AppError("FORBIDDEN", "机构尚未通过审核");
  if (partner.provinceWide) return;
  const outside = scope.provinceWide ? ["全省"] : scope.prefectureCodes.filter((c) => !partner.prefectureCodes.includes(c as never));
  if (outside.length) throw new AppError("FORBIDDEN", "超出本机构的服务地区", { issues: [{ path: "body.prefectureCodes", message: "超出本机构的服务地区" }] });
}

export function createScenarioService(deps: { redis: Redis; keys: RedisKeys; catalog: ScenarioCatalog; stats: ScenarioStats; evaluations: EvaluationService }) {
  const { catalog, stats, evaluations } = deps;

  async function present(scenarios: Scenario[]): Promise<TScenario[]> {
    const ownerIds = scenarios.flatMap((s) => (s.ownerPartnerId ? [s.ownerPartnerId] : []));
    const [counts, partners] = await Promise.all([
      stats.counts(scenarios.map((s) => s._id)),
      ownerIds.length ? PartnerModel.find({ _id: { $in: ownerIds } }, { name: 1 }).lean() : Promise.resolve([]),
    ]);
    const names = new Map(partners.map((p) => [p._id.toHexString(), p.name]));
    return scenarios.map((s) =>
      presentScenario(s, counts.get(s._id.toHexString()) ?? { claimed: 0, redeemed: 0, cancelled: 0 }, s.ownerPartnerId ? names.get(s.ownerPartnerId.toHexString()) : undefined),
    );
  }

  async function findVisible(actor: Actor, id: string): Promise<Scenario> {
    const scenario = await ScenarioModel.findById(id).lean<Scenario>();
    // Another region's scenario is reported as missing: its existence is not ours to tell.
    if (!scenario || !scenarioPolicy.canView(actor, scenario)) throw new AppError("NOT_FOUND", "场景不存在");
    return scenario;
  }

  /** Writes version v+1: the event insert decides between concurrent writers. */
  async function advance(actor: Actor, scenario: Scenario, expectedVersion: number, change: { kind: "edit" | "transition"; to: TScenarioStatus; reason?: string | undefined; set: Record<string, unknown> }) {
    if (scenario.version !== expectedVersion) throw new AppError("VERSION_CONFLICT");
    const version = expectedVersion + 1;
    try {
      await ScenarioEventModel.create({
        scenarioId: scenario._id,
        version,
        kind: change.kind,
        from: scenario.status,
        to: change.to,
        ...(change.reason ? { reason: change.reason } : {}),
        actorId: actor.userId,
        actorRole: actor.role,
        snapshot: change.kind === "edit" ? change.set : undefined,
        at: new Date(),
      });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
      throw err;
    }
    await ScenarioModel.updateOne({ _id: scenario._id, version: expectedVersion }, { $set: { ...change.set, status: change.to, version } });
    if (scenario.status === "published" || change.to === "published") await catalog.changed();
    await audit(actor, { action: `scenario.${change.kind === "edit" ? "edit" : change.to}`, target: `scenario:${scenario._id.toHexString()}`, details: { version, ...(change.reason ? { reason: change.reason } : {}) } });
  }

  return {
    /** Defaults applied, as the route would: for seeds and scripts that build requests in code. */
    parseCreate(input: z.input<typeof ZScenarioCreateRequest>): ScenarioCreateInput {
      return ZScenarioCreateRequest.parse(input);
    },

    async create(actor: Actor, input: ScenarioCreateInput): Promise<TScenario> {
      const def = definition(input);
      await checkRuleScales(def.rule);
      if (!scenarioPolicy.canCreate(actor, def)) {
        throw new AppError("FORBIDDEN", "只能为本州市创建场景", { issues: [{ path: "body.prefectureCodes", message: "超出您的管辖范围" }] });
      }
      await partnerScopeCheck(actor, def);
      const id = new Types.ObjectId();
      const ownerPartnerId = actor.role === "partner_operator" ? new Types.ObjectId(actor.partnerId) : undefined;
      await ScenarioEventModel.create({ scenarioId: id, version: 1, kind: "create", to: "draft", actorId: actor.userId, actorRole: actor.role, snapshot: def, at: new Date() });
      await ScenarioModel.create({ _id: id, ...def, ...(ownerPartnerId ? { ownerPartnerId } : {}), status: "draft", version: 1, createdBy: new Types.ObjectId(actor.userId) });
      await audit(actor, { action: "scenario.create", target: `scenario:${id.toHexString()}`, details: { title: def.title } });
      return (await present([(await ScenarioModel.findById(id).lean<Scenario>())!]))[0]!;
    },

    async update(actor: Actor, id: string, input: ScenarioUpdateInput): Promise<TScenario> {
      const scenario = await findVisible(actor, id);
      if (!scenarioPolicy.isOwner(actor, scenario)) throw new AppError("FORBIDDEN");
      if (scenario.status !== "draft" && scenario.status !== "rejected") throw new AppError("SCENARIO_TRANSITION_INVALID", "只有草稿或被驳回的场景可以修改");
      const def = definition(input);
      await checkRuleScales(def.rule);
      if (!scenarioPolicy.canCreate(actor, def)) throw new AppError("FORBIDDEN", "只能为本州市创建场景");
      await partnerScopeCheck(actor, def);
      await advance(actor, scenario, input.expectedVersion, { kind: "edit", to: scenario.status, set: def });
      return this.get(actor, id);
    },

    async transition(actor: Actor, id: string, request: TScenarioTransitionRequest): Promise<TScenario> {
      const scenario = await findVisible(actor, id);
      const rule = SCENARIO_TRANSITIONS[request.action];
      const owner = scenarioPolicy.isOwner(actor, scenario);
      const approver = scenarioPolicy.canApprove(actor, scenario);
      const allowed =
        request.action === "submit" ? owner && !!scenario.ownerPartnerId
        : request.action === "approve" || request.action === "reject" ? approver
        : owner || approver;
      if (!allowed) throw new AppError("FORBIDDEN", "您不能对该场景执行此操作");
      if (!rule.from.includes(scenario.status)) throw new AppError("SCENARIO_TRANSITION_INVALID");
      if (request.action === "publish" && scenario.status === "draft" && scenario.ownerPartnerId) {
        throw new AppError("SCENARIO_TRANSITION_INVALID", "合作机构的场景需提交审核、通过后才能发布");
      }
      if (request.action === "reject" && !request.reason) {
        throw new AppError("VALIDATION_FAILED", "请填写驳回原因", { issues: [{ path: "body.reason", message: "请填写驳回原因" }] });
      }
      if (request.action === "publish" && scenario.endsAt <= new Date()) throw new AppError("SCENARIO_TRANSITION_INVALID", "该场景的结束时间已过，不能发布");
      await advance(actor, scenario, request.expectedVersion, {
        kind: "transition",
        to: rule.to,
        reason: request.reason,
        set: {
          ...(request.action === "reject" ? { rejectionReason: request.reason } : {}),
          ...(request.action === "publish" && !scenario.publishedAt ? { publishedAt: new Date() } : {}),
        },
      });
      return this.get(actor, id);
    },

    async list(actor: Actor, status?: TScenarioStatus): Promise<TScenario[]> {
      const filter = scenarioPolicy.listFilter(actor);
      if (!filter) throw new AppError("FORBIDDEN");
      const scenarios = await ScenarioModel.find({ ...filter, ...(status ? { status } : {}) }).sort({ createdAt: -1 }).limit(500).lean<Scenario[]>();
      return present(scenarios);
    },

    async get(actor: Actor, id: string): Promise<TScenario> {
      return (await present([await findVisible(actor, id)]))[0]!;
    },

    async history(actor: Actor, id: string) {
      const scenario = await findVisible(actor, id);
      const events = await ScenarioEventModel.find({ scenarioId: scenario._id }).sort({ version: 1 }).lean();
      return events.map((e) => ({
        version: e.version,
        kind: e.kind,
        ...(e.from ? { from: e.from } : {}),
        to: e.to,
        ...(e.reason ? { reason: e.reason } : {}),
        actorRole: e.actorRole,
        at: e.at.toISOString(),
      }));
    },

    async stats(actor: Actor, id: string): Promise<TScenarioStats> {
      const scenario = await findVisible(actor, id);
      const counts = (await stats.counts([scenario._id])).get(id)!;
      const expired = await ClaimModel.countDocuments({ scenarioId: scenario._id, status: "claimed", expiresAt: { $lte: new Date() } });
      return { claimed: counts.claimed, redeemed: counts.redeemed, cancelled: counts.cancelled, expired, remaining: Math.max(scenario.quota - (counts.claimed - counts.cancelled), 0) };
    },

    /** Who in scope qualifies today, by grade, and how fast the quota would go. */
    async dryRun(actor: Actor, id: string): Promise<TScenarioDryRun> {
      const scenario = await findVisible(actor, id);
      const subjects = await SubjectModel.find(scenario.provinceWide ? {} : { prefectureCode: { $in: scenario.prefectureCodes } }, { kind: 1, prefectureCode: 1 }).limit(200_000).lean();
      const [standings, redList, scales] = await Promise.all([
        SubjectStandingModel.find({}).lean(),
        CreditRecordModel.find({ kind: "red_list", status: "active" }, { subjectId: 1 }).lean(),
        publishedScales(),
      ]);
      const standingOf = new Map(standings.map((s) => [s._id!.toHexString(), s]));
      const redListed = new Set(redList.map((r) => r.subjectId.toHexString()));
      const byGrade = new Map<string, number>();
      let eligible = 0;
      for (const s of subjects) {
        const standing = standingOf.get(s._id.toHexString());
        if (!standing) continue;
        const kind = s.kind as "citizen" | "enterprise";
        const judged = judgeEligibility(scenario.rule as TEligibilityRule, {
          kind,
          score: standing.score,
          grade: standing.grade,
          scale: scales[kind],
          blacklisted: standing.blacklisted,
          redListed: redListed.has(s._id.toHexString()),
          prefectureCode: s.prefectureCode,
        });
        if (!judged.eligible) continue;
        eligible += 1;
        byGrade.set(standing.grade, (byGrade.get(standing.grade) ?? 0) + 1);
      }
      const counts = (await stats.counts([scenario._id])).get(id)!;
      const remaining = Math.max(scenario.quota - (counts.claimed - counts.cancelled), 0);
      const perDay = eligible * ASSUMED_DAILY_UPTAKE;
      return {
        subjectsInScope: subjects.length,
        eligible,
        byGrade: [...byGrade.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([grade, n]) => ({ grade, eligible: n, benefit: benefitFor(scenario.benefit as TBenefit, grade) })),
        assumedDailyUptake: ASSUMED_DAILY_UPTAKE,
        daysToExhaustQuota: perDay > 0 ? Math.round((remaining / perDay) * 10) / 10 : null,
      };
    },

    /**
     * Published, open scenarios in the subject's region, each judged against their
     * standing now, with the benefit their grade gets and, when not eligible, why
     * and what would change it. Served from the catalogue and the profile cache.
     */
    async available(actor: Actor, query: { category?: string | undefined; page: number }) {
      const view = await subjectView(actor, evaluations);
      const open = (await catalog.openIn(view.prefectureCode)).filter((s) => !query.category || s.category === query.category);
      const judged = open.map((s) => ({ scenario: s, judgement: judge(s, view) }));
      // Eligible first, then the rest; newest first within each.
      judged.sort((a, b) => Number(b.judgement.eligible) - Number(a.judgement.eligible));
      const page = judged.slice((query.page - 1) * AVAILABLE_PAGE_SIZE, query.page * AVAILABLE_PAGE_SIZE);
      const [presented, mine] = await Promise.all([present(page.map((p) => p.scenario)), claimedScenarioIds(deps.redis, deps.keys, view.subjectId)]);
      const myClaims = await myClaimsOf(view.subjectId, page.filter((p) => mine.has(p.scenario._id.toHexString())).map((p) => p.scenario._id));
      const hints = hintsFor(view.evaluation);
      const items: TAvailableScenario[] = presented.map((p, i) => {
        const myClaim = myClaims.get(p.id);
        const { judgement } = page[i]!;
        const { rule: _rule, rejectionReason: _reason, ...shown } = p;
        return {
          ...shown,
          eligible: judgement.eligible,
          myBenefit: benefitFor(p.benefit, view.facts.grade),
          ...(view.facts.grade ? { myGrade: view.facts.grade } : {}),
          reasons: judgement.reasons,
          // Credit hints help only where credit is the reason ("仅限企业" is not).
          hints: judgement.reasons.some((r) => /信用分|信用等级|失信/.test(r)) ? hints : [],
          ...(judgement.reasons[0] ? { ineligibleReason: judgement.reasons[0] } : {}),
          claimedByMe: mine.has(p.id),
          ...(myClaim ? { myClaim } : {}),
          needsIdentity: !view.subjectId,
        };
      });
      return { items, total: judged.length, eligibleCount: judged.filter((j) => j.judgement.eligible).length, page: query.page, pageSize: AVAILABLE_PAGE_SIZE };
    },
  };
}

/**
 * The scenarios a subject holds a live claim of: a Redis set kept by the claim
 * service, rebuilt from the store when missing (marked by the "_" member).
 */
export async function claimedScenarioIds(redis: Redis, keys: RedisKeys, subjectId: Types.ObjectId | null): Promise<Set<string>> {
  if (!subjectId) return new Set();
  const key = keys.subjectClaimed(subjectId.toHexString());
  const members = await redis.sMembers(key).catch(() => [] as string[]);
  if (members.includes("_")) return new Set(members);
  const claims = await ClaimModel.find({ subjectId, status: { $ne: "cancelled" } }, { scenarioId: 1 }).lean();
  const ids = claims.map((c) => c.scenarioId.toHexString());
  await redis.multi().sAdd(key, ["_", ...ids]).expire(key, 3600).exec().catch(() => undefined);
  return new Set(ids);
}

export type ScenarioService = ReturnType<typeof createScenarioService>;
