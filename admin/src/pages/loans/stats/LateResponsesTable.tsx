import { useCallback, useState } from "react";
import { Card, Segmented, Table, Tag, Typography } from "antd";
import { LOAN_APPLICANT_KIND_LABELS, LOAN_APPLICATION_STATUS_LABELS, prefectureName, type TLateLoanResponses } from "@xinyi/shared";
import { lateLoanResponses } from "../../../api/loans";
import { LoadError } from "../../../components/LoadError";
import { formatBeijing, formatHours } from "../../../lib/loans";
import { useLoad } from "../../../lib/useLoad";

type TRow = TLateLoanResponses["items"][number];
type TKind = "all" | "unanswered" | "late";

/**
 * 超时响应: the prefecture's watch on the banks' promises, for administrators. The applicant is not
 * named here; the bank is the one being watched.
 */
export function LateResponsesTable({ bankPartnerId }: { bankPartnerId?: string | undefined }) {
  const [kind, setKind] = useState<TKind>("all");
  const fetchLate = useCallback(() => lateLoanResponses({ kind: kind === "all" ? undefined : kind, bankPartnerId }), [kind, bankPartnerId]);
  const { data, loading, loadError, load } = useLoad<TLateLoanResponses | null>(fetchLate, null);
  return (
    <Card
      title="超时响应监测"
      extra={
        <Segmented<TKind>
          value={kind}
          onChange={setKind}
          options={[
            { value: "all", label: "全部" },
            { value: "unanswered", label: "超时未响应" },
            { value: "late", label: "超时后响应" },
          ]}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        银行未在承诺的工作日内首次响应（受理或拒绝）的申请，近180天{data ? `（自 ${formatBeijing(data.since, false)} 起）` : ""}，最新的在前。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TRow>
        rowKey="applicationId"
        size="small"
        loading={loading}
        dataSource={data?.items ?? []}
        data-testid="loan-late-responses"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : "没有超时响应的申请" }}
        columns={[
          { title: "银行", dataIndex: "bankName" },
          { title: "产品", dataIndex: "productName" },
          { title: "州市", dataIndex: "prefectureCode", width: 110, render: (code: string) => prefectureName(code) ?? code },
          { title: "申请人类型", dataIndex: "applicantKind", width: 110, render: (k: TRow["applicantKind"]) => LOAN_APPLICANT_KIND_LABELS[k] },
          { title: "提交时间", dataIndex: "submittedAt", width: 160, render: (v: string) => formatBeijing(v) },
          { title: "承诺响应截止", dataIndex: "responseDueAt", width: 160, render: (v: string) => formatBeijing(v) },
          {
            title: "首次响应",
            dataIndex: "firstResponseAt",
            width: 160,
            render: (v: string | undefined) => (v ? formatBeijing(v) : <Tag color="red">尚未响应</Tag>),
          },
          { title: "超出", dataIndex: "hoursLate", width: 110, align: "right", render: (h: number) => formatHours(h) },
          { title: "状态", dataIndex: "status", width: 90, render: (s: TRow["status"]) => LOAN_APPLICATION_STATUS_LABELS[s] },
        ]}
      />
    </Card>
  );
}
