import { Types } from "mongoose";
import type { Actor } from "../../http/context";
import { UserModel } from "../users/model";

/**
 * Whose messages a session reads: those of the subject it acts for. A citizen reads their own; a session
 * acting for an enterprise (its legal representative, or an agent with a mandate: checked on every request
 * by the acting middleware) reads the enterprise's. Read state is the account's own.
 */
export type MessageReader = { userId: Types.ObjectId; subjectId: Types.ObjectId | null };

export async function readerOf(actor: Actor): Promise<MessageReader> {
  const userId = new Types.ObjectId(actor.userId);
  if (actor.subjectId) return { userId, subjectId: new Types.ObjectId(actor.subjectId) };
  // A citizen who verified after the token was issued: the account's binding, read now.
  if (actor.role !== "citizen") return { userId, subjectId: null };
  return { userId, subjectId: (await UserModel.findById(userId, { subjectId: 1 }).lean())?.subjectId ?? null };
}
