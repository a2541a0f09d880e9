import { maskCitizenId, maskPhone, type TMessageKind } from "@xinyi/shared";
import { z } from "zod";
import type { TConfig } from "../../config";
import type { Logger } from "../../infra/logger";
import { beijingTimeText } from "./presenter";

/**
 * Pushing a message out of the app, to one account. The message center itself (GET /me/messages) never
 * depends on it: a push that is skipped or fails leaves the message there to read.
 */
export type DeliveryRecipient = { userId: string; wechatOpenId?: string };
export type DeliverableMessage = { id: string; kind: TMessageKind; title: string; body: string; link?: { page: string; id?: string }; at: Date };
export type DeliveryOutcome = { status: "sent" } | { status: "skipped"; reason: string } | { status: "failed"; reason: string; retry: boolean };

export interface MessageDeliverer {
  /** Recorded with each delivery attempt. */
  readonly channel: string;
  deliver(message: DeliverableMessage, recipient: DeliveryRecipient): Promise<DeliveryOutcome>;
}

const CITIZEN_ID = /\b\d{17}[\dXx]\b|\b\d{15}\b/g;
const PHONE = /\b1[3-9]\d{9}\b/g;

/** Text as it may appear in a log: ID numbers and phone numbers masked, whatever a feature put in it. */
export function maskForLog(text: string): string {
  return text.replace(CITIZEN_ID, (id) => maskCitizenId(id)).replace(PHONE, (phone) => maskPhone(phone));
}

/** Development stand-in: writes the push to the log (masked) instead of sending it. Refused in production (config.ts). */
export class DevMessageDeliverer implements MessageDeliverer {
  readonly channel = "dev-log";
  constructor(private readonly log: Logger) {}
  async deliver(message: DeliverableMessage, recipient: DeliveryRecipient): Promise<DeliveryOutcome> {
    this.log.info(
      { messageId: message.id, kind: message.kind, userId: recipient.userId, title: maskForLog(message.title), body: maskForLog(message.body) },
      "development message push (not sent to WeChat)",
    );
    return { status: "sent" };
  }
}

/** The mini-program page of a link's page key: ROUTES of miniapp/src/lib/nav.ts name `loanApplication` → pages/loan-application/index. */
export function miniProgramPage(link: DeliverableMessage["link"]): string {
  if (!link) return "pages/messages/index";
  const folder = link.page.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return `pages/${folder}/index${link.id ? `?id=${encodeURIComponent(link.id)}` : ""}`;
}

/** WeChat's limits on template values: `thing` at most 20 characters. */
function clip(text: string, max = 20): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

const ZToken = z.object({ access_token: z.string().optional(), expires_in: z.number().optional(), errcode: z.number().optional(), errmsg: z.string().optional() });
const ZSendAnswer = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() });

/** WeChat errors that mean the user cannot be pushed to now (no subscription left, refused, not a user of the app). */
const NOT_SUBSCRIBED = new Set([43101, 40003, 43104]);
/** The access token is stale: fetch another and try once more. */
const TOKEN_STALE = new Set([40001, 42001, 40014]);

export type WechatSubscribeOptions = {
  appId: string;
  secret: string;
  /** Template id per message kind (公共模板库 templates the mini-program's users subscribe to). */
  templates: Map<TMessageKind, string>;
  /** The template's three fields for title, body and time, e.g. ["thing1", "thing2", "time3"]. */
  fields: [string, string, string];
  /** formal | trial | developer: which build of the mini-program the message opens. */
  state: "formal" | "trial" | "developer";
  apiBase: string;
};

/**
 * WeChat mini-program subscription messages (订阅消息, subscribeMessage.send). A user must have
 * subscribed to the kind's template in the mini-program; a push without a subscription is skipped.
 */
export class WechatSubscribeDeliverer implements MessageDeliverer {
  readonly channel = "wechat-subscribe";
  private token: { value: string; until: number } | null = null;

  constructor(
    private readonly options: WechatSubscribeOptions,
    private readonly log: Logger,
  ) {}

  private async accessToken(fresh: boolean): Promise<string> {
    if (!fresh && this.token && this.token.until > Date.now()) return this.token.value;
    const response = await fetch(`${this.options.apiBase}/cgi-bin/stable_token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ grant_type: "client_credential", appid: this.options.appId, secret: this.options.secret, force_refresh: fresh }),
      signal: AbortSignal.timeout(5000),
    });
    const body = ZToken.parse(await response.json());
    if (!body.access_token) throw new Error(`WeChat stable_token refused: ${body.errcode ?? response.status} ${body.errmsg ?? ""}`);
    // Renewed five minutes early, so a token never expires between reading and using it.
    this.token = { value: body.access_token, until: Date.now() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 };
    return this.token.value;
  }

  async deliver(message: DeliverableMessage, recipient: DeliveryRecipient): Promise<DeliveryOutcome> {
    if (!recipient.wechatOpenId) return { status: "skipped", reason: "账号未绑定微信" };
    const templateId = this.options.templates.get(message.kind);
    if (!templateId) return { status: "skipped", reason: `未配置${message.kind}类消息模板` };
    const [titleField, bodyField, timeField] = this.options.fields;
    const payload = {
      touser: recipient.wechatOpenId,
      template_id: templateId,
      page: miniProgramPage(message.link),
      miniprogram_state: this.options.state,
      lang: "zh_CN",
      data: { [titleField]: { value: clip(message.title) }, [bodyField]: { value: clip(message.body) }, [timeField]: { value: beijingTimeText(message.at) } },
    };
    try {
      for (let attempt = 0; ; attempt++) {
        const token = await this.accessToken(attempt > 0);
        const response = await fetch(`${this.options.apiBase}/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(5000),
        });
        const answer = ZSendAnswer.parse(await response.json());
        const code = answer.errcode ?? 0;
        if (code === 0) return { status: "sent" };
        if (TOKEN_STALE.has(code) && attempt === 0) continue;
        if (NOT_SUBSCRIBED.has(code)) return { status: "skipped", reason: `微信 ${code}: 用户未订阅或已拒收` };
        // -1 is WeChat's "system busy": worth another try later; other codes are settled answers.
        return { status: "failed", reason: `微信 ${code}: ${answer.errmsg ?? ""}`.trim(), retry: code === -1 };
      }
    } catch (err) {
      this.log.warn({ err, messageId: message.id }, "WeChat subscription message could not be sent");
      return { status: "failed", reason: err instanceof Error ? err.message : String(err), retry: true };
    }
  }
}

/** The deliverer the configuration names; null when pushes are off (messages are still in the message center). */
export function createMessageDeliverer(config: TConfig, log: Logger): MessageDeliverer | null {
  if (config.MESSAGE_DELIVERER === "dev") return new DevMessageDeliverer(log);
  if (config.MESSAGE_DELIVERER === "wechat") {
    return new WechatSubscribeDeliverer(
      {
        appId: config.WECHAT_APPID!,
        secret: config.WECHAT_SECRET!,
        templates: config.WECHAT_TEMPLATE_IDS,
        fields: config.WECHAT_TEMPLATE_FIELDS,
        state: config.WECHAT_MINIPROGRAM_STATE,
        apiBase: config.WECHAT_API_BASE,
      },
      log,
    );
  }
  return null;
}
