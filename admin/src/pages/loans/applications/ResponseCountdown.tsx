import { Tag, Typography } from "antd";
import type { TLoanApplication, WorkingCalendar } from "@xinyi/shared";
import { formatBeijing, lastPromisedDay, responseCountdown } from "../../../lib/loans";

/** The promised first response as a bank officer reads it: days left, due today, or days late (red). */
export function ResponseCountdown({ app, now, calendar, showDue = false }: { app: TLoanApplication; now: Date; calendar: WorkingCalendar; showDue?: boolean }) {
  const c = responseCountdown(app, now, calendar);
  const due = showDue ? (
    <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
      承诺最迟 {lastPromisedDay(app.responseDueAt)} 响应
    </Typography.Text>
  ) : null;
  if (c.kind === "answered") {
    return (
      <span data-testid={`loan-countdown-${app.id}`}>
        <Tag color={c.late ? "orange" : "green"}>{c.text}</Tag>
        {showDue && app.firstResponseAt && (
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
            {formatBeijing(app.firstResponseAt)} 首次响应
          </Typography.Text>
        )}
      </span>
    );
  }
  if (c.kind === "closed") return <Typography.Text type="secondary">{c.text}</Typography.Text>;
  return (
    <span data-testid={`loan-countdown-${app.id}`}>
      <Typography.Text strong type={c.overdue ? "danger" : c.workingDaysLeft === 0 ? "warning" : undefined}>
        {c.text}
      </Typography.Text>
      {due}
    </span>
  );
}
