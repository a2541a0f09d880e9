import { Tag, Typography } from "antd";
import type { WorkingCalendar } from "@xinyi/shared";
import { deadlineOf } from "../../../lib/credit-rights";
import { lastPromisedDay } from "../../../lib/loans";

/**
 * A case's running deadline: which step it is for, the last working day, and the working days
 * left, or a red 已超期 tag once it has passed.
 */
export function DeadlineCell({
  due,
  label,
  now,
  calendar,
  testId,
}: {
  due: { dueAt: string; overdue: boolean } | undefined;
  label?: string | undefined;
  now: Date;
  calendar: WorkingCalendar;
  testId: string;
}) {
  if (!due) return <Typography.Text type="secondary">已办结</Typography.Text>;
  const c = deadlineOf(due, now, calendar);
  return (
    <span data-testid={testId} data-overdue={c.overdue ? "true" : "false"}>
      {c.overdue ? (
        <Tag color="error" style={{ fontWeight: 600 }}>
          {c.text}
        </Tag>
      ) : (
        <Typography.Text strong type={c.workingDaysLeft === 0 ? "warning" : undefined}>
          {c.text}
        </Typography.Text>
      )}
      <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
        {label ? `${label} ` : ""}
        {lastPromisedDay(due.dueAt)}
      </Typography.Text>
    </span>
  );
}

/** Cell style that tints every cell of an overdue row, so the row stands out across the table. */
export function overdueCell(overdue: boolean): { style?: React.CSSProperties } {
  return overdue ? { style: { background: "#fff2f0" } } : {};
}
