import { useMemo, useState } from "react";
import { App, Button, Card, Select, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { PARTNER_KIND_LABELS, PARTNER_STATUSES, PARTNER_STATUS_LABELS, type TPartnerDetail } from "@xinyi/shared";
import { decidePartnerApplication, listPartnerApplications } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { handleDecisionError } from "../lib/decisionErrors";
import { formatDateTime, regionNames } from "../lib/format";
import { PARTNER_STATUS_COLORS } from "../lib/partners";
import { rowTestId } from "../lib/testId";
import { useLoad } from "../lib/useLoad";
import { ConfirmReasonModal } from "../components/ConfirmReasonModal";
import { LoadError } from "../components/LoadError";

type TPartnerStatus = TPartnerDetail["status"];

const statusOptions = [
  { value: "", label: "全部状态" },
  ...PARTNER_STATUSES.map((s) => ({ value: s, label: PARTNER_STATUS_LABELS[s] })),
];

/** 合作机构: entry applications this administrator decides (通过 / 驳回 with a reason). */
export function PartnersPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const { data: items, setData: setItems, loading, loadError, load } = useLoad<TPartnerDetail[]>(listPartnerApplications, []);
  const [status, setStatus] = useState<TPartnerStatus | "">("");
  const [deciding, setDeciding] = useState<{ partner: TPartnerDetail; decision: "approve" | "reject" } | null>(null);
  const [reason, setReason] = useState("");
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Waiting applications first, newest first within each status.
  const rows = useMemo(
    () =>
      items
        .filter((p) => !status || p.status === status)
        .sort(
          (a, b) =>
            Number(b.status === "pending") - Number(a.status === "pending") || Date.parse(b.appliedAt) - Date.parse(a.appliedAt),
        ),
    [items, status],
  );

  const open = (partner: TPartnerDetail, decision: "approve" | "reject") => {
    setDeciding({ partner, decision });
    setReason("");
    setReasonError(null);
  };

  const confirm = async () => {
    if (!deciding) return;
    const trimmed = reason.trim();
    if (deciding.decision === "reject" && !trimmed) {
      setReasonError("请填写驳回原因");
      return;
    }
    setBusy(true);
    try {
      const updated = await decidePartnerApplication(deciding.partner.id, {
        decision: deciding.decision,
        ...(trimmed ? { reason: trimmed } : {}),
      });
      setItems((prev) => prev.map((p) => (p.id === updated.id ? updated : p)));
      message.success(`${deciding.decision === "approve" ? "已通过" : "已驳回"}：${updated.name}`);
      setDeciding(null);
    } catch (err) {
      handleDecisionError(err, {
        staleCodes: ["CONFLICT", "NOT_FOUND"],
        setReasonError,
        showError: (text) => message.error(text),
        onStale: () => {
          setDeciding(null);
          void load();
        },
      });
    } finally {
      setBusy(false);
    }
  };

  const columns: TableColumnsType<TPartnerDetail> = [
    { title: "机构名称", dataIndex: "name", width: 180, render: (name: string) => <span data-testid="partner-name">{name}</span> },
    { title: "类型", dataIndex: "kind", width: 130, render: (kind: TPartnerDetail["kind"]) => PARTNER_KIND_LABELS[kind] },
    {
      title: "服务地区",
      key: "regions",
      width: 140,
      render: (_: unknown, p) => (
        <Space size={[0, 4]} wrap>
          {regionNames(p).map((name) => (
            <Tag key={name}>{name}</Tag>
          ))}
        </Space>
      ),
    },
    { title: "联系人", dataIndex: "contactName", width: 90 },
    { title: "联系电话", dataIndex: "contactPhoneMasked", width: 120 },
    { title: "申请时间", dataIndex: "appliedAt", width: 140, render: (at: string) => formatDateTime(at) },
    {
      title: "状态",
      dataIndex: "status",
      width: 150,
      render: (value: TPartnerStatus, p) => (
        <div>
          <Tag color={PARTNER_STATUS_COLORS[value]} data-testid={`partner-status-${p.id}`}>
            {PARTNER_STATUS_LABELS[value]}
          </Tag>
          {value === "rejected" && p.rejectionReason && (
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              原因：{p.rejectionReason}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: "操作",
      key: "actions",
      width: 130,
      fixed: "right",
      render: (_: unknown, p) =>
        p.status === "pending" ? (
          <Space size={4}>
            <Button size="small" type="primary" data-testid={`partner-approve-${p.id}`} onClick={() => open(p, "approve")}>
              通过
            </Button>
            <Button size="small" danger data-testid={`partner-reject-${p.id}`} onClick={() => open(p, "reject")}>
              驳回
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">{p.decidedAt ? formatDateTime(p.decidedAt) : "—"}</Typography.Text>
        ),
    },
  ];

  const applyUrl = `${window.location.origin}/admin/apply`;

  return (
    <Card
      title="合作机构"
      extra={
        <Space>
          <Select
            data-testid="partner-status-filter"
            value={status}
            options={statusOptions}
            onChange={(value: TPartnerStatus | "") => setStatus(value)}
            style={{ width: 120 }}
            virtual={false}
          />
          <Button onClick={() => void load()} disabled={loading} data-testid="partner-reload">
            刷新
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {user?.role === "regional_admin"
          ? `此处为只服务${user.prefectureName ?? "本州市"}的机构的入驻申请；服务全省或多个州市的机构由平台管理员审核。`
          : "服务全省或多个州市的机构由平台审核；只服务一个州市的机构也可由该州市管理员审核。"}
        机构可通过 <Typography.Text copyable={{ text: applyUrl }}>{applyUrl}</Typography.Text> 提交入驻申请，通过后其操作员账号即可登录。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TPartnerDetail>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        data-testid="partner-table"
        onRow={(p) => rowTestId(`partner-row-${p.id}`)}
        pagination={{ defaultPageSize: 20, showTotal: (total) => `共 ${total} 个机构` }}
        locale={{ emptyText: loading ? " " : "暂无入驻申请" }}
        scroll={{ x: 1060 }}
      />
      <ConfirmReasonModal
        open={deciding !== null}
        title={deciding ? `${deciding.decision === "approve" ? "通过" : "驳回"}入驻申请：${deciding.partner.name}` : ""}
        okText={deciding?.decision === "approve" ? "通过" : "驳回"}
        okTestId={deciding?.decision === "reject" ? "partner-reject-confirm" : "partner-approve-confirm"}
        danger={deciding?.decision === "reject"}
        busy={busy}
        onOk={() => void confirm()}
        onCancel={() => setDeciding(null)}
        reason={
          deciding?.decision === "approve"
            ? undefined
            : {
                value: reason,
                error: reasonError,
                onChange: (value) => {
                  setReason(value);
                  setReasonError(null);
                },
                testId: "partner-reject-reason",
              }
        }
      >
        {deciding?.decision === "approve" ? (
          <Typography.Paragraph>通过后该机构即可发起权益场景，其操作员账号可以登录管理后台。</Typography.Paragraph>
        ) : (
          <Typography.Paragraph>请说明驳回原因，机构将看到此说明。</Typography.Paragraph>
        )}
      </ConfirmReasonModal>
    </Card>
  );
}
