import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Row,
  Space,
  Spin,
  Statistic,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { Link, useNavigate, useParams } from "react-router-dom";
import {
  BENEFIT_CATEGORY_LABELS,
  LIMIT_PERIOD_LABELS,
  SCENARIO_STATUS_LABELS,
  type TScenario,
  type TScenarioDryRun,
  type TScenarioStats,
} from "@xinyi/shared";
import { errorMessage } from "../api/client";
import { getScenario, scenarioDryRun, scenarioHistory, scenarioStats } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { ScenarioActions } from "../components/ScenarioActions";
import { WorkflowHistory } from "../components/WorkflowHistory";
import { formatDateTime, regionNames } from "../lib/format";
import { SCENARIO_STATUS_COLORS, canEditScenario, ownerLabel } from "../lib/scenarios";

const STATS_REFRESH_MS = 5_000;

/** 场景详情: the definition, live numbers, a dry run and the history. */
export function ScenarioDetailPage() {
  const { id = "" } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [scenario, setScenario] = useState<TScenario | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [historyKey, setHistoryKey] = useState(0);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setScenario(await getScenario(id));
    } catch (err) {
      setLoadError(errorMessage(err));
    }
    setHistoryKey((k) => k + 1);
  }, [id]);

  useEffect(() => {
    setScenario(null);
    void load();
  }, [load]);

  if (!user) return null;
  if (loadError && !scenario) {
    return (
      <Card title="场景详情" extra={<Button onClick={() => navigate("/scenarios")}>返回列表</Button>}>
        <Alert type="error" showIcon title={loadError} action={<Button onClick={() => void load()}>重试</Button>} />
      </Card>
    );
  }
  if (!scenario) {
    return (
      <Card title="场景详情">
        <Spin />
      </Card>
    );
  }

  const s = scenario;
  const limit = s.perSubjectLimit;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="scenario-detail-title">{s.title}</span>
            <Tag color={SCENARIO_STATUS_COLORS[s.status]} data-testid={`scenario-status-${s.id}`}>
              {SCENARIO_STATUS_LABELS[s.status]}
            </Tag>
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }} data-testid="scenario-detail-version">
              第 {s.version} 版
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            {canEditScenario(user, s) && (
              <Button data-testid={`scenario-edit-${s.id}`} onClick={() => navigate(`/scenarios/${s.id}/edit`)}>
                编辑
              </Button>
            )}
            <ScenarioActions
              scenario={s}
              size="middle"
              onChanged={(updated) => {
                setScenario(updated);
                setHistoryKey((k) => k + 1);
              }}
              onStale={() => void load()}
            />
            <Button onClick={() => navigate("/scenarios")}>返回列表</Button>
          </Space>
        }
      >
        {s.status === "rejected" && s.rejectionReason && (
          <Alert type="warning" showIcon title={`驳回原因：${s.rejectionReason}`} style={{ marginBottom: 16 }} data-testid="scenario-rejection" />
        )}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label="权益类别">{BENEFIT_CATEGORY_LABELS[s.category]}</Descriptions.Item>
          <Descriptions.Item label="发起方">{ownerLabel(s)}</Descriptions.Item>
          <Descriptions.Item label="适用地区">{regionNames(s).join("、")}</Descriptions.Item>
          <Descriptions.Item label="名额">
            {s.quota}（每个主体最多 {limit.total} 次{limit.perPeriod ? `，${LIMIT_PERIOD_LABELS[limit.perPeriod.period]}最多 ${limit.perPeriod.count} 次` : ""}）
          </Descriptions.Item>
          <Descriptions.Item label="申领条件" span={2}>
            <span data-testid="scenario-detail-rule">{s.ruleSummary}</span>
            <Typography.Text type="secondary">（失信名单中的主体始终不能申领）</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="权益内容" span={2}>
            <div data-testid="scenario-detail-benefit">{s.benefit.summary}</div>
            {s.benefit.tiers.length > 0 && (
              <ul style={{ margin: "4px 0 0", paddingInlineStart: 20 }}>
                {s.benefit.tiers.map((tier) => (
                  <li key={tier.grades.join(",")}>
                    {tier.grades.join("、")} 级：{tier.summary}
                    {tier.discountPercent !== undefined ? `（优惠 ${tier.discountPercent}%）` : ""}
                  </li>
                ))}
              </ul>
            )}
          </Descriptions.Item>
          <Descriptions.Item label="领取时间">
            {formatDateTime(s.startsAt)} 至 {formatDateTime(s.endsAt)}
          </Descriptions.Item>
          <Descriptions.Item label="核销有效期">领取后 {s.redemptionHours} 小时</Descriptions.Item>
          <Descriptions.Item label="权益说明" span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{s.description || "—"}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="使用条款" span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{s.terms || "—"}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="创建时间">{formatDateTime(s.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="发布时间">{s.publishedAt ? formatDateTime(s.publishedAt) : "—"}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <StatsCard scenario={s} />
        </Col>
        <Col xs={24} xl={12}>
          <DryRunCard scenario={s} />
        </Col>
      </Row>
      <HistoryCard scenarioId={s.id} reloadKey={historyKey} />
    </Space>
  );
}

/** Live numbers, re-read every 5 s while the page is open (and visible). */
function StatsCard({ scenario }: { scenario: TScenario }) {
  const [stats, setStats] = useState<TScenarioStats | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updatedAt, setUpdatedAt] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    let inFlight = false;
    const tick = async () => {
      if (inFlight || document.visibilityState === "hidden") return;
      inFlight = true;
      try {
        const next = await scenarioStats(scenario.id);
        if (!alive) return;
        setStats(next);
        setError(null);
        setUpdatedAt(dayjs().format("HH:mm:ss"));
      } catch (err) {
        if (alive) setError(errorMessage(err));
      } finally {
        inFlight = false;
      }
    };
    void tick();
    const timer = window.setInterval(() => void tick(), STATS_REFRESH_MS);
    return () => {
      alive = false;
      window.clearInterval(timer);
    };
  }, [scenario.id, scenario.version]);

  const item = (title: string, value: number | undefined, testId: string, color?: string) => (
    <Col span={8}>
      <Statistic
        title={title}
        value={value ?? "—"}
        styles={color ? { content: { color } } : undefined}
        valueRender={(node) => (
          <span data-testid={testId} data-value={value ?? ""}>
            {node}
          </span>
        )}
      />
    </Col>
  );

  return (
    <Card
      title="实时数据"
      extra={<Typography.Text type="secondary">{updatedAt ? `每 5 秒刷新 · ${updatedAt}` : "每 5 秒刷新"}</Typography.Text>}
      style={{ height: "100%" }}
    >
      {error && <Alert type="warning" showIcon title={`刷新失败：${error}`} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        {item("已领取", stats?.claimed, "stats-claimed")}
        {item("已核销", stats?.redeemed, "stats-redeemed", "#389e0d")}
        {item("剩余名额", stats?.remaining, "stats-remaining")}
        {item("已取消", stats?.cancelled, "stats-cancelled")}
        {item("已过期", stats?.expired, "stats-expired")}
        {item("总名额", scenario.quota, "stats-quota")}
      </Row>
    </Card>
  );
}

/** 预演: who in scope qualifies today, by grade, and how fast the quota would go. */
function DryRunCard({ scenario }: { scenario: TScenario }) {
  const [result, setResult] = useState<TScenarioDryRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);

  const run = useCallback(async () => {
    setRunning(true);
    setError(null);
    try {
      setResult(await scenarioDryRun(scenario.id));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setRunning(false);
    }
  }, [scenario.id]);

  // Run once when the page opens and again after every edit (a new version).
  useEffect(() => {
    void run();
  }, [run, scenario.version]);

  const share = result && result.subjectsInScope > 0 ? Math.round((result.eligible / result.subjectsInScope) * 1000) / 10 : null;

  return (
    <Card
      title="预演"
      extra={
        <Button size="small" onClick={() => void run()} loading={running} data-testid="dryrun-run">
          重新预演
        </Button>
      }
      style={{ height: "100%" }}
    >
      <Typography.Paragraph type="secondary">按当前规则和信用数据，估算适用范围内今天有多少主体符合条件、各等级享受什么权益。</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!result && running && <Spin />}
      {result && (
        <div data-testid="dryrun-result">
          <Row gutter={16} style={{ marginBottom: 12 }}>
            <Col span={8}>
              <Statistic title="范围内主体" value={result.subjectsInScope} />
            </Col>
            <Col span={8}>
              <Statistic title="符合条件" value={result.eligible} suffix={share !== null ? <small>（{share}%）</small> : undefined} />
            </Col>
            <Col span={8}>
              <Statistic
                title="预计领完"
                value={result.daysToExhaustQuota === null ? "—" : Math.ceil(result.daysToExhaustQuota)}
                suffix={result.daysToExhaustQuota === null ? undefined : "天"}
              />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ fontSize: 13 }} data-testid="dryrun-uptake">
            {result.daysToExhaustQuota === null
              ? `按每天 ${(result.assumedDailyUptake * 100).toFixed(1)}% 的符合条件主体领取估算，名额不会领完。`
              : `按每天 ${(result.assumedDailyUptake * 100).toFixed(1)}% 的符合条件主体领取估算，约 ${Math.ceil(result.daysToExhaustQuota)} 天领完 ${scenario.quota} 个名额。`}
          </Typography.Paragraph>
          <Table
            size="small"
            rowKey="grade"
            pagination={false}
            dataSource={result.byGrade}
            locale={{ emptyText: "没有符合条件的主体" }}
            columns={[
              { title: "信用等级", dataIndex: "grade", width: 90 },
              { title: "符合条件", dataIndex: "eligible", width: 100, align: "right" },
              { title: "享受的权益", dataIndex: "benefit" },
            ]}
          />
        </div>
      )}
    </Card>
  );
}

function HistoryCard({ scenarioId, reloadKey }: { scenarioId: string; reloadKey: number }) {
  const fetch = useCallback(() => scenarioHistory(scenarioId), [scenarioId]);
  return (
    <WorkflowHistory
      fetch={fetch}
      reloadKey={reloadKey}
      testId="scenario-history"
      footer={
        <>
          每次修改都会生成新版本；领取记录保存领取时的规则版本。<Link to="/scenarios">返回场景列表</Link>
        </>
      }
    />
  );
}
