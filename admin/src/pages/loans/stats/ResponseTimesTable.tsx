import { Card, Table, Typography } from "antd";
import type { TBankResponseTimes } from "@xinyi/shared";
import { bankResponseTimes } from "../../../api/loans";
import { LoadError } from "../../../components/LoadError";
import { formatBeijing, formatHours, formatShare } from "../../../lib/loans";
import { useLoad } from "../../../lib/useLoad";

type TRow = TBankResponseTimes["items"][number];

/** 银行响应时效: the public table every bank is measured by (the same one the public sees, no sign-in). */
export function ResponseTimesTable() {
  const { data, loading, loadError, load } = useLoad<TBankResponseTimes | null>(bankResponseTimes, null);
  return (
    <Card title="银行响应时效（公开）">
      <Typography.Paragraph type="secondary">
        各银行收到申请后首次响应（受理或拒绝）的用时，向社会公开{data ? `，统计自 ${formatBeijing(data.since, false)} 起` : ""}。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TRow>
        rowKey="bankPartnerId"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="loan-response-times"
        pagination={false}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : "暂无银行数据" }}
        columns={[
          { title: "银行", dataIndex: "bankName" },
          { title: "申请笔数", dataIndex: "applications", width: 100, align: "right" },
          { title: "首次响应中位数", dataIndex: "firstResponseHoursMedian", width: 140, align: "right", render: (v: number | null) => formatHours(v) },
          { title: "按承诺时间响应", dataIndex: "answeredWithinPromiseShare", width: 140, align: "right", render: (v: number | null) => formatShare(v) },
          {
            title: "承诺响应",
            dataIndex: "promisedDays",
            width: 140,
            align: "right",
            render: (v: TRow["promisedDays"]) => (v ? (v.min === v.max ? `${v.min} 个工作日` : `${v.min}–${v.max} 个工作日`) : "—"),
          },
        ]}
      />
    </Card>
  );
}
