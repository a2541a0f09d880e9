import { useCallback, useEffect, useRef, useState } from "react";
import { Alert, Button, Card, Input, Space, Table, Tooltip, Typography, type TableColumnsType } from "antd";
import { ROLE_LABELS, ROLES, type TAuditEntry, type TAuditVerifyResult, type TRole } from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { listAudit, verifyAudit } from "../api/credit";
import { formatDateTime } from "../lib/format";
import { LoadError } from "../components/LoadError";

function roleLabel(role: string | undefined): string {
  if (!role) return "系统";
  return (ROLES as readonly string[]).includes(role) ? ROLE_LABELS[role as TRole] : role;
}

function VerifyResult({ result }: { result: TAuditVerifyResult }) {
  const text = result.ok
    ? `哈希链完整：已校验 ${result.checked} 条记录，未发现篡改。`
    : result.firstBroken
      ? `哈希链在第 ${result.firstBroken.seq} 条记录处断开：${result.firstBroken.reason}（已校验 ${result.checked} 条）`
      : `哈希链校验未通过（已校验 ${result.checked} 条）`;
  return (
    <Alert
      type={result.ok ? "success" : "error"}
      showIcon
      title={
        <span data-testid="audit-verify-result" data-ok={result.ok} data-broken-seq={result.firstBroken?.seq}>
          {text}
        </span>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

export function AuditPage() {
  const [items, setItems] = useState<TAuditEntry[]>([]);
  const [nextBeforeSeq, setNextBeforeSeq] = useState<number | undefined>(undefined);
  const [action, setAction] = useState("");
  /** The filter the listed entries were loaded with; 加载更多 continues with it. */
  const [appliedAction, setAppliedAction] = useState("");
  const [loading, setLoading] = useState<"first" | "more" | null>("first");
  const [loadError, setLoadError] = useState<string | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyResult, setVerifyResult] = useState<TAuditVerifyResult | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (filter: string, beforeSeq: number | undefined) => {
    const ticket = ++latest.current;
    setLoading(beforeSeq === undefined ? "first" : "more");
    setLoadError(null);
    try {
      const page = await listAudit({ action: filter.trim() || undefined, beforeSeq });
      if (ticket !== latest.current) return;
      setAppliedAction(filter);
      setItems((prev) => (beforeSeq === undefined ? page.items : [...prev, ...page.items.filter((e) => !prev.some((p) => p.seq === e.seq))]));
      setNextBeforeSeq(page.nextBeforeSeq);
    } catch (err) {
      if (ticket === latest.current) setLoadError(errorMessage(err));
    } finally {
      if (ticket === latest.current) setLoading(null);
    }
  }, []);

  useEffect(() => {
    void load("", undefined);
  }, [load]);

  const onVerify = async () => {
    setVerifying(true);
    setVerifyError(null);
    setVerifyResult(null);
    try {
      setVerifyResult(await verifyAudit());
    } catch (err) {
      setVerifyError(errorMessage(err));
    } finally {
      setVerifying(false);
    }
  };

  const columns: TableColumnsType<TAuditEntry> = [
    { title: "序号", dataIndex: "seq", width: 80, align: "right" },
    { title: "时间", dataIndex: "at", width: 160, render: (at: string) => formatDateTime(at) },
    { title: "操作人角色", dataIndex: "actorRole", width: 130, render: (role: string | undefined) => roleLabel(role) },
    { title: "操作", dataIndex: "action", width: 200, render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
    { title: "对象", dataIndex: "target", ellipsis: { showTitle: true } },
    {
      title: "哈希",
      dataIndex: "hash",
      width: 150,
      render: (hash: string, e) => (
        <Tooltip title={<div style={{ wordBreak: "break-all" }}>本条：{hash}<br />上一条：{e.prevHash}</div>}>
          <Typography.Text style={{ fontFamily: "monospace" }}>{hash.slice(0, 10)}…</Typography.Text>
        </Tooltip>
      ),
    },
  ];

  return (
    <Card
      title="审计日志"
      extra={
        <Button type="primary" onClick={() => void onVerify()} loading={verifying} data-testid="audit-verify">
          校验哈希链
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        每条审计记录都包含上一条记录的哈希，任何修改或删除都会使哈希链断开。展开一行可查看详细内容。
      </Typography.Paragraph>
      {verifyResult && <VerifyResult result={verifyResult} />}
      {verifyError && (
        <Alert type="error" showIcon title={<span data-testid="audit-verify-result" data-ok="error">{verifyError}</span>} style={{ marginBottom: 16 }} />
      )}
      <Space style={{ marginBottom: 16 }}>
        <Space.Compact style={{ width: 380 }}>
          <Input
            data-testid="audit-action-filter"
            placeholder="按操作筛选，如 record.create"
            allowClear
            value={action}
            onChange={(e) => setAction(e.target.value)}
            onPressEnter={() => void load(action, undefined)}
            maxLength={60}
          />
          <Button onClick={() => void load(action, undefined)}>筛选</Button>
        </Space.Compact>
      </Space>
      {loadError && <LoadError message={loadError} />}
      <Table<TAuditEntry>
        rowKey="seq"
        data-testid="audit-table"
        columns={columns}
        dataSource={items}
        loading={loading === "first"}
        pagination={false}
        size="middle"
        expandable={{
          expandedRowRender: (e) => (
            <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: 12 }} data-testid={`audit-details-${e.seq}`}>
              {JSON.stringify(e.details, null, 2)}
            </pre>
          ),
          rowExpandable: (e) => Object.keys(e.details).length > 0,
        }}
        locale={{ emptyText: loading === "first" ? " " : "暂无审计记录" }}
        scroll={{ x: 900 }}
      />
      <div style={{ textAlign: "center", marginTop: 16 }}>
        {nextBeforeSeq !== undefined ? (
          <Button onClick={() => void load(appliedAction, nextBeforeSeq)} loading={loading === "more"} data-testid="audit-load-more">
            加载更多
          </Button>
        ) : (
          items.length > 0 && <Typography.Text type="secondary">已显示全部 {items.length} 条</Typography.Text>
        )}
      </div>
    </Card>
  );
}
