import { useCallback, useMemo } from "react";
import { Card, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate } from "react-router-dom";
import {
  BENEFIT_CATEGORY_LABELS,
  SCENARIO_STATUSES,
  SCENARIO_STATUS_LABELS,
  type TScenario,
  type TScenarioStatus,
} from "@xinyi/shared";
import { listScenarios } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { ScenarioActions } from "../components/ScenarioActions";
import { ReviewListToolbar, actionsColumn, listPagination, newestFirst, regionsColumn, statusVersionColumn, useStatusParam } from "../components/ReviewListParts";
import { formatDateTime } from "../lib/format";
import { SCENARIO_STATUS_COLORS, canEditScenario, isPartnerOwned, ownerLabel } from "../lib/scenarios";
import { rowTestId } from "../lib/testId";
import { useLoad } from "../lib/useLoad";
import { LoadError } from "../components/LoadError";


/**
 * 场景管理 (every scenario the user may see, filtered by status) and, with `review`,
 * 审核队列: the partners' scenarios waiting for this administrator's decision.
 */
export function ScenarioListPage({ review = false }: { review?: boolean }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const filter = useStatusParam(SCENARIO_STATUSES, SCENARIO_STATUS_LABELS, review);
  const { status } = filter;
  const fetchScenarios = useCallback(() => listScenarios(status), [status]);
  const { data: items, setData: setItems, loading, loadError, load } = useLoad<TScenario[]>(fetchScenarios, []);

  // Newest first, so a scenario just created shows on the first page. The server filters by
  // status; filter here too so a row whose status just changed leaves a filtered view.
  const sorted = useMemo(
    () =>
      items
        .filter((s) => !status || s.status === status)
        .sort(newestFirst),
    [items, status],
  );

  const onChanged = useCallback((updated: TScenario) => {
    setItems((prev) => prev.map((s) => (s.id === updated.id ? updated : s)));
  }, []);

  if (!user) return null;
  const isPartner = user.role === "partner_operator";

  const columns: TableColumnsType<TScenario> = [
    {
      title: "标题 / 领取时间",
      dataIndex: "title",
      width: 210,
      render: (title: string, s) => (
        <div>
          <Link to={`/scenarios/${s.id}`} data-testid="scenario-title">
            {title}
          </Link>
          <Typography.Text type="secondary" style={{ display: "block", fontSize: 12, whiteSpace: "nowrap" }}>
            {formatDateTime(s.startsAt)} 至 {formatDateTime(s.endsAt)}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "类别",
      dataIndex: "category",
      width: 80,
      render: (category: TScenario["category"]) => BENEFIT_CATEGORY_LABELS[category],
    },
    ...(isPartner
      ? []
      : [
          {
            title: "发起方",
            key: "owner",
            width: 120,
            render: (_: unknown, s: TScenario) => (
              <span data-testid={`scenario-owner-${s.id}`}>
                <Tag color={isPartnerOwned(s) ? "purple" : "red"}>{isPartnerOwned(s) ? "机构" : "政府"}</Tag>
                {ownerLabel(s)}
              </span>
            ),
          },
        ]),
    regionsColumn("适用地区", 110),
    {
      title: "申领条件",
      dataIndex: "ruleSummary",
      render: (summary: string, s) => (
        <Typography.Paragraph ellipsis={{ rows: 2, tooltip: summary }} style={{ margin: 0 }} data-testid={`scenario-rule-${s.id}`}>
          {summary}
        </Typography.Paragraph>
      ),
    },
    {
      title: "名额/已领/已核销/剩余",
      key: "quota",
      width: 120,
      align: "right",
      render: (_: unknown, s) => (
        <span data-testid={`scenario-quota-${s.id}`} style={{ whiteSpace: "nowrap" }}>
          {s.quota} / {s.claimedCount} / {s.redeemedCount} / {s.remaining}
        </span>
      ),
    },
    statusVersionColumn<TScenarioStatus, TScenario>({
      title: "状态 / 版本",
      width: 96,
      colors: SCENARIO_STATUS_COLORS,
      labels: SCENARIO_STATUS_LABELS,
      testIdPrefix: "scenario",
      versionTestId: true,
    }),
    actionsColumn<TScenario>({
      width: 160,
      testIdPrefix: "scenario",
      canEdit: (s) => canEditScenario(user, s),
      onEdit: (s) => navigate(`/scenarios/${s.id}/edit`),
      actions: (s) => <ScenarioActions scenario={s} onChanged={onChanged} onStale={() => void load()} />,
    }),
  ];

  const scopeNote = isPartner
    ? "仅显示本机构发起的场景。"
    : user.role === "regional_admin" && user.prefectureName
      ? `仅显示适用于${user.prefectureName}的场景。`
      : undefined;

  return (
    <Card
      title={review ? "审核队列" : "场景管理"}
      extra={
        <ReviewListToolbar
          prefix="scenario"
          review={review}
          filter={filter}
          loading={loading}
          onReload={() => void load()}
          create={review ? undefined : { label: "新建场景", onClick: () => navigate("/scenarios/new") }}
        />
      }
    >
      {review ? (
        <Typography.Paragraph type="secondary" data-testid="review-note">
          合作机构提交、等待您审核的场景。请核对申领条件、权益内容和名额后通过或驳回（驳回需填写原因）。
        </Typography.Paragraph>
      ) : (
        scopeNote && <Typography.Paragraph type="secondary">{scopeNote}</Typography.Paragraph>
      )}
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TScenario>
        rowKey="id"
        columns={columns}
        dataSource={sorted}
        loading={loading}
        data-testid={review ? "review-table" : "scenario-table"}
        onRow={(s) => rowTestId(`scenario-row-${s.id}`)}
        pagination={listPagination("个场景")}
        locale={{
          emptyText: loading
            ? " "
            : review
              ? "暂无待审核的场景"
              : status
                ? `暂无“${SCENARIO_STATUS_LABELS[status]}”的场景`
                : "暂无场景，点击“新建场景”创建第一个权益场景",
        }}
        scroll={{ x: 1040 }}
      />
    </Card>
  );
}
