import { Alert, Card, Col, Descriptions, Row, Space, Tag, Timeline, Typography } from "antd";
import { REPAIR_STATUS_LABELS, type TRepair } from "@xinyi/shared";
import { getRepair } from "../../../api/credit-rights";
import { CasePending, useCasePage } from "../../../components/CasePageShell";
import { RECORD_STATUS_COLORS, SUBJECT_KIND_LABELS, subjectIdentifier } from "../../../lib/credit";
import { REPAIR_STATUS_COLORS } from "../../../lib/credit-rights";
import { formatBeijing, lastPromisedDay } from "../../../lib/loans";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { CaseFiles } from "../objections/CaseFiles";
import { DeadlineCell } from "../objections/DeadlineCell";
import { RepairDecision } from "./RepairDecision";

const EVENT_COLORS: Record<TRepair["status"], string> = { submitted: "blue", granted: "green", rejected: "red" };

/** 修复申请详情: the record and its periods, the proofs, the signed 信用承诺书, the timeline, and the decision. */
export function RepairCasePage() {
  const { data: repair, setData, loadError, load, back } = useCasePage(getRepair, "/credit-rights/repairs");
  const calendar = useWorkingCalendar();
  const now = useNow();

  if (!repair) return <CasePending title="修复申请" loadError={loadError} back={back} onRetry={() => void load()} />;

  const r = repair.record;
  const s = repair.subject;
  const undecided = repair.status === "submitted";
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="repair-title">
              {s.name} · {r.title}
            </span>
            <Tag color={REPAIR_STATUS_COLORS[repair.status]} data-testid="repair-status">
              {REPAIR_STATUS_LABELS[repair.status]}
            </Tag>
            {undecided && repair.overdue && (
              <Tag color="error" data-testid="repair-overdue">
                已超期
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <RepairDecision repair={repair} onChanged={setData} onStale={() => void load()} />
            {back}
          </Space>
        }
      >
        {undecided && repair.overdue && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`已超过审核期限（最迟 ${lastPromisedDay(repair.reviewDueAt)}），请尽快审核。`} />
        )}
        {!undecided && (
          <Alert
            type={repair.status === "granted" ? "success" : "warning"}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="repair-decision"
            title={`${REPAIR_STATUS_LABELS[repair.status]}${repair.decidedAt ? ` · ${formatBeijing(repair.decidedAt)}` : ""}`}
            description={
              <div>
                {repair.decisionReason && <div>审核意见：{repair.decisionReason}</div>}
                {repair.status === "granted" && <div>该记录已不再公示、不再计入信用评价；持有其授权的合作机构和银行会收到修复通知。</div>}
              </div>
            }
          />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label="信用主体">
            <span data-testid="repair-subject">{s.name}</span> <Tag>{SUBJECT_KIND_LABELS[s.kind]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={s.kind === "citizen" ? "身份证号" : "统一社会信用代码"}>{subjectIdentifier(s)}</Descriptions.Item>
          <Descriptions.Item label="所属州市">{repair.prefectureName}</Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatBeijing(repair.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label="审核期限" span={2}>
            {undecided ? (
              <DeadlineCell due={{ dueAt: repair.reviewDueAt, overdue: repair.overdue }} now={now} calendar={calendar} testId="repair-due" />
            ) : (
              <span>
                {lastPromisedDay(repair.reviewDueAt)}
                {repair.overdue ? <Tag color="orange" style={{ marginInlineStart: 8 }}>超期办结</Tag> : null}
              </span>
            )}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Card title="申请修复的记录" size="small">
              <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="repair-record">
                <Descriptions.Item label="类别">
                  {r.kindLabel}
                  {r.severityLabel ? `（${r.severityLabel}）` : ""}
                </Descriptions.Item>
                <Descriptions.Item label="记录状态">
                  <Tag color={RECORD_STATUS_COLORS[r.status]} data-testid="repair-record-status">
                    {r.statusLabel}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label="事由" span={2}>
                  {r.title}
                </Descriptions.Item>
                <Descriptions.Item label="来源部门">{r.sourceDept}</Descriptions.Item>
                <Descriptions.Item label="文书号">{r.docNo}</Descriptions.Item>
                <Descriptions.Item label="决定日期">{r.decidedAt.slice(0, 10)}</Descriptions.Item>
                <Descriptions.Item label="公示截止">{r.validUntil ? r.validUntil.slice(0, 10) : "—"}</Descriptions.Item>
                <Descriptions.Item label="可申请修复">
                  <span data-testid="repair-record-from">{r.repairableFrom ?? "不可提前修复"}</span>
                </Descriptions.Item>
                <Descriptions.Item label="自动停止计入">
                  <span data-testid="repair-record-stops">{r.stopsCountingOn ?? "—"}</span>
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={`履行义务的证明（${repair.proofs.length}）`} size="small">
              <CaseFiles files={repair.proofs} testId="repair-proofs" />
            </Card>
            {repair.trainingCertificate && (
              <Card title="信用修复培训证明" size="small">
                <CaseFiles files={[repair.trainingCertificate]} testId="repair-training" />
              </Card>
            )}
            <Card
              title={repair.commitment.title}
              size="small"
              data-testid="repair-commitment"
              extra={
                <Typography.Text type="secondary">
                  {formatBeijing(repair.commitment.acceptedAt)} 在小程序中阅读并同意 · 版本 {repair.commitment.textVersion}
                </Typography.Text>
              }
            >
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0, maxHeight: 260, overflow: "auto" }}>{repair.commitment.text}</Typography.Paragraph>
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="办理记录" size="small" style={{ height: "100%" }}>
            <Timeline
              data-testid="repair-timeline"
              items={[...repair.timeline]
                .sort((x, y) => x.version - y.version)
                .map((e) => ({
                  key: e.version,
                  color: EVENT_COLORS[e.to],
                  content: (
                    <div data-testid={`repair-step-${e.action}`}>
                      <Typography.Text strong>{e.actionLabel}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {formatBeijing(e.at)} · {e.actorLabel}
                        </Typography.Text>
                      </div>
                      {e.reason && <div>意见：{e.reason}</div>}
                    </div>
                  ),
                }))}
            />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
