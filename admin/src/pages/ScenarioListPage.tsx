import { useCallback, useEffect, useMemo, useState } from "react";
import { Alert, App, Button, Card, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { useNavigate } from "react-router-dom";
import { BENEFIT_CATEGORY_LABELS, SCENARIO_STATUS_LABELS, type TScenario } from "@xinyi/shared";
import { errorMessage, listScenarios, publishScenario } from "../api/client";
import { useCurrentUser } from "../api/useSession";
import { formatDateTime, prefectureNames } from "../lib/format";
import { testId } from "../lib/testId";

export function ScenarioListPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const [items, setItems] = useState<TScenario[]>([]);
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [publishing, setPublishing] = useState<string | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    setLoadError(null);
    try {
      setItems(await listScenarios());
    } catch (err) {
      setLoadError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // Newest first, so a scenario just created shows on the first page.
  const sorted = useMemo(
    () => [...items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id)),
    [items],
  );

  const onPublish = useCallback(
    async (scenario: TScenario) => {
      setPublishing(scenario.id);
      try {
        const updated = await publishScenario(scenario.id);
        setItems((prev) => prev.map((s) => (s.id === updated.id ? updated : s)));
        message.success(`已发布：${updated.title}`);
      } catch (err) {
        message.error(errorMessage(err));
      } finally {
        setPublishing(null);
      }
    },
    [message],
  );

  const columns: TableColumnsType<TScenario> = [
    {
      title: "标题",
      dataIndex: "title",
      render: (title: string) => <span data-testid="scenario-title">{title}</span>,
    },
    {
      title: "类别",
      dataIndex: "category",
      width: 90,
      render: (category: TScenario["category"]) => BENEFIT_CATEGORY_LABELS[category],
    },
    {
      title: "适用地区",
      dataIndex: "prefectureCodes",
      render: (codes: string[]) => (
        <Space size={[0, 4]} wrap>
          {prefectureNames(codes).map((name) => (
            <Tag key={name}>{name}</Tag>
          ))}
        </Space>
      ),
    },
    { title: "最低信用分", dataIndex: "minCreditScore", width: 110, align: "right" },
    {
      title: "名额/已领/剩余",
      key: "quota",
      width: 140,
      align: "right",
      render: (_: unknown, s) => (
        <span data-testid={`scenario-quota-${s.id}`}>
          {s.quota} / {s.claimedCount} / {s.remaining}
        </span>
      ),
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 90,
      render: (status: TScenario["status"], s) => (
        <Tag color={status === "published" ? "green" : "default"} data-testid={`scenario-status-${s.id}`}>
          {SCENARIO_STATUS_LABELS[status]}
        </Tag>
      ),
    },
    {
      title: "时间窗口",
      key: "window",
      width: 170,
      render: (_: unknown, s) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {formatDateTime(s.startsAt)}
          <br />至 {formatDateTime(s.endsAt)}
        </span>
      ),
    },
    {
      title: "操作",
      key: "actions",
      width: 90,
      render: (_: unknown, s) =>
        s.status === "draft" ? (
          <Popconfirm
            title="确认发布该场景？"
            description="发布后符合条件的用户即可在时间窗口内领取。"
            okText="发布"
            cancelText="取消"
            okButtonProps={{ ...testId(`scenario-publish-confirm-${s.id}`) }}
            onConfirm={() => onPublish(s)}
          >
            <Button
              type="link"
              size="small"
              data-testid={`scenario-publish-${s.id}`}
              loading={publishing === s.id}
              disabled={publishing !== null && publishing !== s.id}
            >
              发布
            </Button>
          </Popconfirm>
        ) : (
          <Typography.Text type="secondary">—</Typography.Text>
        ),
    },
  ];

  return (
    <Card
      title="场景管理"
      extra={
        <Space>
          <Button onClick={() => void load()} disabled={loading} data-testid="scenario-reload">
            刷新
          </Button>
          <Button type="primary" data-testid="scenario-new" onClick={() => navigate("/scenarios/new")}>
            新建场景
          </Button>
        </Space>
      }
    >
      {user?.role === "regional_admin" && user.prefectureName && (
        <Typography.Paragraph type="secondary">仅显示适用于{user.prefectureName}的场景。</Typography.Paragraph>
      )}
      {loadError && (
        <Alert
          type="error"
          showIcon
          title={loadError}
          action={
            <Button size="small" onClick={() => void load()}>
              重试
            </Button>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<TScenario>
        rowKey="id"
        columns={columns}
        dataSource={sorted}
        loading={loading}
        data-testid="scenario-table"
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (total) => `共 ${total} 个场景` }}
        locale={{ emptyText: loading ? " " : "暂无场景，点击“新建场景”创建第一个权益场景" }}
        scroll={{ x: 1000 }}
      />
    </Card>
  );
}
