import { Types } from "mongoose";
import type { Actor } from "../../http/context";
import { UserModel } from "./model";

/**
 * The subject an actor acts for: the session's (an enterprise it was switched to, or the person's own),
 * else the account's own subject as the store has it now (a token signed before verification has none).
 */
export async function subjectIdOf(actor: Actor): Promise<Types.ObjectId | null> {
  if (actor.subjectId) return new Types.ObjectId(actor.subjectId);
  return (await UserModel.findById(actor.userId, { subjectId: 1 }).lean())?.subjectId ?? null;
}
