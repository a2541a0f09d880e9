import { z } from "zod";

/**
 * Every failure the API reports carries one of these codes. Clients branch on the
 * code (stable), show the message (plain Simplified Chinese) and, for validation
 * failures, highlight the fields named in `details.issues[].path`.
 */
export const ERROR_CATALOG = {
  VALIDATION_FAILED: { status: 400, message: "提交的内容有误，请检查后重试" },
  BAD_JSON: { status: 400, message: "请求内容不是有效的 JSON" },
  AUTH_REQUIRED: { status: 401, message: "请先登录" },
  AUTH_TOKEN_INVALID: { status: 401, message: "登录已失效，请重新登录" },
  AUTH_INVALID_CREDENTIALS: { status: 401, message: "用户名或密码错误" },
  AUTH_OTP_INVALID: { status: 401, message: "验证码错误或已过期" },
  AUTH_REFRESH_INVALID: { status: 401, message: "登录已失效，请重新登录" },
  AUTH_REFRESH_REUSED: { status: 401, message: "检测到登录凭证被重复使用，已退出所有相关会话，请重新登录" },
  FORBIDDEN: { status: 403, message: "没有权限执行此操作" },
  NOT_FOUND: { status: 404, message: "请求的内容不存在" },
  ROUTE_NOT_FOUND: { status: 404, message: "接口不存在" },
  METHOD_NOT_ALLOWED: { status: 405, message: "接口不支持该请求方法" },
  CONFLICT: { status: 409, message: "数据已存在或已被修改" },
  SCENARIO_NOT_AVAILABLE: { status: 409, message: "该权益当前不可领取" },
  CLAIM_ALREADY_CLAIMED: { status: 409, message: "您已领取过该权益，不能重复领取" },
  CLAIM_QUOTA_EXHAUSTED: { status: 409, message: "该权益名额已领完" },
  CLAIM_LIMIT_REACHED: { status: 409, message: "您已达到该权益的领取次数上限" },
  SCENARIO_TRANSITION_INVALID: { status: 409, message: "该场景当前状态不能执行此操作" },
  VOUCHER_INVALID: { status: 422, message: "券码无效或二维码已过期，请让对方刷新二维码" },
  VOUCHER_ALREADY_REDEEMED: { status: 409, message: "该券已核销，不能重复使用" },
  VOUCHER_NOT_REDEEMABLE: { status: 409, message: "该券已取消或已过期，不能核销" },
  VOUCHER_WRONG_PARTNER: { status: 403, message: "该券不属于本机构的权益，不能核销" },
  VOUCHER_ALREADY_CANCELLED: { status: 409, message: "该券已取消，无需重复取消" },
  PARTNER_PENDING_REVIEW: { status: 403, message: "机构入驻申请待审核，审核通过后即可登录" },
  PARTNER_REJECTED: { status: 403, message: "机构入驻申请未通过审核，请联系所在州市信用主管部门" },
  CLAIM_OUT_OF_REGION: { status: 403, message: "该权益不面向您所在的地区" },
  CLAIM_NOT_ELIGIBLE: { status: 422, message: "您暂不符合该权益的领取条件" },
  SUBJECT_NOT_BOUND: { status: 409, message: "请先完成实名认证或企业认证" },
  SUBJECT_ALREADY_BOUND: { status: 409, message: "该账号已完成认证，如需变更请联系管理员" },
  SUBJECT_BOUND_ELSEWHERE: { status: 409, message: "该证件已绑定其他账号，如有疑问请联系管理员" },
  IDENTITY_NOT_VERIFIED: { status: 422, message: "姓名与身份证号码核验未通过，请核对后重试" },
  IDENTITY_REQUIRED: { status: 409, message: "请先完成实名认证" },
  ENTERPRISE_AUTHORITY_REQUIRED: { status: 403, message: "您不是该企业登记的法定代表人，请提交经办人授权申请" },
  ENTERPRISE_REVIEW_REQUIRED: { status: 409, message: "该企业暂无法定代表人登记信息，请上传授权书，由所在州市管理员审核" },
  MANDATE_TRANSITION_INVALID: { status: 409, message: "该授权申请当前状态不能执行此操作" },
  PRIVACY_CONSENT_REQUIRED: { status: 409, message: "请先阅读并同意用户协议、隐私政策及敏感个人信息处理规则" },
  LOAN_NOT_ELIGIBLE: { status: 422, message: "您暂不符合该贷款产品的申请条件" },
  LOAN_TERMS_OUT_OF_RANGE: { status: 422, message: "申请金额或期限超出该产品的范围" },
  LOAN_APPLICATION_OPEN: { status: 409, message: "您已有该产品正在办理的申请，请等待银行处理或撤回后再申请" },
  LOAN_TRANSITION_INVALID: { status: 409, message: "该贷款申请当前状态不能执行此操作" },
  LOAN_DEMAND_FULL: { status: 409, message: "该融资需求已有3家银行接单" },
  LOAN_DEMAND_ALREADY_TAKEN: { status: 409, message: "本行已接过该融资需求" },
  LOAN_DEMAND_CLOSED: { status: 409, message: "该融资需求已结束对接" },
  CONSENT_REQUIRED: { status: 403, message: "未获得信用主体的有效授权，不能查询其信用报告" },
  OBJECTION_NOT_ALLOWED: { status: 422, message: "该记录不能提出异议" },
  OBJECTION_OPEN: { status: 409, message: "该记录已有正在处理的异议，请等待处理结果" },
  OBJECTION_TRANSITION_INVALID: { status: 409, message: "该异议当前状态不能执行此操作" },
  COMMITMENT_NOT_ELIGIBLE: { status: 422, message: "该主体不适用告知承诺，请按一般程序提交证明材料" },
  COMMITMENT_SUBJECT_UNKNOWN: { status: 404, message: "平台尚无该主体的信息，请申请人先在小程序完成实名认证或企业认证" },
  COMMITMENT_TRANSITION_INVALID: { status: 409, message: "该承诺案件当前状态不能执行此操作" },
  REPAIR_NOT_REPAIRABLE: { status: 422, message: "该记录不适用信用修复" },
  REPAIR_NOT_YET_ALLOWED: { status: 422, message: "该记录尚未到可申请信用修复的日期" },
  REPAIR_TOO_SOON: { status: 422, message: "距上次信用修复时间过短，暂不能申请" },
  REPAIR_LIMIT_REACHED: { status: 422, message: "五年内信用修复次数已达上限" },
  REPAIR_ALREADY_OPEN: { status: 409, message: "该记录已有正在审核的修复申请" },
  REPAIR_COMMITMENT_OUTDATED: { status: 409, message: "信用承诺书已更新，请重新阅读并同意" },
  REPAIR_TRANSITION_INVALID: { status: 409, message: "该修复申请当前状态不能执行此操作" },
  VERSION_CONFLICT: { status: 409, message: "数据已被他人修改，请刷新后重试" },
  MODEL_NOT_EDITABLE: { status: 409, message: "已发布的评分模型不能修改，请新建版本" },
  IMPORT_TOO_LARGE: { status: 413, message: "导入文件过大：单个文件最多100000行" },
  PAYLOAD_TOO_LARGE: { status: 413, message: "提交的内容过大" },
  RATE_LIMITED: { status: 429, message: "操作过于频繁，请稍后再试" },
  ACCOUNT_LOCKED: { status: 429, message: "登录失败次数过多，已暂停从此处登录该账号，请稍后再试" },
  INTERNAL: { status: 500, message: "服务器内部错误，请稍后重试" },
  NOT_READY: { status: 503, message: "服务暂不可用" },
  CLAIM_BUSY: { status: 503, message: "领取的人太多，请稍后再试一次" },
  SMS_SEND_FAILED: { status: 503, message: "验证码短信发送失败，请稍后重试" },
} as const satisfies Record<string, { status: number; message: string }>;

export type TErrorCode = keyof typeof ERROR_CATALOG;

export const ERROR_CODES = Object.keys(ERROR_CATALOG) as [TErrorCode, ...TErrorCode[]];

export function httpStatusOf(code: TErrorCode): number {
  return ERROR_CATALOG[code].status;
}

export const ZValidationIssue = z.object({
  path: z.string().describe("Dotted path of the offending field, e.g. body.quota"),
  message: z.string(),
});
export type TValidationIssue = z.infer<typeof ZValidationIssue>;

export const ZErrorEnvelope = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      requestId: z.string(),
    }),
  })
  .meta({ id: "ErrorEnvelope" });
export type TErrorEnvelope = z.infer<typeof ZErrorEnvelope>;
