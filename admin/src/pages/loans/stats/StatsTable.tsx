import { Table, Typography, type TableColumnsType } from "antd";
import { prefectureName, type TLoanStats } from "@xinyi/shared";
import { formatHours, formatRate, formatShare, formatWan } from "../../../lib/loans";

type TRow = TLoanStats["rows"][number];

/** One row per bank × product × prefecture × month (Beijing time), as governments track the funnel. */
export function StatsTable({ rows, loading, showBank, error }: { rows: TRow[]; loading: boolean; showBank: boolean; error: boolean }) {
  const columns: TableColumnsType<TRow> = [
    { title: "月份", dataIndex: "month", width: 90, fixed: "left" },
    ...(showBank ? [{ title: "银行", dataIndex: "bankName", width: 150 }] : []),
    { title: "产品", dataIndex: "productName", width: 130 },
    { title: "州市", dataIndex: "prefectureCode", width: 110, render: (code: string) => prefectureName(code) ?? code },
    { title: "申请", dataIndex: "applications", width: 70, align: "right" },
    { title: "受理", dataIndex: "accepted", width: 70, align: "right" },
    {
      title: "授信",
      key: "approved",
      width: 140,
      align: "right",
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {r.approved} 笔 · {formatWan(r.approvedAmountWan)}
        </span>
      ),
    },
    {
      title: "放款",
      key: "disbursed",
      width: 140,
      align: "right",
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {r.disbursed} 笔 · {formatWan(r.disbursedAmountWan)}
        </span>
      ),
    },
    { title: "平均利率", dataIndex: "averageApprovedRate", width: 90, align: "right", render: (v: number | null) => formatRate(v) },
    { title: "首次响应中位数", dataIndex: "firstResponseHoursMedian", width: 120, align: "right", render: (v: number | null) => formatHours(v) },
    { title: "90% 分位", dataIndex: "firstResponseHoursP90", width: 100, align: "right", render: (v: number | null) => formatHours(v) },
    { title: "按时响应", dataIndex: "answeredWithinPromiseShare", width: 90, align: "right", render: (v: number | null) => formatShare(v) },
    { title: "首贷占比", dataIndex: "firstLoanShare", width: 90, align: "right", render: (v: number | null) => formatShare(v) },
    {
      title: "拒绝原因",
      key: "reasons",
      width: 200,
      render: (_: unknown, r) =>
        r.rejectionReasons.length === 0 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          r.rejectionReasons.map((x) => `${x.label} ${x.count}`).join("、")
        ),
    },
  ];
  return (
    <Table<TRow>
      rowKey={(r) => `${r.month}-${r.bankPartnerId}-${r.productId ?? r.productName}-${r.prefectureCode}`}
      size="small"
      columns={columns}
      dataSource={rows}
      loading={loading}
      data-testid="loan-stats-table"
      pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: loading ? " " : error ? "未能加载" : "所选月份暂无贷款申请" }}
      scroll={{ x: 1500 }}
    />
  );
}
