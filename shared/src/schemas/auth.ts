import { z } from "zod";
import { BANK_STAFF_ROLES, PARTNER_KINDS, ROLES } from "../roles";
import { ZCleanText, ZMainlandPhone, ZPrefectureCode } from "./common";
import { ZActingIdentity } from "./identity";

export const ZConsoleLoginRequest = z.object({
  username: z.string().trim().min(1, "请输入用户名").max(64),
  password: z.string().min(1, "请输入密码").max(256),
});
export type TConsoleLoginRequest = z.infer<typeof ZConsoleLoginRequest>;

export const ZOtpSendRequest = z.object({ phone: ZMainlandPhone });
export type TOtpSendRequest = z.infer<typeof ZOtpSendRequest>;

export const ZOtpSendResult = z.object({
  sent: z.literal(true),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
  /** Only when the server runs the development sender (never in production): the code itself, for demos. */
  devCode: z.string().optional(),
});
export type TOtpSendResult = z.infer<typeof ZOtpSendResult>;

export const ZPhoneLoginRequest = z.object({
  phone: ZMainlandPhone,
  code: z.string().trim().regex(/^\d{6}$/, "验证码为6位数字"),
});
export type TPhoneLoginRequest = z.infer<typeof ZPhoneLoginRequest>;

export const ZWechatLoginRequest = z.object({
  code: z.string().trim().min(1, "缺少微信登录凭证").max(128),
});
export type TWechatLoginRequest = z.infer<typeof ZWechatLoginRequest>;

export const ZRefreshRequest = z.object({ refreshToken: z.string().min(1).max(256) });
export type TRefreshRequest = z.infer<typeof ZRefreshRequest>;

export const ZMe = z
  .object({
    id: z.string(),
    role: z.enum(ROLES),
    displayName: z.string(),
    username: z.string().optional(),
    phoneMasked: z.string().optional(),
    prefectureCode: ZPrefectureCode.optional(),
    prefectureName: z.string().optional(),
    partnerId: z.string().optional(),
    /** For partner operators: their organisation, its kind (a bank's operators get the loan screens) and the regions it serves. */
    partner: z
      .object({ id: z.string(), name: z.string(), kind: z.enum(PARTNER_KINDS).optional(), provinceWide: z.boolean(), prefectureCodes: z.array(ZPrefectureCode) })
      .optional(),
    /** A bank operator's post as the bank routes read it (no post stored counts as bank_manager); absent for other accounts. */
    staffRole: z.enum(BANK_STAFF_ROLES).optional(),
    creditScore: z.number().int().optional(),
    /** The account holder's verified identity (real-name verification by the identity service). */
    identity: z.object({ verified: z.boolean(), name: z.string().optional(), idMasked: z.string().optional() }).optional(),
    /** Every subject this account may act for: its own citizen identity and the enterprises it holds authority for. */
    identities: z.array(ZActingIdentity).optional(),
    /** The credit subject this session acts for (the token's subject); every check uses it. */
    subject: z
      .object({
        id: z.string(),
        kind: z.enum(["citizen", "enterprise"]),
        name: z.string(),
        idMasked: z.string().optional(),
        uscc: z.string().optional(),
      })
      .optional(),
  })
  .meta({ id: "Me" });
export type TMe = z.infer<typeof ZMe>;

export const ZSession = z
  .object({
    accessToken: z.string(),
    accessTokenExpiresAt: z.string(),
    refreshToken: z.string(),
    refreshTokenExpiresAt: z.string(),
    user: ZMe,
  })
  .meta({ id: "Session" });
export type TSession = z.infer<typeof ZSession>;

/** The prefecture a mini-program user lives in; required before claiming regional benefits. */
export const ZUpdateProfileRequest = z.object({
  displayName: ZCleanText(1, 32).optional(),
  prefectureCode: ZPrefectureCode.optional(),
});
export type TUpdateProfileRequest = z.infer<typeof ZUpdateProfileRequest>;
