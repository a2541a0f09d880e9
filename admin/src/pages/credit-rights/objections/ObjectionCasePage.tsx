import { Alert, Card, Col, Descriptions, Row, Space, Tag, Timeline, Typography } from "antd";
import { OBJECTION_STATUS_LABELS, PENALTY_SEVERITY_LABELS, type TObjectionCase } from "@xinyi/shared";
import { getObjection } from "../../../api/credit-rights";
import { CasePending, useCasePage } from "../../../components/CasePageShell";
import { RECORD_STATUS_COLORS, SUBJECT_KIND_LABELS, subjectIdentifier } from "../../../lib/credit";
import { OBJECTION_STATUS_COLORS } from "../../../lib/credit-rights";
import { formatBeijing, lastPromisedDay } from "../../../lib/loans";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { CaseFiles } from "./CaseFiles";
import { DeadlineCell } from "./DeadlineCell";
import { ObjectionActions } from "./ObjectionActions";

const STEP_COLORS: Partial<Record<TObjectionCase["status"], string>> = { corrected: "green", upheld: "gray", declined: "red" };
const AMEND_LABELS = { title: "事由", severity: "严重程度", decidedAt: "决定日期", publishedAt: "公示日期", validUntil: "公示截止" } as const;

/** 异议详情: the disputed record, the subject's ground and files, the department's answer, the steps, and what to do next. */
export function ObjectionCasePage() {
  const { data: c, setData, loadError, load, back } = useCasePage(getObjection, "/credit-rights/objections");
  const calendar = useWorkingCalendar();
  const now = useNow();

  if (!c) return <CasePending title="异议详情" loadError={loadError} back={back} onRetry={() => void load()} />;

  const r = c.record;
  const s = c.subject;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="objection-title">
              {s.name} · {r.title}
            </span>
            <Tag color={OBJECTION_STATUS_COLORS[c.status]} data-testid="objection-status">
              {OBJECTION_STATUS_LABELS[c.status]}
            </Tag>
            {c.due?.overdue && (
              <Tag color="error" data-testid="objection-overdue">
                已超期
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space wrap>
            <ObjectionActions c={c} onChanged={setData} onStale={() => void load()} />
            {back}
          </Space>
        }
      >
        {c.due?.overdue && (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="objection-overdue-alert"
            title={`已超过${c.due.dueLabel}（最迟 ${lastPromisedDay(c.due.dueAt)}），请尽快办理。`}
          />
        )}
        {c.repeatOf && c.actions.includes("decline") && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="objection-repeat-alert"
            title="重复异议"
            description={`该主体曾于 ${formatBeijing(c.repeatOf.decidedAt, false)} 以相同理由对该记录提出异议并被维持，本次未提供新材料，可不予受理。`}
          />
        )}
        {c.decision && (
          <Alert
            type={c.decision.outcome === "corrected" ? "success" : c.decision.outcome === "declined" ? "warning" : "info"}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="objection-decision"
            title={`${OBJECTION_STATUS_LABELS[c.status]}${c.decision.correction === "withdrawn" ? "（记录已撤销）" : c.decision.correction === "amended" ? "（记录已更正）" : ""} · ${formatBeijing(c.decision.at)}`}
            description={
              <div>
                <div>理由：{c.decision.reason}</div>
                {c.decision.amended && (
                  <div>
                    更正内容：
                    {Object.entries(c.decision.amended)
                      .filter(([, v]) => v !== undefined)
                      .map(([k, v]) => `${AMEND_LABELS[k as keyof typeof AMEND_LABELS]} ${k === "severity" ? PENALTY_SEVERITY_LABELS[v as "minor" | "serious"] : String(v)}`)
                      .join("；")}
                  </div>
                )}
              </div>
            }
          />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label="信用主体">
            <span data-testid="objection-subject">{s.name}</span> <Tag>{SUBJECT_KIND_LABELS[s.kind]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={s.kind === "citizen" ? "身份证号" : "统一社会信用代码"}>{subjectIdentifier(s)}</Descriptions.Item>
          <Descriptions.Item label="所属州市">{c.prefectureName}</Descriptions.Item>
          <Descriptions.Item label="异议理由">
            <span data-testid="objection-ground">{c.groundLabel}</span>
          </Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatBeijing(c.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label="办理期限">
            <DeadlineCell due={c.due} label={c.due?.dueLabel} now={now} calendar={calendar} testId="objection-due" />
          </Descriptions.Item>
          {c.department && (
            <Descriptions.Item label="核查部门" span={3}>
              <span data-testid="objection-department">{c.department}</span>
              {c.forwardDueAt && !c.answer && (
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  答复期限 {lastPromisedDay(c.due?.dueAt ?? c.forwardDueAt)}
                </Typography.Text>
              )}
            </Descriptions.Item>
          )}
          <Descriptions.Item label="异议说明" span={3}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }} data-testid="objection-explanation">
              {c.explanation}
            </Typography.Paragraph>
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Card title="异议的记录" size="small">
              <Descriptions column={{ xs: 1, md: 2 }} size="small" data-testid="objection-record">
                <Descriptions.Item label="类别">
                  {r.kindLabel}
                  {r.severity ? `（${PENALTY_SEVERITY_LABELS[r.severity]}）` : ""}
                </Descriptions.Item>
                <Descriptions.Item label="记录状态">
                  <Tag color={RECORD_STATUS_COLORS[r.status]} data-testid="objection-record-status">
                    {r.statusLabel}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label="事由" span={2}>
                  {r.title}
                </Descriptions.Item>
                <Descriptions.Item label="来源部门">{r.sourceDept}</Descriptions.Item>
                <Descriptions.Item label="文书号">{r.docNo}</Descriptions.Item>
                <Descriptions.Item label="决定日期">{r.decidedAt.slice(0, 10)}</Descriptions.Item>
                <Descriptions.Item label="公示期">
                  {r.publishedAt ? r.publishedAt.slice(0, 10) : "—"} 至 {r.validUntil ? r.validUntil.slice(0, 10) : "—"}
                </Descriptions.Item>
              </Descriptions>
            </Card>
            <Card title={`申请人提交的材料（${c.attachments.length}）`} size="small">
              <CaseFiles files={c.attachments} testId="objection-files" empty="申请人未上传材料" />
            </Card>
            {c.answer && (
              <Card title={`${c.department ?? "来源部门"}的答复`} size="small" data-testid="objection-answer">
                <Typography.Text type="secondary">{formatBeijing(c.answer.at)} 录入</Typography.Text>
                {c.answer.text && (
                  <Typography.Paragraph style={{ marginTop: 8, whiteSpace: "pre-wrap" }} data-testid="objection-answer-text-shown">
                    {c.answer.text}
                  </Typography.Paragraph>
                )}
                {c.answer.attachment && <CaseFiles files={[c.answer.attachment]} testId="objection-answer-files" />}
              </Card>
            )}
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="办理记录" size="small" style={{ height: "100%" }}>
            <Timeline
              data-testid="objection-timeline"
              items={[...c.steps]
                .sort((x, y) => x.version - y.version)
                .map((step) => ({
                  key: step.version,
                  color: STEP_COLORS[step.status] ?? "blue",
                  content: (
                    <div data-testid={`objection-step-${step.action}`}>
                      <Typography.Text strong>{step.label}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {formatBeijing(step.at)} · {step.actorLabel}
                        </Typography.Text>
                      </div>
                      {step.reason && <div>理由：{step.reason}</div>}
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
