import {
  DEFAULT_REPAIR_RULES,
  PENALTY_SEVERITY_LABELS,
  RECORD_KIND_LABELS,
  ZRepairRulesUpdateRequest,
  type TRepairRule,
  type TRepairRules,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { UserModel } from "../users/model";
import { RepairRuleVersionModel, type RepairRuleVersion } from "./model";

export type RulesInForce = { version: number; items: TRepairRule[]; at?: Date; byName?: string };

export function ruleLabel(rule: Pick<TRepairRule, "kind" | "severity">): string {
  return rule.severity ? `${RECORD_KIND_LABELS[rule.kind]}（${PENALTY_SEVERITY_LABELS[rule.severity]}）` : RECORD_KIND_LABELS[rule.kind];
}

/**
 * The rules in force: the newest saved version, or the national defaults (version 0) while none
 * was saved. Read from the store each time (one small document): an edit applies to the next
 * request in every process, which is what "rules edited by the platform change the dates" means.
 */
export async function rulesInForce(): Promise<RulesInForce> {
  const latest = await RepairRuleVersionModel.findOne().sort({ _id: -1 }).lean<RepairRuleVersion>();
  if (!latest) return { version: 0, items: DEFAULT_REPAIR_RULES.map((r) => ({ ...r })) };
  return {
    version: latest._id,
    items: latest.items.map((r) => ({ kind: r.kind, ...(r.severity ? { severity: r.severity } : {}), minMonths: r.minMonths, maxMonths: r.maxMonths, repairable: r.repairable }) as TRepairRule),
    at: latest.at,
    byName: latest.byName,
  };
}

export function presentRules(rules: RulesInForce): TRepairRules {
  return {
    version: rules.version,
    items: rules.items.map((r) => ({ ...r, label: ruleLabel(r) })),
    ...(rules.at ? { updatedAt: rules.at.toISOString() } : {}),
    ...(rules.byName ? { updatedBy: rules.byName } : {}),
  };
}

/** Saves the platform administrator's rules as version expectedVersion + 1; the insert decides between two editors. */
export async function saveRules(actor: Actor, request: z.output<typeof ZRepairRulesUpdateRequest>): Promise<TRepairRules> {
  const current = await rulesInForce();
  if (current.version !== request.expectedVersion) throw new AppError("VERSION_CONFLICT");
  const user = await UserModel.findById(actor.userId, { displayName: 1 }).lean();
  const doc = {
    _id: request.expectedVersion + 1,
    items: request.items.map((r) => ({ kind: r.kind, ...(r.severity ? { severity: r.severity } : {}), minMonths: r.minMonths, maxMonths: r.maxMonths, repairable: r.repairable })),
    by: actor.userId,
    byName: user?.displayName ?? "平台管理员",
    at: new Date(),
  };
  try {
    await RepairRuleVersionModel.create(doc);
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new AppError("VERSION_CONFLICT");
    throw err;
  }
  await audit(actor, { action: "repair_rules.save", target: `repair-rules:${doc._id}`, details: { items: doc.items } });
  return presentRules(await rulesInForce());
}
