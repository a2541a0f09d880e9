import { Alert, Button, Card, Col, Descriptions, List, Row, Space, Tag, Timeline, Typography } from "antd";
import { Link } from "react-router-dom";
import { COMMITMENT_TYPE_LABELS, type TCommitmentCase } from "@xinyi/shared";
import { getCommitmentCase } from "../../api/commitments";
import { useCurrentUser } from "../../api/useSession";
import { CasePending, useCasePage } from "../../components/CasePageShell";
import { formatBeijing } from "../../lib/loans";
import { isScenarioAdmin } from "../../lib/roles";
import { CaseActions } from "./CaseActions";
import { COMMITMENT_DEPARTMENTS } from "../../lib/roles";
import { COMMITMENT_STATUS_COLORS, dueText } from "./commitmentView";

const TIMELINE_COLORS: Partial<Record<TCommitmentCase["status"], string>> = { kept: "green", broken: "red", terminated: "gray" };

/** 承诺案件: the applicant, the commitment signed, what is missing and due when, the verification and outcome, the timeline. */
export function CaseDetailPage() {
  const user = useCurrentUser();
  const { data: c, setData, loading, loadError, load, back } = useCasePage(getCommitmentCase, "/commitments");

  if (!user) return null;
  if (!c) return <CasePending title="承诺案件" loadError={loadError} back={back} onRetry={() => void load()} />;

  const due = dueText(c);
  const department = COMMITMENT_DEPARTMENTS(user);
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="commitment-title">{c.matter}</span>
            <Tag color={c.type === "tolerate_missing" ? "purple" : "blue"}>{COMMITMENT_TYPE_LABELS[c.type]}</Tag>
            <Tag color={COMMITMENT_STATUS_COLORS[c.status]} data-testid="commitment-status">
              {c.statusLabel}
            </Tag>
          </Space>
        }
        extra={
          <Space wrap>
            {department && <CaseActions c={c} onChanged={setData} onStale={() => void load()} />}
            <Button onClick={() => void load()} loading={loading} data-testid="commitment-reload">
              刷新
            </Button>
            {back}
          </Space>
        }
      >
        {c.overdue && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="commitment-overdue" title={`已超过补齐期限（${c.dueDate}），系统将按违背承诺终止办理并记入信用记录。`} />
        )}
        {c.outcome ? (
          <Alert
            type={c.outcome.status === "kept" ? "success" : c.outcome.status === "broken" ? "error" : "info"}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="commitment-outcome"
            title={`${c.outcome.label}（${formatBeijing(c.outcome.at)}）`}
            description={
              <div>
                <div>{c.outcome.reason}</div>
                {c.brokenRecordId && (
                  <div data-testid="commitment-broken-record" style={{ marginTop: 4 }}>
                    已自动记入“违背信用承诺”信用记录，计入申请人的信用评价。
                    {isScenarioAdmin(user.role) && (
                      <Link to={`/subjects/${c.subject.id}`} style={{ marginInlineStart: 8 }} data-testid="commitment-subject-link">
                        查看信用主体
                      </Link>
                    )}
                  </div>
                )}
              </div>
            }
          />
        ) : (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="commitment-next-step" title={c.nextStep} />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label="申请人">
            <span data-testid="commitment-subject">{c.subject.name}</span> <Tag>{c.subject.kind === "citizen" ? "个人" : "企业"}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label={c.subject.kind === "citizen" ? "身份证号" : "统一社会信用代码"}>{c.subject.idMasked ?? c.subject.uscc ?? "—"}</Descriptions.Item>
          {/* Whether the applicant can sign matters only until they have. */}
          <Descriptions.Item label="办理地">{c.prefectureName}</Descriptions.Item>
          {c.status === "pending_signature" && (
            <Descriptions.Item label="小程序签署">{c.subject.signableInApp ? "已实名，可在线签署" : <Typography.Text type="warning">尚未实名认证，暂不能签署</Typography.Text>}</Descriptions.Item>
          )}
          <Descriptions.Item label="受理部门">{c.department.name}</Descriptions.Item>
          <Descriptions.Item label="受理时间">{formatBeijing(c.createdAt)}</Descriptions.Item>
          {c.type === "tolerate_missing" && (
            <Descriptions.Item label="补齐期限">
              <Typography.Text type={due.tone} strong={due.tone === "danger"} data-testid="commitment-due">
                {due.text}
              </Typography.Text>
            </Descriptions.Item>
          )}
          <Descriptions.Item label="签署" span={c.type === "tolerate_missing" ? 2 : 3}>
            {c.signature ? (
              <span data-testid="commitment-signature">
                {c.signature.signerLabel} 于 {formatBeijing(c.signature.signedAt)} 签署
                <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }} title="承诺书全文的 SHA-256 摘要">
                  摘要 {c.signature.textSha256.slice(0, 12)}…
                </Typography.Text>
              </span>
            ) : (
              <Typography.Text type="secondary">尚未签署</Typography.Text>
            )}
          </Descriptions.Item>
          {c.verification && (
            <Descriptions.Item label="核查" span={3}>
              <span data-testid="commitment-verification">
                {c.verification.methodLabel} · {c.verification.date} · <Tag color={c.verification.result === "kept" ? "green" : "red"}>{c.verification.resultLabel}</Tag>
                {c.verification.byLabel}
                {c.verification.note ? `：${c.verification.note}` : ""}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            {c.type === "tolerate_missing" && (
              <Card title="容缺材料" size="small">
                <List
                  data-testid="commitment-items"
                  dataSource={c.missingItems}
                  renderItem={(item) => (
                    <List.Item data-testid={`commitment-item-${item.name}`}>
                      <span>{item.name}</span>
                      {item.supplied ? (
                        <Tag color="green">已补齐 {item.suppliedAt ? formatBeijing(item.suppliedAt) : ""}</Tag>
                      ) : (
                        <Tag color={c.status === "broken" ? "red" : "orange"}>{c.status === "broken" ? "未补齐" : "待补齐"}</Tag>
                      )}
                    </List.Item>
                  )}
                />
              </Card>
            )}
            <Card title="信用承诺书" size="small">
              <Typography.Paragraph style={{ whiteSpace: "pre-wrap", margin: 0 }} data-testid="commitment-text">
                {c.commitmentText}
              </Typography.Paragraph>
            </Card>
          </Space>
        </Col>
        <Col xs={24} xl={10}>
          <Card title="办理记录" size="small" style={{ height: "100%" }}>
            <Timeline
              data-testid="commitment-timeline"
              items={[...c.timeline]
                .sort((x, y) => x.version - y.version)
                .map((e) => ({
                  key: String(e.version),
                  color: TIMELINE_COLORS[e.to] ?? "blue",
                  content: (
                    <div>
                      <Typography.Text strong>{e.actionLabel}</Typography.Text>
                      <div>
                        <Typography.Text type="secondary">
                          {formatBeijing(e.at)} · {e.actorLabel}
                        </Typography.Text>
                      </div>
                      {e.note && <div>{e.note}</div>}
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
