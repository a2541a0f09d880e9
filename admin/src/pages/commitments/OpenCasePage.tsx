import { useState } from "react";
import { Alert, Button, Card, Form, Input, Radio, Space, Steps, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import { COMMITMENT_TYPE_LABELS, ZCommitmentEligibilityRequest, type TCommitmentEligibility, type TCommitmentType } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { checkCommitmentEligibility } from "../../api/commitments";
import { mapIssuesToFields } from "../../lib/formErrors";
import { CaseForm } from "./CaseForm";
import { EligibilityResult } from "./EligibilityResult";

interface SubjectValues {
  kind: "citizen" | "enterprise";
  idNumber?: string;
  uscc?: string;
  type: TCommitmentType;
}

type TSubjectField = "idNumber" | "uscc" | "type";

/** subject.idNumber → idNumber; subject (the kind missing) lands on the number field of the kind shown. */
function subjectFieldFor(kind: SubjectValues["kind"]) {
  return (segments: string[]): TSubjectField | undefined => {
    if (segments[0] === "type") return "type";
    if (segments[0] !== "subject") return undefined;
    if (segments[1] === "uscc" || segments[1] === "idNumber") return segments[1];
    return kind === "citizen" ? "idNumber" : "uscc";
  };
}

function subjectRef(v: SubjectValues) {
  return v.kind === "citizen" ? { kind: "citizen" as const, idNumber: (v.idNumber ?? "").trim() } : { kind: "enterprise" as const, uscc: (v.uscc ?? "").trim().toUpperCase() };
}

/**
 * 受理承诺事项: 逢办必查 first — the subject and the type are checked against the subject's credit
 * records — and only an eligible subject gets the case form. Changing either clears the answer.
 */
export function OpenCasePage() {
  const navigate = useNavigate();
  const [form] = Form.useForm<SubjectValues>();
  const kind = Form.useWatch("kind", form) ?? "citizen";
  const [checking, setChecking] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  const [result, setResult] = useState<{ eligibility: TCommitmentEligibility; request: ReturnType<typeof subjectRef> } | null>(null);

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TSubjectField>(issues, subjectFieldFor(kind));
    form.setFields((["idNumber", "uscc", "type"] as const).map((name) => ({ name, errors: fields[name] ?? [] })));
    setBanner(unmatched.length > 0 ? `${title}：${unmatched.join("；")}` : null);
  };

  const check = async () => {
    setBanner(null);
    setResult(null);
    const values = form.getFieldsValue(true) as SubjectValues;
    const request = { subject: subjectRef(values), type: values.type };
    const parsed = ZCommitmentEligibilityRequest.safeParse(request);
    if (!parsed.success) {
      showIssues(parsed.error.issues, "请检查以下内容");
      return;
    }
    setChecking(true);
    try {
      setResult({ eligibility: await checkCommitmentEligibility(parsed.data), request: request.subject });
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setBanner(errorMessage(err));
    } finally {
      setChecking(false);
    }
  };

  const eligible = result?.eligibility.eligible === true;
  const type = (Form.useWatch("type", form) ?? "tolerate_missing") as TCommitmentType;

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card title="受理承诺事项" extra={<Button onClick={() => navigate("/commitments")}>返回列表</Button>}>
        <Steps
          size="small"
          current={eligible ? 1 : 0}
          style={{ maxWidth: 640, marginBottom: 24 }}
          items={[{ title: "逢办必查", description: "查验申请人信用状况" }, { title: "填写承诺事项", description: "申请人在小程序签署" }]}
        />
        {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="commitment-check-error" />}
        <Form<SubjectValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: "citizen", type: "tolerate_missing" }}
          disabled={checking}
          onValuesChange={() => {
            form.setFields((["idNumber", "uscc", "type"] as const).map((name) => ({ name, errors: [] })));
            setResult(null);
            setBanner(null);
          }}
        >
          <Form.Item label="承诺类型" name="type" required>
            <Radio.Group data-testid="commitment-type" optionType="button" buttonStyle="solid">
              {(["tolerate_missing", "notify_commit"] as const).map((t) => (
                <Radio.Button key={t} value={t} data-testid={`commitment-type-${t}`}>
                  {COMMITMENT_TYPE_LABELS[t]}
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
            {type === "notify_commit"
              ? "告知承诺：申请人承诺符合告知的条件即可办理，部门事后核查。存在未修复的严重失信记录或曾违背承诺的，不适用。"
              : "容缺受理：次要材料暂缺时先行受理，申请人须在期限内（最长60天）补齐，逾期未补齐记入违背信用承诺记录。"}
          </Typography.Paragraph>
          <Form.Item label="申请人类型" name="kind">
            <Radio.Group data-testid="commitment-subject-kind">
              <Radio value="citizen">个人</Radio>
              <Radio value="enterprise">企业</Radio>
            </Radio.Group>
          </Form.Item>
          <Space align="start" wrap>
            {kind === "citizen" ? (
              <Form.Item label="身份证号" name="idNumber" required extra="仅用于查找申请人，页面不会完整显示">
                <Input data-testid="commitment-id-number" placeholder="18位居民身份证号码" maxLength={18} style={{ width: 300 }} autoComplete="off" />
              </Form.Item>
            ) : (
              <Form.Item label="统一社会信用代码" name="uscc" required>
                <Input data-testid="commitment-uscc" placeholder="18位统一社会信用代码" maxLength={18} style={{ width: 300 }} autoComplete="off" />
              </Form.Item>
            )}
            <Form.Item label=" ">
              <Button type="primary" ghost loading={checking} onClick={() => void check()} data-testid="commitment-check">
                查验信用状况
              </Button>
            </Form.Item>
          </Space>
        </Form>
        {result && <EligibilityResult result={result.eligibility} />}
      </Card>
      {result && eligible && (
        <CaseForm
          key={`${result.eligibility.subject.id}-${result.eligibility.type}`}
          eligibility={result.eligibility}
          subject={result.request}
          onOpened={(c) => navigate(`/commitments/${c.id}`, { state: { opened: true } })}
        />
      )}
    </Space>
  );
}
