import { CONSENT_PURPOSES, type TConsentPurpose } from "@xinyi/shared";
import type { Logger } from "../../infra/logger";
import { ConsentGrantModel, ReportAccessModel } from "./model";

/**
 * Grants made when the purpose was free text get a purpose from the fixed list. Known wordings map
 * to their purpose; anything else becomes "scenario_verification", the narrowest one, so no old
 * grant comes to cover more than its words said (a bank cannot read a report for a loan under
 * "景区门票优惠核验"). The original words are kept in legacyPurpose.
 */
const KNOWN_WORDINGS: [RegExp, TConsentPurpose][] = [
  [/贷|授信|融资/, "loan_review"],
  [/押|租/, "rental_deposit_waiver"],
  [/出行|公交|地铁|单车|乘车/, "travel_service"],
  [/容缺|信易批|告知承诺/, "fast_track_approval"],
];

export function purposeOfLegacyText(text: string): TConsentPurpose {
  return KNOWN_WORDINGS.find(([pattern]) => pattern.test(text))?.[1] ?? "scenario_verification";
}

/** Idempotent: only documents whose purpose is not in the list are touched. */
export async function migrateConsentPurposes(log: Logger): Promise<number> {
  let changed = 0;
  for (const model of [ConsentGrantModel, ReportAccessModel] as const) {
    const legacy: string[] = await (model as typeof ConsentGrantModel).distinct("purpose", { purpose: { $nin: [...CONSENT_PURPOSES] } });
    for (const text of legacy) {
      const result = await (model as typeof ConsentGrantModel).updateMany({ purpose: text }, { $set: { purpose: purposeOfLegacyText(text), legacyPurpose: text } });
      changed += result.modifiedCount;
    }
  }
  if (changed > 0) log.info({ changed }, "free-text consent purposes mapped to the fixed list");
  return changed;
}
