import { useCallback } from "react";
import { Button, Card, Checkbox, Segmented, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router-dom";
import { REPAIR_STATUSES, REPAIR_STATUS_LABELS, type TRepair, type TRepairPage, type TRepairStatus } from "@xinyi/shared";
import { listRepairs } from "../../../api/credit-rights";
import { useCurrentUser } from "../../../api/useSession";
import { OverdueBanner, QueueReload, subjectColumn, useQueueFilters } from "../../../components/CaseQueueParts";
import { LoadError } from "../../../components/LoadError";
import { REPAIR_STATUS_COLORS } from "../../../lib/credit-rights";
import { formatBeijing } from "../../../lib/loans";
import { isPlatformAdmin } from "../../../lib/roles";
import { rowTestId } from "../../../lib/testId";
import { useLoad } from "../../../lib/useLoad";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { DeadlineCell, overdueCell } from "../objections/DeadlineCell";

type TShown = TRepairStatus | "all";
const EMPTY_PAGE: TRepairPage = { items: [], total: 0, page: 1, pageSize: 20 };
const overdueOnly = () => listRepairs({ status: "submitted", overdue: true });

/** 信用修复审核: applications for the prefecture's records; undecided ones first by due date, overdue ones tinted red. */
export function RepairQueuePage() {
  const user = useCurrentUser();
  const { params, setParams, page, setFilter } = useQueueFilters();
  // The work is what awaits a decision: the queue opens on it.
  const raw = params.get("status");
  const shown: TShown = raw === "all" ? "all" : (REPAIR_STATUSES as readonly string[]).includes(raw ?? "") ? (raw as TRepairStatus) : "submitted";
  const overdue = params.get("overdue") === "true";

  const fetchQueue = useCallback(() => listRepairs({ status: shown === "all" ? undefined : shown, overdue: overdue ? true : undefined, page }), [shown, overdue, page]);
  const { data, loading, loadError, load } = useLoad<TRepairPage>(fetchQueue, EMPTY_PAGE);
  const late = useLoad<TRepairPage>(overdueOnly, EMPTY_PAGE);
  const calendar = useWorkingCalendar();
  const now = useNow();

  if (!user) return null;
  const platform = isPlatformAdmin(user.role);
  const undecided = (r: TRepair) => r.status === "submitted";
  const tint = (r: TRepair) => overdueCell(undecided(r) && r.overdue);

  const columns: TableColumnsType<TRepair> = [
    subjectColumn("/credit-rights/repairs", "repair", tint),
    {
      title: "申请修复的记录",
      key: "record",
      onCell: tint,
      render: (_: unknown, r) => (
        <div>
          <Typography.Text>{r.record.title}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.record.kindLabel}
              {r.record.severityLabel ? `（${r.record.severityLabel}）` : ""} · 决定于 {r.record.decidedAt.slice(0, 10)}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    ...(platform ? [{ title: "州市", dataIndex: "prefectureName", width: 130, onCell: tint }] : []),
    { title: "提交时间", dataIndex: "submittedAt", width: 140, onCell: tint, render: (at: string) => formatBeijing(at) },
    {
      title: "审核期限",
      key: "due",
      width: 210,
      onCell: tint,
      render: (_: unknown, r) =>
        undecided(r) ? (
          <DeadlineCell due={{ dueAt: r.reviewDueAt, overdue: r.overdue }} now={now} calendar={calendar} testId={`repair-due-${r.id}`} />
        ) : (
          <Typography.Text type="secondary">{r.decidedAt ? `${formatBeijing(r.decidedAt, false)} 办结${r.overdue ? "（超期）" : ""}` : "已办结"}</Typography.Text>
        ),
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 100,
      onCell: tint,
      render: (s: TRepairStatus, r) => (
        <Tag color={REPAIR_STATUS_COLORS[s]} data-testid={`repair-status-${r.id}`}>
          {REPAIR_STATUS_LABELS[s]}
        </Tag>
      ),
    },
    {
      title: "操作",
      key: "actions",
      width: 90,
      fixed: "right",
      onCell: tint,
      render: (_: unknown, r) => (
        <Link to={`/credit-rights/repairs/${r.id}`}>
          <Button size="small" type="primary" ghost={!(undecided(r) && r.overdue)} danger={undecided(r) && r.overdue} data-testid={`repair-open-${r.id}`}>
            {undecided(r) ? "审核" : "查看"}
          </Button>
        </Link>
      ),
    },
  ];

  const lateCount = late.data.total;
  const empty = { submitted: "暂无待审核的修复申请", granted: "暂无已修复的申请", rejected: "暂无未通过的申请", all: "暂无修复申请" }[shown];

  return (
    <Card
      title="信用修复审核"
      extra={
        <QueueReload
          loading={loading}
          testId="repair-queue-reload"
          onReload={() => {
            void load();
            void late.load();
          }}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        信用主体对本地区失信记录提出的修复申请：已过最短公示期，附履行义务的证明和签署的信用承诺书。请在设置的工作日内审核；准予修复后记录不再公示、不再计入信用评价，持有其授权的合作机构将收到通知。
      </Typography.Paragraph>
      {lateCount > 0 && !overdue && (
        <OverdueBanner
          title={`有 ${lateCount} 件修复申请已超过审核期限，请优先处理。`}
          testId="repair-overdue-banner"
          showTestId="repair-overdue-show"
          onShow={() => setParams(new URLSearchParams({ status: "submitted", overdue: "true" }), { replace: true })}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Segmented<TShown>
          data-testid="repair-queue-status"
          value={shown}
          options={[
            { value: "submitted", label: "待审核" },
            { value: "granted", label: "已修复" },
            { value: "rejected", label: "未通过" },
            { value: "all", label: "全部" },
          ]}
          onChange={(v) => setFilter("status", v === "submitted" ? undefined : v)}
        />
        <Checkbox data-testid="repair-queue-overdue" checked={overdue} onChange={(e) => setFilter("overdue", e.target.checked ? "true" : undefined)}>
          仅看超期
        </Checkbox>
      </Space>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TRepair>
        rowKey="id"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="repair-queue-table"
        onRow={(r) => rowTestId(`repair-row-${r.id}`)}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 件申请`,
          onChange: (p) => setFilter("page", p > 1 ? String(p) : undefined),
        }}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : overdue ? "没有超期的申请" : empty }}
        scroll={{ x: 1000 }}
      />
    </Card>
  );
}
