import { useCallback } from "react";
import { Button, Card, Checkbox, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import {
  COMMITMENT_STATUSES,
  COMMITMENT_TYPES,
  COMMITMENT_TYPE_LABELS,
  type TCommitmentCase,
  type TCommitmentCaseList,
  type TCommitmentStatus,
  type TCommitmentType,
} from "@xinyi/shared";
import { listCommitmentCases } from "../../api/commitments";
import { useCurrentUser } from "../../api/useSession";
import { LoadError } from "../../components/LoadError";
import { formatBeijing } from "../../lib/loans";
import { rowTestId } from "../../lib/testId";
import { useLoad } from "../../lib/useLoad";
import { COMMITMENT_DEPARTMENTS } from "../../lib/roles";
import { COMMITMENT_STATUS_COLORS, dueText } from "./commitmentView";

/** Status names without a type: the list filters across both types. */
const STATUS_FILTER_LABELS: Record<TCommitmentStatus, string> = {
  pending_signature: "待签署承诺",
  signed: "已签署，办理中",
  kept: "守诺办结",
  broken: "违背承诺",
  terminated: "已终止",
};

function oneOf<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return (values as readonly string[]).includes(value ?? "") ? (value as T) : undefined;
}

const EMPTY: TCommitmentCaseList = { items: [], total: 0, page: 1, pageSize: 20 };

/** 信易批: the department's cases, newest first, with what is due when; overdue 容缺 cases stand out. */
export function CaseListPage() {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const status = oneOf(COMMITMENT_STATUSES, params.get("status"));
  const type = oneOf(COMMITMENT_TYPES, params.get("type"));
  const overdue = params.get("overdue") === "true";
  const page = Math.max(1, Number(params.get("page") ?? "1") || 1);

  const fetchCases = useCallback(() => listCommitmentCases({ status, type, overdue, page }), [status, type, overdue, page]);
  const { data, loading, loadError, load } = useLoad<TCommitmentCaseList>(fetchCases, EMPTY);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setParams(next, { replace: true });
  };

  if (!user) return null;
  const department = COMMITMENT_DEPARTMENTS(user);

  const columns: TableColumnsType<TCommitmentCase> = [
    {
      title: "办理事项",
      key: "matter",
      render: (_: unknown, c) => (
        <div>
          <Link to={`/commitments/${c.id}`} data-testid={`commitment-matter-${c.id}`}>
            {c.matter}
          </Link>
          <div>
            <Tag color={c.type === "tolerate_missing" ? "purple" : "blue"} style={{ marginTop: 4 }}>
              {COMMITMENT_TYPE_LABELS[c.type]}
            </Tag>
          </div>
        </div>
      ),
    },
    {
      title: "申请人",
      key: "subject",
      width: 190,
      render: (_: unknown, c) => (
        <div>
          <div>{c.subject.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.subject.idMasked ?? c.subject.uscc ?? ""}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "补齐期限",
      key: "due",
      width: 200,
      render: (_: unknown, c) => {
        const due = dueText(c);
        return (
          <Typography.Text type={due.tone} strong={due.tone === "danger"} data-testid={`commitment-due-${c.id}`}>
            {due.text}
          </Typography.Text>
        );
      },
    },
    {
      title: "状态",
      key: "status",
      width: 150,
      render: (_: unknown, c) => (
        <Tag color={COMMITMENT_STATUS_COLORS[c.status]} data-testid={`commitment-status-${c.id}`}>
          {c.statusLabel}
        </Tag>
      ),
    },
    { title: "受理部门", key: "department", width: 170, render: (_: unknown, c) => c.department.name },
    { title: "受理时间", dataIndex: "createdAt", width: 140, render: (at: string) => formatBeijing(at) },
    {
      title: "操作",
      key: "actions",
      width: 90,
      fixed: "right",
      render: (_: unknown, c) => (
        <Link to={`/commitments/${c.id}`}>
          <Button size="small" type="primary" ghost data-testid={`commitment-open-${c.id}`}>
            {department && (c.status === "pending_signature" || c.status === "signed") ? "办理" : "查看"}
          </Button>
        </Link>
      ),
    },
  ];

  const filtered = status !== undefined || type !== undefined || overdue;

  return (
    <Card
      title="信易批 · 承诺办理"
      extra={
        <Space>
          <Button onClick={() => void load()} disabled={loading} data-testid="commitment-list-reload">
            刷新
          </Button>
          {department && (
            <Button type="primary" onClick={() => navigate("/commitments/new")} data-testid="commitment-new">
              受理承诺事项
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        告知承诺：申请人承诺符合条件即可办理，事后核查；容缺受理：先行受理，申请人须在期限内补齐所缺材料。逾期未补齐或核查违诺的，自动记入“违背信用承诺”记录。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          data-testid="commitment-filter-status"
          value={status ?? ""}
          style={{ width: 150 }}
          options={[{ value: "", label: "全部状态" }, ...COMMITMENT_STATUSES.map((s) => ({ value: s, label: STATUS_FILTER_LABELS[s] }))]}
          onChange={(v: string) => setFilter("status", v || undefined)}
          virtual={false}
        />
        <Select
          data-testid="commitment-filter-type"
          value={type ?? ""}
          style={{ width: 130 }}
          options={[{ value: "", label: "全部类型" }, ...COMMITMENT_TYPES.map((t) => ({ value: t, label: COMMITMENT_TYPE_LABELS[t as TCommitmentType] }))]}
          onChange={(v: string) => setFilter("type", v || undefined)}
          virtual={false}
        />
        <Checkbox data-testid="commitment-filter-overdue" checked={overdue} onChange={(e) => setFilter("overdue", e.target.checked ? "true" : undefined)}>
          仅看逾期未补齐
        </Checkbox>
      </Space>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TCommitmentCase>
        rowKey="id"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="commitment-table"
        onRow={(c) => ({ ...rowTestId(`commitment-row-${c.id}`), ...(c.overdue ? { style: { background: "#fff1f0" } } : {}) })}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 件`,
          onChange: (p) => setFilter("page", p > 1 ? String(p) : undefined),
        }}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : filtered ? "没有符合筛选条件的案件" : "暂无承诺办理案件" }}
        scroll={{ x: 1100 }}
      />
    </Card>
  );
}
