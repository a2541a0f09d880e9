import { useCallback, useState } from "react";
import { Alert, Button, Card, Col, Descriptions, Row, Space, Spin, Tag, Timeline, Typography } from "antd";
import { useNavigate, useParams } from "react-router-dom";
import {
  LOAN_APPLICANT_KIND_LABELS,
  LOAN_APPLICATION_ACTION_LABELS,
  LOAN_APPLICATION_STATUS_LABELS,
  REPAYMENT_MODE_LABELS,
  type TLoanApplication,
  type TLoanApplicationEvent,
} from "@xinyi/shared";
import { getLoanApplication } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LoadError } from "../../../components/LoadError";
import { LOAN_APPLICATION_STATUS_COLORS, formatBeijing, formatRate, formatWan } from "../../../lib/loans";
import { BANK_MANAGER } from "../../../lib/roles";
import { useLoad } from "../../../lib/useLoad";
import { useNow, useWorkingCalendar } from "../../../lib/useWorkingCalendar";
import { ApplicationReport } from "./ApplicationReport";
import { AssignOfficerModal } from "./AssignOfficerModal";
import { DecisionForms } from "./DecisionForms";
import { ResponseCountdown } from "./ResponseCountdown";

const EVENT_LABELS: Record<TLoanApplicationEvent["action"], string> = { ...LOAN_APPLICATION_ACTION_LABELS, submit: "提交申请", assign: "分配信贷员" };

/** 申请详情: what the applicant asked for, the decisions so far, the report under consent, and the next step. */
export function ApplicationDetailPage() {
  const { id = "" } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const fetchApp = useCallback(() => getLoanApplication(id), [id]);
  const { data: app, setData: setApp, loadError, load } = useLoad<TLoanApplication | null>(fetchApp, null);
  const [assigning, setAssigning] = useState(false);
  const calendar = useWorkingCalendar();
  const now = useNow();

  if (!user) return null;
  if (loadError && !app) {
    return (
      <Card title="贷款申请" extra={<Button onClick={() => navigate("/loans/applications")}>返回列表</Button>}>
        <LoadError message={loadError} onRetry={() => void load()} />
      </Card>
    );
  }
  if (!app) {
    return (
      <Card title="贷款申请">
        <Spin />
      </Card>
    );
  }

  const a = app;
  const terms = a.indicativeTerms;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="loan-app-title">
              {a.applicantName} · {a.productName}
            </span>
            <Tag color={LOAN_APPLICATION_STATUS_COLORS[a.status]} data-testid="loan-app-status">
              {LOAN_APPLICATION_STATUS_LABELS[a.status]}
            </Tag>
            {a.firstLoan && <Tag color="gold">首贷</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            <DecisionForms app={a} onChanged={setApp} onStale={() => void load()} />
            {BANK_MANAGER(user) && (
              <Button data-testid="loan-app-assign" onClick={() => setAssigning(true)}>
                {a.assignedOfficer ? "改派信贷员" : "分配信贷员"}
              </Button>
            )}
            <Button onClick={() => navigate("/loans/applications")}>返回列表</Button>
          </Space>
        }
      >
        {a.responseOverdue && !a.firstResponseAt && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title="已超过承诺的响应时间，申请人和所在州市已收到提示，请尽快受理或拒绝。" />
        )}
        {a.rejection && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="loan-app-rejection"
            title={`拒绝原因：${a.rejection.reasonLabel}`}
            description={a.rejection.text || undefined}
          />
        )}
        <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small" bordered>
          <Descriptions.Item label="申请人">
            {a.applicantName} <Tag>{LOAN_APPLICANT_KIND_LABELS[a.applicantKind]}</Tag>
          </Descriptions.Item>
          <Descriptions.Item label="联系人">{a.contactName}</Descriptions.Item>
          <Descriptions.Item label="联系电话">
            <span data-testid="loan-app-phone">{a.contactPhone}</span>
          </Descriptions.Item>
          <Descriptions.Item label="申请金额">{formatWan(a.amountWan)}</Descriptions.Item>
          <Descriptions.Item label="申请期限">{a.termMonths} 个月</Descriptions.Item>
          <Descriptions.Item label="还款方式">{a.repaymentMode ? REPAYMENT_MODE_LABELS[a.repaymentMode] : "—"}</Descriptions.Item>
          <Descriptions.Item label="贷款用途" span={3}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{a.purpose}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="申请时信用等级">{a.gradeAtApplication ?? "未评价"}</Descriptions.Item>
          <Descriptions.Item label="参考条件" span={2}>
            {terms ? `最高 ${formatWan(terms.maxAmountWan)}，年利率 ${formatRate(terms.minRate)}–${formatRate(terms.maxRate)}，期限 ${terms.termMonths.min}–${terms.termMonths.max} 个月${terms.grade ? `（按 ${terms.grade} 级）` : ""}` : "—"}
          </Descriptions.Item>
          <Descriptions.Item label="来源">{a.source === "demand" ? "融资需求对接" : "产品申请"}</Descriptions.Item>
          <Descriptions.Item label="提交时间">{formatBeijing(a.submittedAt)}</Descriptions.Item>
          <Descriptions.Item label="响应时限">
            <ResponseCountdown app={a} now={now} calendar={calendar} showDue />
          </Descriptions.Item>
          <Descriptions.Item label="信贷员">{a.assignedOfficer?.displayName ?? "未分配"}</Descriptions.Item>
          <Descriptions.Item label="授权查询至" span={2}>
            {formatBeijing(a.consentValidUntil, false)}（贷款审批）
          </Descriptions.Item>
          {a.approved && (
            <Descriptions.Item label="授信" span={3}>
              <span data-testid="loan-app-approved">
                {formatWan(a.approved.amountWan)}，年利率 {formatRate(a.approved.annualRate)}，{a.approved.termMonths} 个月，有效期至 {formatBeijing(a.approved.offerValidUntil, false)}
              </span>
            </Descriptions.Item>
          )}
          {a.disbursed && (
            <Descriptions.Item label="放款" span={3}>
              <span data-testid="loan-app-disbursed">
                {formatWan(a.disbursed.amountWan)}，{formatBeijing(a.disbursed.date, false)}
              </span>
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>
      <Row gutter={[16, 16]}>
        {/* Side by side only where the report's records table fits beside the timeline. */}
        <Col xs={24} xxl={8}>
          <Card title="办理记录" style={{ height: "100%" }}>
            <Timeline
              data-testid="loan-app-timeline"
              items={[...a.timeline]
                .sort((x, y) => x.version - y.version)
                .map((e) => ({
                  key: `${e.version}-${e.action}`,
                  color: e.to === "rejected" ? "red" : e.to === "approved" || e.to === "disbursed" ? "green" : "blue",
                  content: (
                    <div>
                      <Typography.Text strong>{EVENT_LABELS[e.action]}</Typography.Text>
                      {/* An assignment leaves the status as it was: naming it again would read as a change. */}
                      {e.action !== "assign" && (
                        <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                          {LOAN_APPLICATION_STATUS_LABELS[e.to]}
                        </Typography.Text>
                      )}
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
        <Col xs={24} xxl={16}>
          <ApplicationReport app={a} />
        </Col>
      </Row>
      <AssignOfficerModal
        app={assigning ? a : null}
        onClose={() => setAssigning(false)}
        onAssigned={(updated) => {
          setAssigning(false);
          setApp(updated);
        }}
        onStale={() => {
          setAssigning(false);
          void load();
        }}
      />
    </Space>
  );
}
