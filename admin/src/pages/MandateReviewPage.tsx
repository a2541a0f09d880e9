import { useCallback, useMemo, useState } from "react";
import { App, Button, Card, Descriptions, Drawer, Input, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { MANDATE_STATUSES, MANDATE_STATUS_LABELS, prefectureName, type TMandate, type TMandatePage, type TMandateStatus } from "@xinyi/shared";
import { handleDecisionError } from "../lib/decisionErrors";
import { decideMandate, listMandateQueue, revokeMandate } from "../api/identity";
import { useCurrentUser } from "../api/useSession";
import { ConfirmReasonModal } from "../components/ConfirmReasonModal";
import { LoadError } from "../components/LoadError";
import { MandateLetterView } from "../components/MandateLetterView";
import { formatDateTime } from "../lib/format";
import { rowTestId } from "../lib/testId";
import { useLoad } from "../lib/useLoad";

const STATUS_COLORS: Record<TMandateStatus, string> = { pending: "orange", active: "green", rejected: "red", revoked: "default", withdrawn: "default" };

const statusOptions = [{ value: "", label: "全部状态" }, ...MANDATE_STATUSES.map((s) => ({ value: s, label: MANDATE_STATUS_LABELS[s] }))];

type Action = "approve" | "reject" | "revoke";

const ACTION_TEXT: Record<Action, { title: string; ok: string; done: string; hint: string; placeholder: string }> = {
  approve: {
    title: "通过授权申请",
    ok: "通过",
    done: "已通过",
    hint: "通过后，申请人即可代表该企业使用信易+（查看企业信用、申领企业权益）。请写明核对了授权书的哪些内容。",
    placeholder: "如：授权书加盖企业公章，经办人信息与实名信息一致",
  },
  reject: { title: "驳回授权申请", ok: "驳回", done: "已驳回", hint: "请说明驳回原因，申请人将在小程序中看到。", placeholder: "如：授权书未加盖企业公章" },
  revoke: { title: "撤销授权", ok: "撤销", done: "已撤销", hint: "撤销后，该账号立即不能再代表企业办理。请说明原因。", placeholder: "如：企业申请撤销该经办人" },
};

const EMPTY_PAGE: TMandatePage = { items: [], total: 0, page: 1, pageSize: 20 };

/** 企业授权审核: mandate requests with an uploaded letter, for the administrators of the enterprise's prefecture. */
export function MandateReviewPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [status, setStatus] = useState<TMandateStatus | "">("pending");
  const [page, setPage] = useState(1);
  const [keyword, setKeyword] = useState("");
  const fetchPage = useCallback(() => listMandateQueue({ status: status || undefined, page }), [status, page]);
  const { data, setData, loading, loadError, load } = useLoad<TMandatePage>(fetchPage, EMPTY_PAGE);
  const [openId, setOpenId] = useState<string | null>(null);
  const [acting, setActing] = useState<Action | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const rows = useMemo(() => {
    const k = keyword.trim().toUpperCase();
    if (!k) return data.items;
    return data.items.filter((m) => [m.enterprise.name, m.enterprise.uscc, m.agent.name].some((v) => v.toUpperCase().includes(k)));
  }, [data.items, keyword]);
  const open = data.items.find((m) => m.id === openId);

  const startAction = (action: Action) => {
    setActing(action);
    setReason("");
    setReasonError(null);
  };

  const confirm = async () => {
    if (!open || !acting) return;
    const trimmed = reason.trim();
    if (!trimmed) {
      setReasonError("请填写理由");
      return;
    }
    setBusy(true);
    try {
      const updated = acting === "revoke" ? await revokeMandate(open.id, trimmed) : await decideMandate(open.id, { decision: acting, reason: trimmed });
      setData((prev) => ({ ...prev, items: prev.items.map((m) => (m.id === updated.id ? updated : m)) }));
      message.success(`${ACTION_TEXT[acting].done}：${updated.enterprise.name} · ${updated.agent.name}`);
      setActing(null);
    } catch (err) {
      // Decided elsewhere meanwhile (or withdrawn by the applicant): the list reloads.
      handleDecisionError(err, {
        staleCodes: ["MANDATE_TRANSITION_INVALID", "NOT_FOUND"],
        setReasonError,
        showError: (text) => message.error(text),
        onStale: () => {
          setActing(null);
          void load();
        },
      });
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<TMandate> = [
    {
      title: "企业",
      key: "enterprise",
      render: (_: unknown, m) => (
        <div>
          <div data-testid="mandate-enterprise">{m.enterprise.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.enterprise.uscc} · {prefectureName(m.enterprise.prefectureCode) ?? m.enterprise.prefectureCode}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "申请人（经办人）",
      key: "agent",
      width: 200,
      render: (_: unknown, m) => (
        <div>
          <div>{m.agent.name}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {m.agent.idMasked}
          </Typography.Text>
        </div>
      ),
    },
    { title: "申请时间", dataIndex: "requestedAt", width: 150, render: (at: string) => formatDateTime(at) },
    {
      title: "状态",
      dataIndex: "status",
      width: 100,
      render: (s: TMandateStatus, m) => (
        <Tag color={STATUS_COLORS[s]} data-testid={`mandate-status-${m.id}`}>
          {MANDATE_STATUS_LABELS[s]}
        </Tag>
      ),
    },
    {
      title: "操作",
      key: "actions",
      width: 100,
      render: (_: unknown, m) => (
        <Button size="small" type={m.status === "pending" ? "primary" : "default"} data-testid={`mandate-open-${m.id}`} onClick={() => setOpenId(m.id)}>
          {m.status === "pending" ? "审核" : "查看"}
        </Button>
      ),
    },
  ];

  return (
    <Card
      title="企业授权审核"
      extra={
        <Space>
          <Input.Search
            data-testid="mandate-search"
            placeholder="企业名称、统一社会信用代码或申请人"
            allowClear
            style={{ width: 280 }}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
          />
          <Select
            data-testid="mandate-status-filter"
            value={status}
            options={statusOptions}
            onChange={(value: TMandateStatus | "") => {
              setStatus(value);
              setPage(1);
            }}
            style={{ width: 120 }}
            virtual={false}
          />
          <Button onClick={() => void load()} disabled={loading} data-testid="mandate-reload">
            刷新
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {user?.role === "regional_admin" ? `${user.prefectureName ?? "本州市"}企业` : "各州市企业"}
        的经办人授权申请：申请人已通过实名核验，并上传了加盖企业公章的授权委托书。核对授权书后通过或驳回，并写明理由；由法定代表人在小程序中审批的申请不在此处。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TMandate>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        data-testid="mandate-table"
        onRow={(m) => rowTestId(`mandate-row-${m.id}`)}
        pagination={{
          current: data.page,
          pageSize: data.pageSize,
          total: data.total,
          showSizeChanger: false,
          showTotal: (total) => `共 ${total} 条申请`,
          onChange: setPage,
        }}
        locale={{ emptyText: loading ? " " : status === "pending" ? "暂无待审核的授权申请" : "暂无授权申请" }}
      />

      <Drawer title={open ? `授权申请 · ${open.enterprise.name}` : "授权申请"} open={open !== undefined} onClose={() => setOpenId(null)} size={640}>
        {open && (
          <div data-testid="mandate-detail">
            <Descriptions column={1} size="small" bordered>
              <Descriptions.Item label="企业名称">{open.enterprise.name}</Descriptions.Item>
              <Descriptions.Item label="统一社会信用代码">{open.enterprise.uscc}</Descriptions.Item>
              <Descriptions.Item label="所在州市">{prefectureName(open.enterprise.prefectureCode) ?? open.enterprise.prefectureCode}</Descriptions.Item>
              <Descriptions.Item label="申请人">
                {open.agent.name}（{open.agent.idMasked}）{open.agent.phoneMasked ? ` · ${open.agent.phoneMasked}` : ""}
              </Descriptions.Item>
              <Descriptions.Item label="申请说明">{open.note ?? "—"}</Descriptions.Item>
              <Descriptions.Item label="申请时间">{formatDateTime(open.requestedAt)}</Descriptions.Item>
              <Descriptions.Item label="状态">
                <Tag color={STATUS_COLORS[open.status]} data-testid="mandate-detail-status">
                  {MANDATE_STATUS_LABELS[open.status]}
                </Tag>
                {open.decidedAt ? `${formatDateTime(open.decidedAt)}` : ""}
              </Descriptions.Item>
              {open.reason && <Descriptions.Item label="理由">{open.reason}</Descriptions.Item>}
            </Descriptions>
            <Typography.Title level={5} style={{ marginTop: 20 }}>
              授权委托书
            </Typography.Title>
            {open.hasLetter ? <MandateLetterView mandateId={open.id} /> : <Typography.Text type="secondary">未上传授权书</Typography.Text>}
            <Space style={{ marginTop: 20 }}>
              {open.status === "pending" && (
                <>
                  <Button type="primary" data-testid="mandate-approve" onClick={() => startAction("approve")}>
                    通过
                  </Button>
                  <Button danger data-testid="mandate-reject" onClick={() => startAction("reject")}>
                    驳回
                  </Button>
                </>
              )}
              {open.status === "active" && (
                <Button danger data-testid="mandate-revoke" onClick={() => startAction("revoke")}>
                  撤销授权
                </Button>
              )}
            </Space>
          </div>
        )}
      </Drawer>

      <ConfirmReasonModal
        open={acting !== null && open !== undefined}
        title={acting && open ? `${ACTION_TEXT[acting].title}：${open.enterprise.name} · ${open.agent.name}` : ""}
        okText={acting ? ACTION_TEXT[acting].ok : ""}
        okTestId={`mandate-${acting ?? "approve"}-confirm`}
        danger={acting !== "approve"}
        busy={busy}
        onOk={() => void confirm()}
        onCancel={() => setActing(null)}
        reason={{
          value: reason,
          error: reasonError,
          onChange: (value) => {
            setReason(value);
            setReasonError(null);
          },
          testId: "mandate-reason",
          ...(acting ? { placeholder: ACTION_TEXT[acting].placeholder } : {}),
        }}
      >
        {acting && <Typography.Paragraph>{ACTION_TEXT[acting].hint}</Typography.Paragraph>}
      </ConfirmReasonModal>
    </Card>
  );
}
