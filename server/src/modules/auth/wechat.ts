import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "../../http/app-error";

/** Turns a mini-program login `code` into the user's openid. */
export interface WechatProvider {
  exchangeCode(code: string): Promise<{ openId: string; unionId?: string }>;
}

const ZJscode2Session = z.object({
  openid: z.string().optional(),
  unionid: z.string().optional(),
  errcode: z.number().optional(),
  errmsg: z.string().optional(),
});

/** WeChat's code2Session (jscode2session) API. */
export class Jscode2SessionProvider implements WechatProvider {
  constructor(
    private readonly appId: string,
    private readonly secret: string,
    private readonly endpoint = "https://api.weixin.qq.com/sns/jscode2session",
  ) {}

  async exchangeCode(code: string) {
    const url = new URL(this.endpoint);
    url.search = new URLSearchParams({ appid: this.appId, secret: this.secret, js_code: code, grant_type: "authorization_code" }).toString();
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    const body = ZJscode2Session.parse(await response.json());
    if (!body.openid || body.errcode) throw new AppError("AUTH_INVALID_CREDENTIALS", "微信登录失败，请重试");
    return { openId: body.openid, ...(body.unionid ? { unionId: body.unionid } : {}) };
  }
}

/** Development stand-in without WeChat credentials: the same code always maps to the same openid. */
export class DevWechatProvider implements WechatProvider {
  async exchangeCode(code: string) {
    return { openId: `dev_${createHash("sha256").update(code).digest("hex").slice(0, 24)}` };
  }
}
