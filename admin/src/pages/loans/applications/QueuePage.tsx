import { useCallback, useEffect, useState } from "react";
import { Button, Card, Checkbox, Segmented, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link, useSearchParams } from "react-router-dom";
import {
  LOAN_APPLICANT_KIND_LABELS,
  LOAN_APPLICATION_STATUSES,
  LOAN_APPLICATION_STATUS_LABELS,
  type TLoanApplication,
  type TLoanApplicationStatus,
  type TLoanProduct,
} from "@xinyi/shared";
import { listLoanApplications, listLoanProducts, type TLoanApplicationPage } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LoadError } from "../../../components/LoadError";
import { LOAN_APPLICATION_STATUS_COLORS, formatBeijing, formatWan } from "../../../lib/loans";
import { BANK_MANAGER } from "../../../lib/roles";
import { rowTestId } from "../../../lib/testId";
import { useLoad } from "../../../lib/useLoad";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { AssignOfficerModal } from "./AssignOfficerModal";
import { ResponseCountdown } from "./ResponseCountdown";

type TAssignee = "all" | "me" | "none";

function parseStatus(value: string | null): TLoanApplicationStatus | undefined {
  return (LOAN_APPLICATION_STATUSES as readonly string[]).includes(value ?? "") ? (value as TLoanApplicationStatus) : undefined;
}

const statusOptions = [{ value: "", label: "全部状态" }, ...LOAN_APPLICATION_STATUSES.map((s) => ({ value: s, label: LOAN_APPLICATION_STATUS_LABELS[s] }))];
const EMPTY_PAGE: TLoanApplicationPage = { items: [], total: 0, page: 1, pageSize: 20 };

/** 贷款审批: the bank's applications with the countdown to the promised response, filters, and assignment. */
export function QueuePage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const status = parseStatus(params.get("status"));
  const assignee: TAssignee = params.get("assignee") === "me" ? "me" : params.get("assignee") === "none" ? "none" : "all";
  const overdue = params.get("overdue") === "true";
  const productId = params.get("productId") ?? undefined;
  const page = Math.max(1, Number(params.get("page") ?? "1") || 1);

  const fetchQueue = useCallback(
    () => listLoanApplications({ status, assignee: assignee === "all" ? undefined : assignee, overdue: overdue ? true : undefined, productId, page }),
    [status, assignee, overdue, productId, page],
  );
  const { data, setData, loading, loadError, load } = useLoad<TLoanApplicationPage>(fetchQueue, EMPTY_PAGE);
  const [products, setProducts] = useState<TLoanProduct[]>([]);
  const [assigning, setAssigning] = useState<TLoanApplication | null>(null);
  const calendar = useWorkingCalendar();
  const now = useNow();

  useEffect(() => {
    // Only to name products in the filter; an officer who may not list them simply gets no filter.
    listLoanProducts()
      .then(setProducts)
      .catch(() => undefined);
  }, []);

  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setParams(next, { replace: true });
  };

  if (!user) return null;
  const manager = BANK_MANAGER(user);

  const columns: TableColumnsType<TLoanApplication> = [
    {
      title: "申请人",
      key: "applicant",
      width: 200,
      render: (_: unknown, a) => (
        <div>
          <Link to={`/loans/applications/${a.id}`} data-testid="loan-app-applicant">
            {a.applicantName}
          </Link>
          <div>
            <Tag style={{ marginTop: 4 }}>{LOAN_APPLICANT_KIND_LABELS[a.applicantKind]}</Tag>
            {a.source === "demand" && <Tag color="purple">融资需求</Tag>}
            {a.firstLoan && <Tag color="gold">首贷</Tag>}
          </div>
        </div>
      ),
    },
    { title: "产品", dataIndex: "productName", width: 140 },
    {
      title: "申请金额 / 期限",
      key: "amount",
      width: 140,
      render: (_: unknown, a) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {formatWan(a.amountWan)} / {a.termMonths} 个月
        </span>
      ),
    },
    { title: "提交时间", dataIndex: "submittedAt", width: 140, render: (at: string) => formatBeijing(at) },
    {
      title: "响应时限",
      key: "countdown",
      width: 150,
      render: (_: unknown, a) => <ResponseCountdown app={a} now={now} calendar={calendar} />,
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 90,
      render: (s: TLoanApplicationStatus, a) => (
        <Tag color={LOAN_APPLICATION_STATUS_COLORS[s]} data-testid={`loan-app-status-${a.id}`}>
          {LOAN_APPLICATION_STATUS_LABELS[s]}
        </Tag>
      ),
    },
    {
      title: "信贷员",
      key: "officer",
      width: 110,
      render: (_: unknown, a) =>
        a.assignedOfficer ? (
          <span>
            {a.assignedOfficer.displayName}
            {a.assignedOfficer.id === user.id && <Tag style={{ marginInlineStart: 6 }}>我</Tag>}
          </span>
        ) : (
          <Typography.Text type="secondary">未分配</Typography.Text>
        ),
    },
    {
      title: "操作",
      key: "actions",
      width: 130,
      fixed: "right",
      render: (_: unknown, a) => (
        <Space size={4}>
          <Link to={`/loans/applications/${a.id}`}>
            <Button size="small" type="primary" ghost data-testid={`loan-app-open-${a.id}`}>
              办理
            </Button>
          </Link>
          {manager && (
            <Button size="small" data-testid={`loan-app-assign-${a.id}`} onClick={() => setAssigning(a)}>
              {a.assignedOfficer ? "改派" : "分配"}
            </Button>
          )}
        </Space>
      ),
    },
  ];

  const filtered = status !== undefined || assignee !== "all" || overdue || productId !== undefined;

  return (
    <Card
      title="贷款审批"
      extra={
        <Button onClick={() => void load()} disabled={loading} data-testid="loan-queue-reload">
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        本行收到的贷款申请。请在承诺的工作日内受理或拒绝（北京时间，不含节假日）；超时的申请标红，并会提示申请人和所在州市。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select data-testid="loan-queue-status" value={status ?? ""} options={statusOptions} style={{ width: 120 }} onChange={(v: string) => setFilter("status", v || undefined)} virtual={false} />
        <Segmented<TAssignee>
          data-testid="loan-queue-assignee"
          value={assignee}
          options={[
            { value: "all", label: "全部" },
            { value: "me", label: "我的" },
            { value: "none", label: "未分配" },
          ]}
          onChange={(v) => setFilter("assignee", v === "all" ? undefined : v)}
        />
        <Checkbox data-testid="loan-queue-overdue" checked={overdue} onChange={(e) => setFilter("overdue", e.target.checked ? "true" : undefined)}>
          仅看超时未响应
        </Checkbox>
        {products.length > 0 && (
          <Select<string>
            data-testid="loan-queue-product"
            allowClear
            placeholder="全部产品"
            value={productId}
            style={{ width: 180 }}
            options={products.map((p) => ({ value: p.id, label: p.name }))}
            onChange={(v) => setFilter("productId", v)}
            virtual={false}
          />
        )}
      </Space>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TLoanApplication>
        rowKey="id"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="loan-queue-table"
        onRow={(a) => rowTestId(`loan-app-row-${a.id}`)}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 笔申请`,
          onChange: (p) => setFilter("page", p > 1 ? String(p) : undefined),
        }}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : filtered ? "没有符合筛选条件的申请" : "暂无贷款申请" }}
        scroll={{ x: 1100 }}
      />
      <AssignOfficerModal
        app={assigning}
        onClose={() => setAssigning(null)}
        onAssigned={(updated) => {
          setAssigning(null);
          setData((prev) => ({ ...prev, items: prev.items.map((a) => (a.id === updated.id ? updated : a)) }));
        }}
        onStale={() => {
          setAssigning(null);
          void load();
        }}
      />
    </Card>
  );
}
