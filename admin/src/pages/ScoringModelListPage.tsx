import { useMemo, useState } from "react";
import { App, Button, Card, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate } from "react-router-dom";
import { DEFAULT_SCORING_MODEL, type TScoringModel } from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { createScoringDraft, listScoringModels } from "../api/credit";
import { useCurrentUser } from "../api/useSession";
import { inForceVersion } from "../lib/credit";
import { formatDateTime } from "../lib/format";
import { isPlatformAdmin } from "../lib/roles";
import { useLoad } from "../lib/useLoad";
import { LoadError } from "../components/LoadError";

export function ScoringModelListPage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const navigate = useNavigate();
  const { data: models, loading, loadError, load } = useLoad<TScoringModel[]>(listScoringModels, []);
  const [creating, setCreating] = useState(false);
  const canEdit = user ? isPlatformAdmin(user.role) : false;

  const sorted = useMemo(() => [...models].sort((a, b) => b.version - a.version), [models]);
  const current = inForceVersion(models);

  const newDraft = async () => {
    const latest = sorted[0];
    setCreating(true);
    try {
      const draft = await createScoringDraft(
        latest ? `基于 v${latest.version} 修改` : "",
        structuredClone(latest?.params ?? DEFAULT_SCORING_MODEL),
      );
      message.success(`已新建草稿 v${draft.version}`);
      navigate(`/scoring-models/${draft.version}`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setCreating(false);
    }
  };

  const columns: TableColumnsType<TScoringModel> = [
    {
      title: "版本",
      dataIndex: "version",
      width: 90,
      render: (v: number) => (
        <Link to={`/scoring-models/${v}`} data-testid={`scoring-model-${v}`}>
          v{v}
        </Link>
      ),
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 120,
      render: (status: TScoringModel["status"], m) =>
        status === "draft" ? (
          <Tag>草稿</Tag>
        ) : m.version === current ? (
          <Tag color="green">当前使用</Tag>
        ) : (
          <Tag color="default">已发布（历史）</Tag>
        ),
    },
    { title: "说明", dataIndex: "note", render: (note: string) => note || <Typography.Text type="secondary">—</Typography.Text> },
    { title: "创建时间", dataIndex: "createdAt", width: 160, render: (at: string) => formatDateTime(at) },
    {
      title: "发布时间",
      dataIndex: "publishedAt",
      width: 160,
      render: (at: string | undefined) => (at ? formatDateTime(at) : "—"),
    },
    {
      title: "操作",
      key: "actions",
      width: 100,
      render: (_: unknown, m) => (
        <Link to={`/scoring-models/${m.version}`}>{canEdit && m.status === "draft" ? "编辑" : "查看"}</Link>
      ),
    },
  ];

  return (
    <Card
      title="评分模型"
      extra={
        <Space>
          <Button onClick={() => void load()} disabled={loading}>
            刷新
          </Button>
          {canEdit && (
            <Button type="primary" onClick={() => void newDraft()} loading={creating} disabled={loading} data-testid="scoring-new-draft">
              新建草稿
            </Button>
          )}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        评分模型是一组可调整的参数。发布新版本后，此后的评价使用新版本，过去的评价保留当时的版本号。
        {canEdit ? "新建草稿会复制最新版本的参数。" : "仅平台管理员可以修改和发布评分模型。"}
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} />}
      <Table<TScoringModel>
        rowKey="version"
        data-testid="scoring-models"
        columns={columns}
        dataSource={sorted}
        loading={loading}
        pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: loading ? " " : "暂无评分模型" }}
        scroll={{ x: 800 }}
      />
    </Card>
  );
}
