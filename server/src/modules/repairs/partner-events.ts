import { Types } from "mongoose";
import type { TPartnerCreditEvent } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { PartnerCreditEventModel, type PartnerCreditEvent } from "./model";
import { presentPartnerEvent } from "./presenter";

const PAGE_SIZE = 20;

/** A partner's credit events (written by the fan-out sweep), newest first: only its own. */
export async function partnerCreditEvents(actor: Actor, page: number): Promise<{ items: TPartnerCreditEvent[]; total: number; page: number; pageSize: number }> {
  if (actor.role !== "partner_operator" || !actor.partnerId) throw new AppError("FORBIDDEN");
  const filter = { partnerId: new Types.ObjectId(actor.partnerId) };
  const [list, total] = await Promise.all([
    PartnerCreditEventModel.find(filter).sort({ at: -1, _id: 1 }).skip((page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<PartnerCreditEvent[]>(),
    PartnerCreditEventModel.countDocuments(filter),
  ]);
  return { items: list.map(presentPartnerEvent), total, page, pageSize: PAGE_SIZE };
}
