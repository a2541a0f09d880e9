import { useMemo, useState } from "react";
import { App, Button, Card, Space, Table, Tabs, Tag, Typography, type TableColumnsType } from "antd";
import { Link } from "react-router-dom";
import {
  DEMAND_TAKE_SLOTS,
  DEMAND_TAKE_STATUS_LABELS,
  GUARANTEE_MODE_LABELS,
  LOAN_DEMAND_STATUS_LABELS,
  prefectureName,
  type TLoanDemand,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { listLoanDemands, takeLoanDemand } from "../../../api/loans";
import { LoadError } from "../../../components/LoadError";
import { DEMAND_TAKE_STATUS_COLORS, LOAN_DEMAND_STATUS_COLORS, dueCountdown, formatBeijing, formatRate, formatWan, lastPromisedDay } from "../../../lib/loans";
import { rowTestId } from "../../../lib/testId";
import { useLoad } from "../../../lib/useLoad";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { DemandAnswerModal } from "./DemandAnswerModal";

/** Codes meaning the board is out of date (full, already ours, closed): say so and reload. */
const STALE_TAKE = ["LOAN_DEMAND_FULL", "LOAN_DEMAND_ALREADY_TAKEN", "LOAN_DEMAND_CLOSED", "NOT_FOUND"];

/** 融资需求: open demands of the bank's area (contact masked until taken), and the ones it took with their answer deadline. */
export function DemandsPage() {
  const { message } = App.useApp();
  const { data: items, setData: setItems, loading, loadError, load } = useLoad<TLoanDemand[]>(listLoanDemands, []);
  const [taking, setTaking] = useState<string | null>(null);
  const [answering, setAnswering] = useState<{ demand: TLoanDemand; answer: "offer" | "decline" } | null>(null);
  const [tab, setTab] = useState<"open" | "mine">("open");
  const calendar = useWorkingCalendar();
  const now = useNow();

  // The server sends only this bank's own take on each demand: one means "ours".
  const open = useMemo(() => items.filter((d) => d.takes.length === 0 && d.status === "open"), [items]);
  const mine = useMemo(() => items.filter((d) => d.takes.length > 0), [items]);

  const replace = (updated: TLoanDemand) => setItems((prev) => prev.map((d) => (d.id === updated.id ? updated : d)));

  const take = async (demand: TLoanDemand) => {
    setTaking(demand.id);
    try {
      const updated = await takeLoanDemand(demand.id);
      replace(updated);
      message.success(`已接单：${updated.enterpriseName}，请在答复期限内报价或婉拒`);
      setTab("mine");
    } catch (err) {
      message.error(errorMessage(err));
      if (err instanceof ApiError && STALE_TAKE.includes(err.code)) void load();
    } finally {
      setTaking(null);
    }
  };

  const demandColumns: TableColumnsType<TLoanDemand> = [
    {
      title: "企业",
      dataIndex: "enterpriseName",
      width: 200,
      render: (name: string, d) => (
        <div>
          <Typography.Text strong>{name}</Typography.Text>
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
            {prefectureName(d.prefectureCode) ?? d.prefectureCode}
            {d.grade ? ` · 信用等级 ${d.grade}` : ""}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "金额 / 期限",
      key: "amount",
      width: 140,
      render: (_: unknown, d) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {formatWan(d.amountWan)} / {d.termMonths} 个月
        </span>
      ),
    },
    {
      title: "用途",
      dataIndex: "purpose",
      width: 220,
      render: (purpose: string) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: purpose }} style={{ margin: 0 }}>
          {purpose}
        </Typography.Paragraph>
      ),
    },
    {
      title: "可接受担保",
      key: "guarantee",
      width: 130,
      render: (_: unknown, d) => (
        <Space size={[0, 4]} wrap>
          {d.guaranteeModes.map((m) => (
            <Tag key={m}>{GUARANTEE_MODE_LABELS[m]}</Tag>
          ))}
        </Space>
      ),
    },
    {
      title: "联系人",
      key: "contact",
      width: 130,
      render: (_: unknown, d) => (
        <span data-testid={`loan-demand-contact-${d.id}`}>
          {d.contactName}
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
            {d.contactPhone}
          </Typography.Text>
        </span>
      ),
    },
    { title: "发布日期", dataIndex: "createdAt", width: 110, render: (at: string) => formatBeijing(at, false) },
  ];

  const openColumns: TableColumnsType<TLoanDemand> = [
    ...demandColumns,
    {
      title: "已接单",
      key: "slots",
      width: 90,
      render: (_: unknown, d) => `${DEMAND_TAKE_SLOTS - d.slotsLeft} / ${DEMAND_TAKE_SLOTS} 家`,
    },
    {
      title: "操作",
      key: "actions",
      width: 90,
      fixed: "right",
      render: (_: unknown, d) => (
        <Button type="primary" size="small" loading={taking === d.id} disabled={d.slotsLeft <= 0} data-testid={`loan-demand-take-${d.id}`} onClick={() => void take(d)}>
          接单
        </Button>
      ),
    },
  ];

  // The bank's answer and its deadline come right after what was asked, where the eye lands first.
  const mineColumns: TableColumnsType<TLoanDemand> = [
    ...demandColumns.slice(0, 2),
    {
      title: "本行答复",
      key: "take",
      width: 200,
      render: (_: unknown, d) => {
        const t = d.takes[0];
        if (!t) return null;
        const c = t.status === "taken" ? dueCountdown(t.answerDueAt, now, calendar) : null;
        return (
          <div data-testid={`loan-demand-take-status-${d.id}`}>
            <Tag color={DEMAND_TAKE_STATUS_COLORS[t.status]}>{DEMAND_TAKE_STATUS_LABELS[t.status]}</Tag>
            {d.status !== "open" && <Tag color={LOAN_DEMAND_STATUS_COLORS[d.status]}>{LOAN_DEMAND_STATUS_LABELS[d.status]}</Tag>}
            {c && (
              <div>
                <Typography.Text strong type={c.overdue ? "danger" : c.workingDaysLeft === 0 ? "warning" : undefined}>
                  {c.text}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                  最迟 {lastPromisedDay(t.answerDueAt)} 答复
                </Typography.Text>
              </div>
            )}
            {t.offer && (
              <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                报价 {formatWan(t.offer.amountWan)}，{formatRate(t.offer.annualRate)}，{t.offer.termMonths} 个月
              </Typography.Text>
            )}
            {t.decline && (
              <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
                婉拒：{t.decline.reasonLabel}
              </Typography.Text>
            )}
            {t.applicationId && <Link to={`/loans/applications/${t.applicationId}`}>查看贷款申请</Link>}
          </div>
        );
      },
    },
    ...demandColumns.slice(2),
    {
      title: "操作",
      key: "actions",
      width: 130,
      fixed: "right",
      render: (_: unknown, d) =>
        d.takes[0]?.status === "taken" && d.status === "open" ? (
          <Space size={4}>
            <Button type="primary" size="small" data-testid={`loan-demand-offer-${d.id}`} onClick={() => setAnswering({ demand: d, answer: "offer" })}>
              报价
            </Button>
            <Button size="small" data-testid={`loan-demand-decline-${d.id}`} onClick={() => setAnswering({ demand: d, answer: "decline" })}>
              婉拒
            </Button>
          </Space>
        ) : null,
    },
  ];

  const table = (rows: TLoanDemand[], columns: TableColumnsType<TLoanDemand>, empty: string, tid: string) => (
    <Table<TLoanDemand>
      rowKey="id"
      columns={columns}
      dataSource={rows}
      loading={loading}
      data-testid={tid}
      onRow={(d) => rowTestId(`loan-demand-row-${d.id}`)}
      pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: loading ? " " : loadError ? "未能加载" : empty }}
      scroll={{ x: "max-content" }}
    />
  );

  return (
    <Card
      title="融资需求"
      extra={
        <Button onClick={() => void load()} disabled={loading}>
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        本行服务地区内企业发布的融资需求。每个需求最多 {DEMAND_TAKE_SLOTS} 家银行接单；接单后可看到企业的联系方式，须在本行承诺的工作日内报价或婉拒，逾期名额将被释放。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Tabs
        activeKey={tab}
        onChange={(key) => setTab(key === "mine" ? "mine" : "open")}
        items={[
          { key: "open", label: `待接单（${open.length}）`, children: table(open, openColumns, "暂无待接单的融资需求", "loan-demand-open-table") },
          { key: "mine", label: `本行已接（${mine.length}）`, children: table(mine, mineColumns, "本行尚未接单", "loan-demand-mine-table") },
        ]}
      />
      <DemandAnswerModal
        demand={answering?.demand ?? null}
        initialAnswer={answering?.answer ?? "offer"}
        onClose={() => setAnswering(null)}
        onAnswered={(updated) => {
          setAnswering(null);
          replace(updated);
        }}
        onStale={() => {
          setAnswering(null);
          void load();
        }}
      />
    </Card>
  );
}
