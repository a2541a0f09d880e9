import {
  ZOperator,
  ZOperatorCreateRequest,
  ZOperatorList,
  ZPartnerDecisionRequest,
  ZPartnerDetail,
  ZPartnerDetailList,
  ZScenario,
  ZScenarioDryRun,
  ZScenarioHistory,
  ZScenarioList,
  ZScenarioStats,
  ZVoucherCheck,
  ZVoucherPublicKey,
  type TPartnerApplicationRequest,
  type TPartnerDetail,
  type TScenario,
  type TScenarioCreateRequest,
  type TScenarioDryRun,
  type TScenarioStats,
  type TScenarioStatus,
  type TScenarioTransitionRequest,
  type TScenarioUpdateRequest,
  type TVoucherCheck,
  type TVoucherCodeRequest,
} from "@xinyi/shared";
import { requestJson } from "./client";
import { query, seg } from "./credit";

/** The benefits marketplace: partners, scenarios and their lifecycle, vouchers at the counter (docs/api.md, issue 4). */

// shared/ names no types for these: take them from the schemas.
export type TOperator = ReturnType<typeof ZOperator.parse>;
export type TOperatorCreateRequest = ReturnType<typeof ZOperatorCreateRequest.parse>;
export type TPartnerDecisionRequest = ReturnType<typeof ZPartnerDecisionRequest.parse>;
export type TScenarioEvent = ReturnType<typeof ZScenarioHistory.parse>["items"][number];
export type TVoucherPublicKey = ReturnType<typeof ZVoucherPublicKey.parse>;

// ---------------------------------------------------------------- partners

/** 机构入驻申请: public, no sign-in. */
export function applyAsPartner(body: TPartnerApplicationRequest): Promise<TPartnerDetail> {
  return requestJson("POST", "/partner-applications", ZPartnerDetail, { body, auth: false });
}

export async function listPartnerApplications(): Promise<TPartnerDetail[]> {
  return (await requestJson("GET", "/partner-applications", ZPartnerDetailList)).items;
}

export function decidePartnerApplication(id: string, body: TPartnerDecisionRequest): Promise<TPartnerDetail> {
  return requestJson("POST", `/partner-applications/${seg(id)}/decision`, ZPartnerDetail, { body });
}

export async function listMyOperators(): Promise<TOperator[]> {
  return (await requestJson("GET", "/partners/mine/operators", ZOperatorList)).items;
}

export function addMyOperator(body: TOperatorCreateRequest): Promise<TOperator> {
  return requestJson("POST", "/partners/mine/operators", ZOperator, { body });
}

// ---------------------------------------------------------------- scenarios

export async function listScenarios(status?: TScenarioStatus): Promise<TScenario[]> {
  return (await requestJson("GET", `/scenarios${query({ status })}`, ZScenarioList)).items;
}

export function getScenario(id: string): Promise<TScenario> {
  return requestJson("GET", `/scenarios/${seg(id)}`, ZScenario);
}

export function createScenario(body: TScenarioCreateRequest): Promise<TScenario> {
  return requestJson("POST", "/scenarios", ZScenario, { body });
}

export function updateScenario(id: string, body: TScenarioUpdateRequest): Promise<TScenario> {
  return requestJson("PUT", `/scenarios/${seg(id)}`, ZScenario, { body });
}

export function transitionScenario(id: string, body: TScenarioTransitionRequest): Promise<TScenario> {
  return requestJson("POST", `/scenarios/${seg(id)}/transitions`, ZScenario, { body });
}

export async function scenarioHistory(id: string): Promise<TScenarioEvent[]> {
  return (await requestJson("GET", `/scenarios/${seg(id)}/history`, ZScenarioHistory)).items;
}

export function scenarioDryRun(id: string): Promise<TScenarioDryRun> {
  return requestJson("GET", `/scenarios/${seg(id)}/dry-run`, ZScenarioDryRun);
}

export function scenarioStats(id: string): Promise<TScenarioStats> {
  return requestJson("GET", `/scenarios/${seg(id)}/stats`, ZScenarioStats);
}

// ---------------------------------------------------------------- vouchers

export function verifyVoucher(body: TVoucherCodeRequest): Promise<TVoucherCheck> {
  return requestJson("POST", "/vouchers/verify", ZVoucherCheck, { body });
}

export function redeemVoucher(body: TVoucherCodeRequest): Promise<TVoucherCheck> {
  return requestJson("POST", "/vouchers/redeem", ZVoucherCheck, { body });
}

export function fetchVoucherPublicKey(): Promise<TVoucherPublicKey> {
  return requestJson("GET", "/vouchers/public-key", ZVoucherPublicKey, { auth: false });
}
