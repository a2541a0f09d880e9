import { needsUpgrade, upgradeRule, type TEligibilityRuleInput } from "@xinyi/shared";
import { ScenarioModel } from "./model";

/**
 * Rules stored before every threshold named the subject kind whose scale it is on are
 * upgraded in place (see `upgradeRule`), once, at boot. The version is not bumped (the rule
 * means what it meant); a scenario edited meanwhile (another version) is left to its edit,
 * which was upgraded on the way in.
 */
export async function upgradeStoredRules(): Promise<number> {
  const scenarios = await ScenarioModel.find({}, { rule: 1, version: 1 }).lean();
  let upgraded = 0;
  for (const s of scenarios) {
    const rule = s.rule as TEligibilityRuleInput;
    if (!needsUpgrade(rule)) continue;
    const res = await ScenarioModel.updateOne({ _id: s._id, version: s.version }, { $set: { rule: upgradeRule(rule) } });
    upgraded += res.modifiedCount;
  }
  return upgraded;
}
