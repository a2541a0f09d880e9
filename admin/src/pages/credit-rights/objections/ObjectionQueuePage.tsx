import { useCallback } from "react";
import { Button, Card, Checkbox, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router-dom";
import {
  OBJECTION_STATUSES,
  OBJECTION_STATUS_LABELS,
  YUNNAN_PREFECTURES,
  type TObjectionQueueRow,
  type TObjectionStatus,
  type TPrefectureCode,
} from "@xinyi/shared";
import { listObjections, type TObjectionQueuePage } from "../../../api/credit-rights";
import { useCurrentUser } from "../../../api/useSession";
import { OverdueBanner, QueueReload, subjectColumn, useQueueFilters } from "../../../components/CaseQueueParts";
import { LoadError } from "../../../components/LoadError";
import { OBJECTION_STATUS_COLORS } from "../../../lib/credit-rights";
import { formatBeijing } from "../../../lib/loans";
import { isPlatformAdmin } from "../../../lib/roles";
import { rowTestId } from "../../../lib/testId";
import { useLoad } from "../../../lib/useLoad";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { DeadlineCell, overdueCell } from "./DeadlineCell";

function parseStatus(value: string | null): TObjectionStatus | undefined {
  return (OBJECTION_STATUSES as readonly string[]).includes(value ?? "") ? (value as TObjectionStatus) : undefined;
}
function parsePrefecture(value: string | null): TPrefectureCode | undefined {
  return YUNNAN_PREFECTURES.find((p) => p.code === value)?.code;
}

const statusOptions = [{ value: "", label: "全部状态" }, ...OBJECTION_STATUSES.map((s) => ({ value: s, label: OBJECTION_STATUS_LABELS[s] }))];
const EMPTY_PAGE: TObjectionQueuePage = { items: [], total: 0, page: 1, pageSize: 20 };
const overdueOnly = () => listObjections({ overdue: true });

/** 异议处理: the prefecture's objections, open ones first by deadline, overdue ones tinted red. */
export function ObjectionQueuePage() {
  const user = useCurrentUser();
  const { params, page, setFilter } = useQueueFilters();
  const status = parseStatus(params.get("status"));
  const overdue = params.get("overdue") === "true";
  const prefectureCode = parsePrefecture(params.get("prefectureCode"));

  const fetchQueue = useCallback(() => listObjections({ status, overdue: overdue ? true : undefined, prefectureCode, page }), [status, overdue, prefectureCode, page]);
  const { data, loading, loadError, load } = useLoad<TObjectionQueuePage>(fetchQueue, EMPTY_PAGE);
  // How many are overdue overall, whatever the filter: the banner keeps them in sight.
  const late = useLoad<TObjectionQueuePage>(overdueOnly, EMPTY_PAGE);
  const calendar = useWorkingCalendar();
  const now = useNow();

  if (!user) return null;
  const platform = isPlatformAdmin(user.role);
  const tint = (r: TObjectionQueueRow) => overdueCell(!!r.due?.overdue);

  const columns: TableColumnsType<TObjectionQueueRow> = [
    subjectColumn("/credit-rights/objections", "objection", tint),
    {
      title: "异议的记录",
      key: "record",
      onCell: tint,
      render: (_: unknown, r) => (
        <div>
          <Typography.Text>{r.record.title}</Typography.Text>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.record.kindLabel}
            </Typography.Text>
          </div>
        </div>
      ),
    },
    {
      title: "异议理由",
      key: "ground",
      width: 160,
      onCell: tint,
      render: (_: unknown, r) => (
        <span>
          {r.groundLabel}
          {r.repeat && (
            <Tag color="orange" style={{ marginInlineStart: 6 }} data-testid={`objection-repeat-${r.id}`}>
              重复异议
            </Tag>
          )}
        </span>
      ),
    },
    ...(platform ? [{ title: "州市", dataIndex: "prefectureName", width: 130, onCell: tint }] : []),
    { title: "提交时间", dataIndex: "submittedAt", width: 140, onCell: tint, render: (at: string) => formatBeijing(at) },
    {
      title: "办理期限",
      key: "due",
      width: 210,
      onCell: tint,
      render: (_: unknown, r) => <DeadlineCell due={r.due} label={r.due?.dueLabel} now={now} calendar={calendar} testId={`objection-due-${r.id}`} />,
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 160,
      onCell: tint,
      render: (s: TObjectionStatus, r) => (
        <Tag color={OBJECTION_STATUS_COLORS[s]} data-testid={`objection-status-${r.id}`}>
          {OBJECTION_STATUS_LABELS[s]}
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
        <Link to={`/credit-rights/objections/${r.id}`}>
          <Button size="small" type="primary" ghost={!r.due?.overdue} danger={!!r.due?.overdue} data-testid={`objection-open-${r.id}`}>
            {r.due ? "办理" : "查看"}
          </Button>
        </Link>
      ),
    },
  ];

  const filtered = status !== undefined || overdue || prefectureCode !== undefined;
  const lateCount = late.data.total;

  return (
    <Card
      title="异议处理"
      extra={
        <QueueReload
          loading={loading}
          testId="objection-queue-reload"
          onReload={() => {
            void load();
            void late.load();
          }}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        信用主体对本地区信用记录提出的异议。记录自提交起冻结，处理期间不计入信用评价；请在设置的工作日内受理、核查并作出决定（北京时间，不含节假日）。超期的异议标红显示。
      </Typography.Paragraph>
      {lateCount > 0 && !overdue && (
        <OverdueBanner
          title={`有 ${lateCount} 件异议已超过办理期限，请优先处理。`}
          testId="objection-overdue-banner"
          showTestId="objection-overdue-show"
          onShow={() => setFilter("overdue", "true")}
        />
      )}
      <Space wrap style={{ marginBottom: 16 }}>
        <Select data-testid="objection-queue-status" value={status ?? ""} options={statusOptions} style={{ width: 200 }} onChange={(v: string) => setFilter("status", v || undefined)} virtual={false} />
        {platform && (
          <Select<string>
            data-testid="objection-queue-prefecture"
            allowClear
            placeholder="全部州市"
            value={prefectureCode}
            style={{ width: 180 }}
            options={YUNNAN_PREFECTURES.map((p) => ({ value: p.code, label: p.name }))}
            onChange={(v) => setFilter("prefectureCode", v)}
            virtual={false}
          />
        )}
        <Checkbox data-testid="objection-queue-overdue" checked={overdue} onChange={(e) => setFilter("overdue", e.target.checked ? "true" : undefined)}>
          仅看超期未办
        </Checkbox>
      </Space>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TObjectionQueueRow>
        rowKey="id"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="objection-queue-table"
        onRow={(r) => rowTestId(`objection-row-${r.id}`)}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 件异议`,
          onChange: (p) => setFilter("page", p > 1 ? String(p) : undefined),
        }}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : filtered ? "没有符合筛选条件的异议" : "暂无异议" }}
        scroll={{ x: platform ? 1180 : 1050 }}
      />
    </Card>
  );
}
