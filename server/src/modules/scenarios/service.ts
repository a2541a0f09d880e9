import { Types } from "mongoose";
import { z } from "zod";
import { ZScenarioCreateRequest, type TAvailableScenario, type TScenario } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import type { SeatAllocator } from "../claims/seats";
import { ClaimModel } from "../claims/model";
import { standingOf } from "../evaluations/service";
import { UserModel } from "../users/model";
import { ScenarioModel, type Scenario } from "./model";
import { scenarioPolicy } from "./policy";
import { presentScenario } from "./presenter";

export type ScenarioCreateInput = z.output<typeof ZScenarioCreateRequest>;

export type CreditStanding = { bound: boolean; score?: number | null; blacklisted?: boolean | null };

/** Why a subject cannot claim a scenario right now, in words for them; null if they can. */
export function ineligibility(scenario: Scenario, standing: CreditStanding): string | null {
  if (!standing.bound) return "请先完成实名认证，才能判断您是否符合条件";
  if (standing.blacklisted) return "您在失信联合惩戒名单中，暂不能享受信易+守信激励";
  const score = standing.score ?? null;
  if (score === null) return "暂无您的信用评价，无法判断是否符合条件";
  if (score < scenario.minCreditScore) {
    return `您的信用分为 ${score}，该权益需要 ${scenario.minCreditScore} 分，还差 ${scenario.minCreditScore - score} 分`;
  }
  return null;
}

/** The subject's standing as of its latest evaluation (re-read on every check: 逢办必查). */
export async function creditStanding(subjectId: Types.ObjectId | null | undefined): Promise<CreditStanding> {
  if (!subjectId) return { bound: false };
  const standing = await standingOf(subjectId);
  return { bound: true, score: standing?.score ?? null, blacklisted: standing?.blacklisted ?? false };
}

export function isOpenNow(scenario: Scenario, now = new Date()): boolean {
  return scenario.status === "published" && scenario.startsAt <= now && now < scenario.endsAt;
}

export function createScenarioService(seats: SeatAllocator) {
  async function present(scenarios: Scenario[]): Promise<TScenario[]> {
    const counts = await seats.takenCounts(scenarios.map((s) => s._id));
    return scenarios.map((s) => presentScenario(s, counts.get(s._id.toHexString()) ?? 0));
  }

  async function findVisible(actor: Actor, id: string): Promise<Scenario> {
    const scenario = await ScenarioModel.findById(id).lean<Scenario>();
    // Another region's scenario is reported as missing: its existence is not ours to tell.
    if (!scenario || !scenarioPolicy.canView(actor, scenario)) throw new AppError("NOT_FOUND", "场景不存在");
    return scenario;
  }

  return {
    async create(actor: Actor, input: ScenarioCreateInput): Promise<TScenario> {
      if (!scenarioPolicy.canCreateFor(actor, input.prefectureCodes)) {
        throw new AppError("FORBIDDEN", "只能为本州市创建场景", { issues: [{ path: "body.prefectureCodes", message: "超出您的管辖范围" }] });
      }
      const created = await ScenarioModel.create({
        ...input,
        startsAt: new Date(input.startsAt),
        endsAt: new Date(input.endsAt),
        status: "draft",
        createdBy: new Types.ObjectId(actor.userId),
      });
      return presentScenario(created.toObject() as Scenario, 0);
    },

    async list(actor: Actor): Promise<TScenario[]> {
      const filter = scenarioPolicy.listFilter(actor);
      if (!filter) throw new AppError("FORBIDDEN");
      const scenarios = await ScenarioModel.find(filter).sort({ createdAt: -1 }).limit(500).lean<Scenario[]>();
      return present(scenarios);
    },

    async get(actor: Actor, id: string): Promise<TScenario> {
      const [scenario] = await present([await findVisible(actor, id)]);
      return scenario!;
    },

    /** Publishing an already published scenario changes nothing and returns it as it is. */
    async publish(actor: Actor, id: string): Promise<TScenario> {
      const scenario = await findVisible(actor, id);
      if (!scenarioPolicy.canManage(actor, scenario)) throw new AppError("FORBIDDEN", "该场景涉及其他州市，由省平台管理");
      if (scenario.status === "draft") {
        if (scenario.endsAt <= new Date()) throw new AppError("SCENARIO_NOT_PUBLISHABLE", "该场景的结束时间已过，不能发布");
        await ScenarioModel.updateOne(
          { _id: scenario._id, status: "draft" },
          { $set: { status: "published", publishedAt: new Date(), publishedBy: new Types.ObjectId(actor.userId) } },
        );
      }
      return this.get(actor, id);
    },

    /** Published, open scenarios of the subject's prefecture, each judged against their current credit. */
    async available(actor: Actor): Promise<TAvailableScenario[]> {
      const subject = await UserModel.findById(actor.userId, { prefectureCode: 1, subjectId: 1 }).lean();
      if (!subject?.prefectureCode) return [];
      const standing = await creditStanding(subject.subjectId);
      const now = new Date();
      const scenarios = await ScenarioModel.find({
        status: "published",
        prefectureCodes: subject.prefectureCode,
        startsAt: { $lte: now },
        endsAt: { $gt: now },
      })
        .sort({ publishedAt: -1 })
        .limit(1000)
        .lean<Scenario[]>();
      const [presented, mine] = await Promise.all([
        present(scenarios),
        subject.subjectId
          ? ClaimModel.find({ subjectId: subject.subjectId, scenarioId: { $in: scenarios.map((s) => s._id) } }, { scenarioId: 1 }).lean()
          : Promise.resolve([]),
      ]);
      const claimed = new Set(mine.map((c) => c.scenarioId.toHexString()));
      return presented.map((p, i) => {
        const reason = ineligibility(scenarios[i]!, standing);
        return { ...p, eligible: reason === null, ...(reason ? { ineligibleReason: reason } : {}), claimedByMe: claimed.has(p.id) };
      });
    },
  };
}

export type ScenarioService = ReturnType<typeof createScenarioService>;
