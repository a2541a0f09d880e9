import { Types } from "mongoose";
import {
  maskPhone,
  type TMandate,
  type TMandateDecisionRequest,
  type TMandatePage,
  type TMandateRequest,
  type TMandateRevokeRequest,
  type TMandateStatus,
  type TPrefectureCode,
  ZMandateRequest,
} from "@xinyi/shared";
import type { z } from "zod";
import { AppError } from "../../http/app-error";
import type { Actor } from "../../http/context";
import { confirmedFileType } from "../../infra/file-types";
import { isDuplicateKeyError } from "../../infra/store";
import { audit } from "../audit/service";
import { SubjectModel, type Subject } from "../subjects/model";
import { subjectPolicy } from "../subjects/policy";
import type { SubjectService } from "../subjects/service";
import { UserModel } from "../users/model";
import { authorityId, MandateEventModel, MandateLetterModel, MandateModel, SubjectAuthorityModel, type Mandate } from "./model";
import type { IdentityService } from "./service";

const PAGE_SIZE = 20;
const CONSOLE_DECIDERS = ["platform_admin", "regional_admin"];

type Decider = "legal_rep" | "administrator" | "agent";

/** 经办人授权: a verified citizen asks to act for an enterprise; the legal representative or an administrator decides. */
export function createMandateService(subjects: SubjectService, identity: IdentityService) {
  async function present(list: Mandate[]): Promise<TMandate[]> {
    const [enterprises, agents, users] = await Promise.all([
      SubjectModel.find({ _id: { $in: list.map((m) => m.enterpriseId) } }, { name: 1, uscc: 1, prefectureCode: 1 }).lean(),
      SubjectModel.find({ _id: { $in: list.map((m) => m.agentSubjectId) } }, { name: 1, idMasked: 1 }).lean(),
      UserModel.find({ _id: { $in: list.map((m) => m.agentUserId) } }, { phone: 1 }).lean(),
    ]);
    const byId = <T extends { _id: Types.ObjectId }>(docs: T[]) => new Map(docs.map((d) => [d._id.toHexString(), d]));
    const [e, a, u] = [byId(enterprises), byId(agents), byId(users)];
    return list.map((m) => {
      const enterprise = e.get(m.enterpriseId.toHexString());
      const agent = a.get(m.agentSubjectId.toHexString());
      const phone = u.get(m.agentUserId.toHexString())?.phone;
      return {
        id: m._id.toHexString(),
        status: m.status as TMandateStatus,
        approver: m.approver as TMandate["approver"],
        enterprise: { subjectId: m.enterpriseId.toHexString(), name: enterprise?.name ?? "", uscc: enterprise?.uscc ?? "", prefectureCode: m.prefectureCode as TPrefectureCode },
        agent: { userId: m.agentUserId.toHexString(), name: agent?.name ?? "", idMasked: agent?.idMasked ?? "", ...(phone ? { phoneMasked: maskPhone(phone) } : {}) },
        ...(m.note ? { note: m.note } : {}),
        hasLetter: m.hasLetter,
        requestedAt: m.requestedAt.toISOString(),
        ...(m.decidedAt ? { decidedAt: m.decidedAt.toISOString() } : {}),
        ...(m.decidedBy ? { decidedBy: m.decidedBy as Decider } : {}),
        ...(m.reason ? { reason: m.reason } : {}),
      };
    });
  }

  async function isLegalRep(userId: string, enterpriseId: Types.ObjectId): Promise<boolean> {
    const held = await SubjectAuthorityModel.findById(authorityId(userId, enterpriseId), { authority: 1 }).lean();
    return held?.authority === "legal_rep";
  }

  /** Who the caller is for this mandate; administrators only of the enterprise's prefecture (others: not found). */
  async function roleIn(actor: Actor, m: Mandate): Promise<Decider | null> {
    if (CONSOLE_DECIDERS.includes(actor.role)) return subjectPolicy.canSee(actor, m) ? "administrator" : null;
    if (await isLegalRep(actor.userId, m.enterpriseId)) return "legal_rep";
    return m.agentUserId.toHexString() === actor.userId ? "agent" : null;
  }

  async function load(actor: Actor, id: string): Promise<{ m: Mandate; role: Decider }> {
    const m = Types.ObjectId.isValid(id) ? await MandateModel.findById(id).lean<Mandate>() : null;
    const role = m ? await roleIn(actor, m) : null;
    if (!m || !role) throw new AppError("NOT_FOUND", "授权申请不存在");
    return { m, role };
  }

  /**
   * Moves a mandate on. The event insert under (mandateId, version + 1) decides: of two
   * concurrent deciders one wins, the other gets MANDATE_TRANSITION_INVALID. An approval
   * grants the authority before the mandate reads "active", so a revocation (which needs
   * "active") always finds the authority to end.
   */
  async function transition(actor: Actor, m: Mandate, by: Decider, to: TMandateStatus, reason: string | undefined): Promise<TMandate> {
    const version = m.version + 1;
    const at = new Date();
    try {
      await MandateEventModel.create({ mandateId: m._id, version, status: to, by, actorId: new Types.ObjectId(actor.userId), ...(reason ? { reason } : {}), at });
    } catch (err) {
      if (isDuplicateKeyError(err)) throw new AppError("MANDATE_TRANSITION_INVALID");
      throw err;
    }
    const id = authorityId(m.agentUserId, m.enterpriseId);
    if (to === "active") {
      await SubjectAuthorityModel.create({ _id: id, userId: m.agentUserId, subjectId: m.enterpriseId, authority: "agent", mandateId: m._id, at }).catch((err: unknown) => {
        if (!isDuplicateKeyError(err)) throw err;
      });
    }
    const decided = { status: to, version, decidedAt: at, decidedBy: by, ...(reason ? { reason } : {}) };
    await MandateModel.updateOne({ _id: m._id, version: m.version }, { $set: decided });
    if (to === "revoked" || to === "withdrawn") await SubjectAuthorityModel.deleteOne({ _id: id, mandateId: m._id });
    await audit(actor, { action: `mandate.${to}`, target: `mandate:${m._id.toHexString()}`, details: { enterpriseId: m.enterpriseId.toHexString(), by, ...(reason ? { reason } : {}) } });
    return (await present([{ ...m, ...decided }]))[0]!;
  }

  function requireReason(by: Decider, reason: string | undefined): void {
    if (by === "administrator" && !reason) {
      throw new AppError("VALIDATION_FAILED", "管理员须说明理由", { issues: [{ path: "body.reason", message: "请填写理由" }] });
    }
  }

  /** An enterprise the platform does not know: recorded as the applicant states it, for the administrator to check. */
  async function enterpriseFor(input: z.output<typeof ZMandateRequest>): Promise<Subject> {
    const key = subjects.keyOf({ kind: "enterprise", uscc: input.uscc });
    const known = await SubjectModel.findOne({ key }).lean<Subject>();
    if (known) return known;
    if (input.approver !== "administrator") throw new AppError("ENTERPRISE_REVIEW_REQUIRED");
    if (!input.prefectureCode) {
      throw new AppError("VALIDATION_FAILED", "请选择企业登记所在州市", { issues: [{ path: "body.prefectureCode", message: "请选择企业登记所在州市" }] });
    }
    return subjects.resolve({ kind: "enterprise", uscc: input.uscc, name: input.enterpriseName, applicantStated: true }, input.prefectureCode);
  }

  return {
    async request(actor: Actor, input: z.output<typeof ZMandateRequest>): Promise<TMandate> {
      const holder = await identity.verifiedHolder(actor.userId);
      // Checked before anything is stored: a refused file leaves nothing behind.
      const letter = input.letter ? { ...input.letter, data: Buffer.from(input.letter.dataBase64, "base64") } : null;
      if (letter && confirmedFileType(letter.data, letter.contentType) === null) {
        throw new AppError("VALIDATION_FAILED", "授权书文件内容与类型不符，请上传 PDF、JPG 或 PNG 文件", { issues: [{ path: "body.letter.dataBase64", message: "文件内容不是 PDF、JPG 或 PNG" }] });
      }
      const enterprise = await enterpriseFor(input);
      if (input.approver === "legal_rep" && !enterprise.legalRepIdHash) throw new AppError("ENTERPRISE_REVIEW_REQUIRED");
      if (await SubjectAuthorityModel.exists({ _id: authorityId(actor.userId, enterprise._id) })) {
        throw new AppError("CONFLICT", "您已可代表该企业办理");
      }
      // A second open request is refused for the applicant's sake; the authority itself is unique by key.
      if (await MandateModel.exists({ agentUserId: new Types.ObjectId(actor.userId), enterpriseId: enterprise._id, status: "pending" })) {
        throw new AppError("CONFLICT", "您已提交过该企业的授权申请，请等待审核");
      }
      const now = new Date();
      const mandate = {
        _id: new Types.ObjectId(),
        enterpriseId: enterprise._id,
        prefectureCode: enterprise.prefectureCode,
        agentUserId: new Types.ObjectId(actor.userId),
        agentSubjectId: holder._id,
        approver: input.approver,
        status: "pending" as const,
        version: 1,
        ...(input.note ? { note: input.note } : {}),
        hasLetter: !!letter,
        requestedAt: now,
      };
      if (letter) await MandateLetterModel.create({ _id: mandate._id, fileName: letter.fileName, contentType: letter.contentType, data: letter.data, at: now });
      await MandateModel.create(mandate);
      await MandateEventModel.create({ mandateId: mandate._id, version: 1, status: "pending", by: "agent", actorId: mandate.agentUserId, at: now });
      await audit(actor, { action: "mandate.request", target: `mandate:${mandate._id.toHexString()}`, details: { enterpriseId: enterprise._id.toHexString(), uscc: enterprise.uscc, approver: input.approver } });
      return (await present([mandate as Mandate]))[0]!;
    },

    async mine(actor: Actor): Promise<TMandate[]> {
      return present(await MandateModel.find({ agentUserId: new Types.ObjectId(actor.userId) }).sort({ requestedAt: -1 }).limit(100).lean<Mandate[]>());
    },

    /** For the legal representative: pending requests and the accounts acting for the enterprise. */
    async ofEnterprise(actor: Actor, enterpriseId: string): Promise<TMandate[]> {
      if (!Types.ObjectId.isValid(enterpriseId) || !(await isLegalRep(actor.userId, new Types.ObjectId(enterpriseId)))) {
        throw new AppError("NOT_FOUND", "企业不存在或您不是其法定代表人");
      }
      const list = await MandateModel.find({ enterpriseId: new Types.ObjectId(enterpriseId), status: { $in: ["pending", "active"] } }).sort({ requestedAt: -1 }).limit(200).lean<Mandate[]>();
      return present(list);
    },

    /** Administrators see the requests that wait for them (letter review), of their prefecture. */
    async queue(actor: Actor, query: { status?: TMandateStatus | undefined; page: number }): Promise<TMandatePage> {
      const scope = subjectPolicy.prefectureScope(actor);
      if (!scope) throw new AppError("FORBIDDEN");
      const filter: Record<string, unknown> = { approver: "administrator", ...("prefectureCode" in scope ? { prefectureCode: scope.prefectureCode } : {}), ...(query.status ? { status: query.status } : {}) };
      const [items, total] = await Promise.all([
        MandateModel.find(filter).sort({ requestedAt: -1 }).skip((query.page - 1) * PAGE_SIZE).limit(PAGE_SIZE).lean<Mandate[]>(),
        MandateModel.countDocuments(filter),
      ]);
      return { items: await present(items), total, page: query.page, pageSize: PAGE_SIZE };
    },

    async decide(actor: Actor, id: string, input: TMandateDecisionRequest): Promise<TMandate> {
      const { m, role } = await load(actor, id);
      // Administrators decide on the letter; a request addressed to the legal representative is theirs alone.
      if (role === "agent" || (role === "administrator" && m.approver !== "administrator")) throw new AppError("FORBIDDEN");
      requireReason(role, input.reason);
      if (m.status !== "pending") throw new AppError("MANDATE_TRANSITION_INVALID");
      return transition(actor, m, role, input.decision === "approve" ? "active" : "rejected", input.reason);
    },

    /** The legal representative or an administrator revokes; the agent withdraws their own request or authority. */
    async revoke(actor: Actor, id: string, input: TMandateRevokeRequest): Promise<TMandate> {
      const { m, role } = await load(actor, id);
      requireReason(role, input.reason);
      const allowed = role === "agent" ? ["pending", "active"] : ["active"];
      if (!allowed.includes(m.status)) throw new AppError("MANDATE_TRANSITION_INVALID");
      return transition(actor, m, role, role === "agent" ? "withdrawn" : "revoked", input.reason);
    },

    /**
     * Account closure: the account's pending requests and active authorities end as withdrawn by
     * their agent, so the legal representative's list says so instead of showing a request from
     * an account that no longer exists.
     */
    async withdrawAllOf(actor: Actor, reason: string): Promise<number> {
      const open = await MandateModel.find({ agentUserId: new Types.ObjectId(actor.userId), status: { $in: ["pending", "active"] } }).lean<Mandate[]>();
      let withdrawn = 0;
      for (const m of open) {
        try {
          await transition(actor, m, "agent", "withdrawn", reason);
          withdrawn += 1;
        } catch (err) {
          // Decided by someone else meanwhile: nothing left to withdraw.
          if (!(err instanceof AppError && err.code === "MANDATE_TRANSITION_INVALID")) throw err;
        }
      }
      return withdrawn;
    },

    /** The letter, for the administrators of the case and the requester; never served to anyone else. */
    async letter(actor: Actor, id: string): Promise<{ contentType: string; fileName: string; data: Buffer }> {
      const { m, role } = await load(actor, id);
      if (role === "legal_rep") throw new AppError("NOT_FOUND", "授权书不存在");
      const letter = await MandateLetterModel.findById(m._id).lean();
      if (!letter) throw new AppError("NOT_FOUND", "授权书不存在");
      await audit(actor, { action: "mandate.letter_read", target: `mandate:${id}`, details: { by: role } });
      const raw = letter.data as unknown as Buffer | { buffer: Uint8Array };
      return { contentType: letter.contentType, fileName: letter.fileName, data: Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer) };
    },
  };
}

export type MandateService = ReturnType<typeof createMandateService>;
