import { Text, View } from "@tarojs/components";
import type { TCommitmentCase } from "@xinyi/shared";
import { commitmentTone, dueText, dueUrgent } from "../../lib/commitments";
import { chineseDate } from "../../lib/loans";

/** One of 我的承诺: the matter, who handles it, where it stands and what is due when. */
export function CommitmentCard({ c, onOpen }: { c: TCommitmentCase; onOpen: (c: TCommitmentCase) => void }) {
  const tone = commitmentTone(c.status);
  const due = dueText(c);
  const actNow = c.status === "pending_signature";
  return (
    <View className={`commitment-card commitment-card--${tone}`} data-testid={`commitment-card-${c.id}`} data-status={c.status} onClick={() => onOpen(c)}>
      <View className="commitment-card__head">
        <Text className="commitment-card__title" data-testid="commitment-matter">
          {c.matter}
        </Text>
        <Text className={`loan-tag loan-tag--${tone}`} data-testid="commitment-status">
          {c.statusLabel}
        </Text>
      </View>
      <View className="commitment-card__meta">
        <Text className="commitment-card__type" data-testid="commitment-type">
          {c.typeLabel}
        </Text>
        <Text>{c.department.name}</Text>
        <Text className="commitment-card__date">{chineseDate(c.createdAt)}受理</Text>
      </View>
      {due ? (
        <View className={`commitment-card__due${dueUrgent(c) ? " commitment-card__due--urgent" : ""}`} data-testid="commitment-due">
          {due}
        </View>
      ) : null}
      <View className={`commitment-card__next${actNow ? " commitment-card__next--act" : ""}`} data-testid="commitment-next">
        {c.nextStep}
        {actNow ? <Text className="commitment-card__go">去签署 ›</Text> : null}
      </View>
    </View>
  );
}
