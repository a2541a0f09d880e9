import { Card, Col, Row, Space, Statistic, Tag, Typography } from "antd";
import type { TLoanFunnel } from "@xinyi/shared";
import { formatHours, formatRate, formatShare, formatWan } from "../../../lib/loans";

/** The funnel totals: applications → accepted → approved (count, amount) → disbursed (count, amount), and how fast banks answer. */
export function FunnelSummary({ total, loading }: { total: TLoanFunnel | null; loading: boolean }) {
  const stat = (title: string, value: string | number, testId: string, hint?: string) => (
    <Col xs={12} md={8} xl={4}>
      <Statistic title={title} value={value} loading={loading} valueRender={(node) => <span data-testid={testId}>{node}</span>} />
      {hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </Col>
  );
  const t = total;
  return (
    <Card title="办理漏斗" data-testid="loan-stats-funnel">
      <Row gutter={[16, 24]}>
        {stat("申请笔数", t?.applications ?? "—", "loan-stats-applications")}
        {stat("受理笔数", t?.accepted ?? "—", "loan-stats-accepted")}
        {stat("授信笔数", t?.approved ?? "—", "loan-stats-approved", t ? `授信金额 ${formatWan(t.approvedAmountWan)}` : undefined)}
        {stat("放款笔数", t?.disbursed ?? "—", "loan-stats-disbursed", t ? `放款金额 ${formatWan(t.disbursedAmountWan)}` : undefined)}
        {stat("平均授信利率", t ? formatRate(t.averageApprovedRate) : "—", "loan-stats-rate")}
        {stat("首贷占比", t ? formatShare(t.firstLoanShare) : "—", "loan-stats-first-loan")}
        {stat("首次响应（中位数）", t ? formatHours(t.firstResponseHoursMedian) : "—", "loan-stats-median", t && t.firstResponseHoursP90 !== null ? `90% 在 ${formatHours(t.firstResponseHoursP90)} 内` : undefined)}
        {stat("按承诺时间响应", t ? formatShare(t.answeredWithinPromiseShare) : "—", "loan-stats-within-promise")}
      </Row>
      {t && t.rejectionReasons.length > 0 && (
        <div style={{ marginTop: 24 }}>
          <Typography.Text type="secondary">拒绝原因：</Typography.Text>
          <Space size={[4, 4]} wrap>
            {t.rejectionReasons.map((r) => (
              <Tag key={r.reason}>
                {r.label} {r.count}
              </Tag>
            ))}
          </Space>
        </div>
      )}
    </Card>
  );
}
