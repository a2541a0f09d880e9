import Dysmsapi, { SendSmsRequest } from "@alicloud/dysmsapi20170525";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { maskPhone } from "@xinyi/shared";
import { AppError } from "../../http/app-error";
import type { Logger } from "../../infra/logger";
import type { OtpSender } from "./otp";

// The package is CommonJS compiled from ES modules: Node's loader hands over module.exports, whose `default` is the client.
const DysmsapiClient = (Dysmsapi as unknown as { default?: typeof Dysmsapi }).default ?? Dysmsapi;

export type AliyunSmsOptions = {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** An approved template whose text has a ${code} variable. */
  templateCode: string;
  /** e.g. https://dysmsapi.aliyuncs.com */
  endpoint: string;
};

/** Texts one-time codes through Alibaba Cloud SMS (dysmsapi 2017-05-25, SendSms). */
export class AliyunSmsSender implements OtpSender {
  readonly exposesCodes = false;
  private readonly client: Dysmsapi;

  constructor(
    private readonly options: AliyunSmsOptions,
    private readonly log: Logger,
  ) {
    const endpoint = new URL(options.endpoint);
    this.client = new DysmsapiClient(
      new $OpenApiUtil.Config({
        accessKeyId: options.accessKeyId,
        accessKeySecret: options.accessKeySecret,
        endpoint: endpoint.host,
        protocol: endpoint.protocol.replace(":", ""),
        // A person is waiting on the login page: fail within seconds rather than hang.
        connectTimeout: 3000,
        readTimeout: 5000,
      }),
    );
  }

  async send(phone: string, code: string): Promise<void> {
    const request = new SendSmsRequest({
      phoneNumbers: phone,
      signName: this.options.signName,
      templateCode: this.options.templateCode,
      templateParam: JSON.stringify({ code }),
    });
    let answer: { code?: string; message?: string; requestId?: string } | undefined;
    try {
      answer = (await this.client.sendSms(request)).body;
    } catch (err) {
      // Unreachable endpoint, bad credentials, provider outage: the code is not delivered.
      this.log.error({ err, phone: maskPhone(phone) }, "SMS provider call failed");
      throw new AppError("SMS_SEND_FAILED");
    }
    // The provider answers HTTP 200 with a Code other than OK for refusals (flow control, bad number, template).
    if (answer?.code !== "OK") {
      this.log.error(
        { providerCode: answer?.code, providerMessage: answer?.message, requestId: answer?.requestId, phone: maskPhone(phone) },
        "SMS provider refused the message",
      );
      throw new AppError("SMS_SEND_FAILED");
    }
  }
}
