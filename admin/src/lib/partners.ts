import { PARTNER_KINDS, PARTNER_KIND_LABELS, type TPartnerDetail } from "@xinyi/shared";

export const PARTNER_KIND_OPTIONS = PARTNER_KINDS.map((k) => ({ value: k, label: PARTNER_KIND_LABELS[k] }));

export const PARTNER_STATUS_COLORS: Record<TPartnerDetail["status"], string> = {
  pending: "processing",
  approved: "success",
  rejected: "error",
};
