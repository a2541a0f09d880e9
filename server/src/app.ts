import Koa from "koa";
import cors from "@koa/cors";
import { bodyParser } from "@koa/bodyparser";
import helmet from "koa-helmet";
import type { TConfig } from "./config";
import { ApiRouter } from "./http/api-router";
import { authenticate } from "./http/auth-middleware";
import type { AppState } from "./http/context";
import { requestContext } from "./http/context";
import { docsRouter } from "./http/docs";
import { errorMiddleware } from "./http/error-middleware";
import { buildOpenApi } from "./http/openapi";
import { mountSpa } from "./http/web";
import type { Logger } from "./infra/logger";
import { RateLimiter } from "./infra/rate-limit";
import { redisKeys, type Redis } from "./infra/redis";
import { KnownLoginSources } from "./modules/auth/known-sources";
import { createOtpSender, OtpStore } from "./modules/auth/otp";
import { createRevocationList } from "./modules/auth/revocations";
import { registerAuthRoutes } from "./modules/auth/routes";
import { createAuthService } from "./modules/auth/service";
import { createAccessTokens } from "./modules/auth/tokens";
import { DevWechatProvider, Jscode2SessionProvider } from "./modules/auth/wechat";
import { registerClaimRoutes } from "./modules/claims/routes";
import { createSeatAllocator } from "./modules/claims/seats";
import { createClaimService } from "./modules/claims/service";
import { healthRouter } from "./modules/health/routes";
import { registerRegionRoutes } from "./modules/regions/routes";
import { registerScenarioRoutes } from "./modules/scenarios/routes";
import { createScenarioService } from "./modules/scenarios/service";
import { registerUserRoutes } from "./modules/users/routes";
import { PersonalDataVault } from "./infra/personal-data";
import { registerAuditRoutes } from "./modules/audit/routes";
import { registerConsentRoutes } from "./modules/consent/routes";
import { createConsentService } from "./modules/consent/service";
import { createAccountClosure } from "./modules/privacy/account";
import { registerPrivacyRoutes } from "./modules/privacy/routes";
import { registerCreditRecordRoutes } from "./modules/credit-records/routes";
import { createCreditRecordService } from "./modules/credit-records/service";
import { createEvaluationService } from "./modules/evaluations/service";
import { IMPORT_UPLOAD_PATH, registerImportRoutes } from "./modules/imports/routes";
import { createImportService } from "./modules/imports/service";
import { registerScoringRoutes } from "./modules/scoring/routes";
import { createScoringService } from "./modules/scoring/service";
import { createBindingService } from "./modules/subjects/binding";
import { actingAuthority } from "./modules/identity/acting-middleware";
import { createMandateService } from "./modules/identity/mandates";
import { MANDATE_REQUEST_PATH, registerIdentityRoutes } from "./modules/identity/routes";
import { createIdentityService } from "./modules/identity/service";
import { DevIdentityVerifier, HttpIdentityVerifier } from "./modules/identity/verifier";
import { registerSubjectRoutes } from "./modules/subjects/routes";
import { createSubjectService } from "./modules/subjects/service";
import { createScenarioStats } from "./modules/claims/stats";
import { registerPartnerRoutes } from "./modules/partners/routes";
import { createPartnerService } from "./modules/partners/service";
import { createScenarioCatalog } from "./modules/scenarios/catalog";
import { createVoucherCache } from "./modules/vouchers/cache";
import { registerVoucherRoutes } from "./modules/vouchers/routes";
import { createVoucherService } from "./modules/vouchers/service";
import { createVoucherSigner } from "./modules/vouchers/tokens";
import { createCalendarLoader } from "./modules/loans/calendar";
import { createLoanApplicationService } from "./modules/loans/applications-service";
import { createLoanProductService } from "./modules/loans/products-service";
import { registerLoanRoutes } from "./modules/loans/routes";
import { createDemandService } from "./modules/loans/demands-service";
import { registerDemandRoutes } from "./modules/loans/demands-routes";
import { createLoanStatsService } from "./modules/loans/stats-service";
import { registerLoanStatsRoutes } from "./modules/loans/stats-routes";
import { registerMessageRoutes } from "./modules/messages/routes";
import { createMessageService } from "./modules/messages/service";
import { registerCommitmentRoutes } from "./modules/commitments/routes";
import { createCommitmentService } from "./modules/commitments/service";
import { isUploadPath, registerAttachmentRoutes, UPLOAD_BODY_LIMIT } from "./modules/attachments/routes";
import { registerObjectionRoutes } from "./modules/objections/routes";
import { createObjectionService } from "./modules/objections/service";
import { registerRepairRoutes } from "./modules/repairs/routes";
import { createRepairService } from "./modules/repairs/service";

export const API_PREFIX = "/api/v1";

export type AppDeps = {
  config: TConfig;
  logger: Logger;
  /** Connected client; the store is Mongoose's default connection. */
  redis: Redis;
  /** Built web apps to serve from this process, if any. */
  web?: { admin?: string; h5?: string };
};

/** Wires the services: one place that knows how the modules fit together. */
export function createServices({ config, logger, redis }: AppDeps) {
  const keys = redisKeys(config.REDIS_KEY_PREFIX);
  const accessTokens = createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_SECONDS);
  const seats = createSeatAllocator(redis, keys, logger);
  const wechat =
    config.WECHAT_APPID && config.WECHAT_SECRET
      ? new Jscode2SessionProvider(config.WECHAT_APPID, config.WECHAT_SECRET)
      : config.NODE_ENV === "production"
        ? null
        : new DevWechatProvider();
  const vault = new PersonalDataVault(config.ID_ENCRYPTION_KEYS, config.ID_ENCRYPTION_ACTIVE_KEY_ID, config.ID_HASH_KEY);
  const evaluations = createEvaluationService(redis, keys, logger);
  const subjects = createSubjectService(vault, evaluations);
  const scoring = createScoringService((version) => {
    evaluations
      .recomputeAll()
      .then((count) => logger.info({ version, count }, "subjects re-evaluated under the new scoring model"))
      .catch((err: unknown) => logger.error({ err, version }, "re-evaluation after publishing failed"));
  });
  const rateLimiter = new RateLimiter(redis, keys, logger);
  const verifier =
    config.IDENTITY_PROVIDER === "http"
      ? new HttpIdentityVerifier(config.IDENTITY_HTTP_URL!, config.IDENTITY_HTTP_APP_KEY!, config.IDENTITY_HTTP_APP_SECRET!)
      : new DevIdentityVerifier();
  const identity = createIdentityService({ subjects, evaluations, verifier, rateLimiter });
  const revocations = createRevocationList(redis, keys, config.ACCESS_TOKEN_TTL_SECONDS, logger);
  const stats = createScenarioStats(redis, keys);
  const signer = createVoucherSigner(config.VOUCHER_SIGNING_SEED, config.VOUCHER_KEY_ID);
  const voucherCache = createVoucherCache(redis, keys);
  const catalog = createScenarioCatalog(redis, keys, logger);
  const mandates = createMandateService(subjects, identity);
  const consent = createConsentService(subjects, evaluations);
  const loanCalendar = createCalendarLoader();
  const records = createCreditRecordService(subjects, evaluations);
  const loanApplications = createLoanApplicationService({ consent, calendar: loanCalendar });
  return {
    accessTokens,
    revocations,
    signer,
    vault,
    evaluations,
    subjects,
    scoring,
    bindings: createBindingService(evaluations),
    identity,
    mandates,
    records,
    imports: createImportService(subjects, evaluations, logger),
    consent,
    closeAccount: createAccountClosure(revocations, mandates),
    auth: createAuthService({
      accessTokens,
      refreshTtlDays: config.REFRESH_TOKEN_TTL_DAYS,
      rateLimiter,
      otpStore: new OtpStore(redis, keys),
      otpSender: createOtpSender(config, logger),
      wechat,
      revocations,
      knownSources: new KnownLoginSources(redis, keys, logger),
      log: logger,
    }),
    scenarios: createScenarioService({ redis, keys, catalog, stats, evaluations }),
    claims: createClaimService({ redis, keys, seats, stats, signer, vouchers: voucherCache }),
    vouchers: createVoucherService(signer, voucherCache, stats),
    partners: createPartnerService(rateLimiter),
    loanCalendar,
    loanApplications,
    loanProducts: createLoanProductService({ evaluations }),
    loanDemands: createDemandService({ consent, applications: loanApplications, calendar: loanCalendar }),
    loanStats: createLoanStatsService(),
    // 异议; also owns the credit-rights settings (objection deadlines, repair limits) and who reads an objection's files.
    objections: createObjectionService({ records, calendar: loanCalendar }),
    // 信用修复; registers the "repair-fan-out" and "repair-reminders" sweeps and who reads a repair's files.
    repairs: createRepairService({ records, calendar: loanCalendar }),
    // 消息; registers the "voucher-expiry-reminders" and "loan-step-notices" sweeps the background worker runs.
    messages: createMessageService(),
    // Registers the "commitment-deadlines" sweep the background worker runs.
    commitments: createCommitmentService({ subjects, evaluations }),
  };
}

export type Services = ReturnType<typeof createServices>;

/** The Koa application, not listening: main.ts, tests and benchmarks each decide how to serve it. */
export function createApp(deps: AppDeps, services: Services = createServices(deps)): Koa<AppState> {
  const { config, logger, redis } = deps;

  const api = new ApiRouter({ validateResponses: config.VALIDATE_RESPONSES ?? config.NODE_ENV !== "production" });
  registerAuthRoutes(api, services.auth);
  registerUserRoutes(api);
  registerRegionRoutes(api);
  registerScenarioRoutes(api, services.scenarios);
  registerClaimRoutes(api, services.claims);
  registerSubjectRoutes(api, services.subjects, services.bindings, services.evaluations);
  registerIdentityRoutes(api, services.identity, services.mandates);
  registerCreditRecordRoutes(api, services.records);
  registerImportRoutes(api, services.imports);
  registerScoringRoutes(api, services.scoring);
  registerConsentRoutes(api, services.consent);
  registerPrivacyRoutes(api, services.closeAccount);
  registerAuditRoutes(api);
  registerPartnerRoutes(api, services.partners);
  registerVoucherRoutes(api, services.vouchers);
  registerLoanRoutes(api, { products: services.loanProducts, applications: services.loanApplications, calendar: services.loanCalendar });
  registerDemandRoutes(api, services.loanDemands);
  registerLoanStatsRoutes(api, services.loanStats);
  registerMessageRoutes(api, services.messages);
  registerCommitmentRoutes(api, services.commitments);
  registerAttachmentRoutes(api);
  registerObjectionRoutes(api, services.objections);
  registerRepairRoutes(api, services.repairs);
  api.router.prefix(API_PREFIX);

  let openApi: unknown;
  const docs = docsRouter(() => (openApi ??= buildOpenApi(api.specs, { title: "信易+ API", version: "1.0.0" }, API_PREFIX)));

  const app = new Koa<AppState>({ proxy: config.TRUST_PROXY });
  const allowedOrigins = new Set(config.CORS_ORIGINS);

  app.use(requestContext(logger));
  app.use(errorMiddleware());
  app.use(healthRouter(redis).routes());
  app.use(helmet({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false }));
  app.use(async (ctx, next) => {
    // Set before the handlers run, so that refusals thrown below (429, 401, …) carry them too.
    if (ctx.path.startsWith("/api/") && !ctx.path.startsWith("/api/docs")) {
      ctx.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
      ctx.set("Cache-Control", "no-store");
    }
    await next();
  });
  app.use(
    cors({
      origin: (ctx) => {
        const origin = ctx.get("origin");
        return allowedOrigins.has(origin) ? origin : "";
      },
      allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "X-Request-Id"],
      exposeHeaders: ["X-Request-Id", "Retry-After"],
      maxAge: 600,
    }),
  );
  const jsonBody = bodyParser({ enableTypes: ["json"], jsonLimit: config.BODY_LIMIT, encoding: "utf-8" });
  // File uploads stream their raw body to the import route, past the small JSON limit.
  // Mandate requests carry an authorization letter of up to 2 MB (base64).
  const letterBody = bodyParser({ enableTypes: ["json"], jsonLimit: "3mb", encoding: "utf-8" });
  // Case submissions with attachments (objections, repairs: up to 5 files of 5 MB) name their paths in modules/attachments.
  const uploadBody = bodyParser({ enableTypes: ["json"], jsonLimit: UPLOAD_BODY_LIMIT, encoding: "utf-8" });
  app.use((ctx, next) =>
    ctx.method === "POST" && ctx.path === API_PREFIX + IMPORT_UPLOAD_PATH
      ? next()
      : ctx.method === "POST" && ctx.path === API_PREFIX + MANDATE_REQUEST_PATH
        ? letterBody(ctx, next)
        : ctx.method === "POST" && ctx.path.startsWith(API_PREFIX) && isUploadPath(ctx.path.slice(API_PREFIX.length))
          ? // Only a caller with a token gets 36 MB read into memory; without one the route answers 401 unread.
            ctx.get("authorization")
            ? uploadBody(ctx, next)
            : next()
          : jsonBody(ctx, next),
  );
  app.use(authenticate(services.accessTokens, services.revocations));
  app.use(actingAuthority());

  app.use(docs.routes());
  app.use(api.router.routes());
  app.use(api.router.allowedMethods());

  if (deps.web?.admin) app.use(mountSpa("/admin", deps.web.admin));
  if (deps.web?.h5) app.use(mountSpa("/h5", deps.web.h5));
  app.use(async (ctx, next) => {
    if (ctx.path !== "/") return next();
    ctx.type = "html";
    ctx.body = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>信易+</title>
<h1>信易+</h1><ul>
<li><a href="/admin/">管理后台</a></li><li><a href="/h5/">小程序（H5 版）</a></li><li><a href="/api/docs">API 文档</a></li>
</ul></html>`;
  });
  return app;
}
