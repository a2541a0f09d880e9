import { useCallback, useState } from "react";
import { Button, Card, Table, Tag, Typography, type TableColumnsType } from "antd";
import type { TPartnerCreditEvent } from "@xinyi/shared";
import { listPartnerCreditEvents, type TPartnerCreditEventPage } from "../api/commitments";
import { useCurrentUser } from "../api/useSession";
import { LoadError } from "../components/LoadError";
import { formatBeijing } from "../lib/loans";
import { rowTestId } from "../lib/testId";
import { useLoad } from "../lib/useLoad";

const EMPTY: TPartnerCreditEventPage = { items: [], total: 0, page: 1, pageSize: 20 };

const KIND_LABELS: Record<TPartnerCreditEvent["kind"], string> = { record_repaired: "信用修复" };

/**
 * 信用变动: repairs granted to subjects who hold a consent with this organisation, newest first. A
 * repaired record must stop being used here too ("repaired once, effective everywhere").
 */
export function CreditEventsPage() {
  const user = useCurrentUser();
  const [page, setPage] = useState(1);
  const fetchEvents = useCallback(() => listPartnerCreditEvents(page), [page]);
  const { data, loading, loadError, load } = useLoad<TPartnerCreditEventPage>(fetchEvents, EMPTY);

  const columns: TableColumnsType<TPartnerCreditEvent> = [
    {
      title: "信用主体",
      key: "subject",
      width: 210,
      render: (_: unknown, e) => (
        <div>
          <div data-testid={`credit-event-subject-${e.id}`}>
            {e.subject.name} <Tag>{e.subject.kind === "citizen" ? "个人" : "企业"}</Tag>
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.subject.idMasked ?? e.subject.uscc ?? ""}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "信用记录",
      key: "record",
      width: 260,
      render: (_: unknown, e) => (
        <div data-testid={`credit-event-record-${e.id}`}>
          <div>
            <Tag color="red">{e.record.kindLabel}</Tag>
            {e.record.title}
          </div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.record.sourceDept} · {e.record.decidedAt} 决定
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "变动",
      key: "change",
      render: (_: unknown, e) => (
        <div data-testid={`credit-event-change-${e.id}`}>
          <Tag color="green">{KIND_LABELS[e.kind]}</Tag>
          <span>{e.change}</span>
        </div>
      ),
    },
    { title: "生效时间", dataIndex: "effectiveAt", width: 140, render: (at: string) => <span style={{ whiteSpace: "nowrap" }}>{formatBeijing(at)}</span> },
  ];

  if (!user) return null;
  return (
    <Card
      title="信用变动通知"
      extra={
        <Button onClick={() => void load()} disabled={loading} data-testid="credit-events-reload">
          刷新
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        向{user.partner?.name ?? "本机构"}授权查询的信用主体，其信用记录完成修复等变动时在此通知。请同步更新本机构留存的信用信息，修复后的记录不得再用于信用评价和失信惩戒。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TPartnerCreditEvent>
        rowKey="id"
        columns={columns}
        dataSource={data.items}
        loading={loading}
        data-testid="credit-events-table"
        onRow={(e) => rowTestId(`credit-event-row-${e.id}`)}
        pagination={{ current: data.page, pageSize: data.pageSize, total: data.total, showSizeChanger: false, showTotal: (total) => `共 ${total} 条`, onChange: setPage }}
        locale={{ emptyText: loading ? " " : loadError ? "未能加载" : "暂无信用变动：持有本机构授权的主体尚无信用修复" }}
        scroll={{ x: 960 }}
      />
    </Card>
  );
}
