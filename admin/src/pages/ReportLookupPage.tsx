import { useState } from "react";
import { Alert, Button, Card, Form, Input, Radio, Select, Space, Typography } from "antd";
import {
  CONSENT_PURPOSES,
  CONSENT_PURPOSE_HINTS,
  CONSENT_PURPOSE_LABELS,
  SUBJECT_KINDS,
  ZReportLookupRequest,
  type TConsentPurpose,
  type TCreditReport,
  type TSubjectKind,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { lookupReport } from "../api/credit";
import { useCurrentUser } from "../api/useSession";
import { CreditReportView } from "../components/CreditReportView";
import { SUBJECT_KIND_LABELS } from "../lib/credit";
import { mapIssuesToFields } from "../lib/formErrors";

interface LookupFormValues {
  kind: TSubjectKind;
  idNumber?: string;
  uscc?: string;
  purpose?: TConsentPurpose;
}
const FIELDS = ["kind", "idNumber", "uscc", "purpose"] as const;
type TField = (typeof FIELDS)[number];

function fieldForPath(segments: string[]): TField | undefined {
  const [first, second] = segments;
  if (first === "subject") return second === "idNumber" || second === "uscc" ? second : "kind";
  return first === "purpose" ? "purpose" : undefined;
}

/** 信用报告查询: a partner looks up a subject's report under the subject's consent. */
export function ReportLookupPage() {
  const user = useCurrentUser();
  const [form] = Form.useForm<LookupFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [report, setReport] = useState<TCreditReport | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; consent: boolean } | null>(null);
  const kind = Form.useWatch("kind", form) ?? "citizen";

  const onFinish = async (values: LookupFormValues) => {
    setRefusal(null);
    setReport(null);
    const candidate = {
      subject: values.kind === "citizen" ? { kind: "citizen" as const, idNumber: values.idNumber ?? "" } : { kind: "enterprise" as const, uscc: values.uscc ?? "" },
      purpose: values.purpose,
    };
    const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
      const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldForPath);
      form.setFields(FIELDS.map((name) => ({ name, errors: fields[name] ?? [] })));
      if (unmatched.length > 0) setRefusal({ message: `${title}：${unmatched.join("；")}`, consent: false });
    };
    const parsed = ZReportLookupRequest.safeParse(candidate);
    if (!parsed.success) {
      showIssues(parsed.error.issues, "请检查输入");
      return;
    }
    setSubmitting(true);
    try {
      setReport(await lookupReport(parsed.data));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setRefusal({ message: errorMessage(err), consent: err instanceof ApiError && err.code === "CONSENT_REQUIRED" });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card title="信用报告查询">
        <Typography.Paragraph type="secondary">
          {user?.displayName ? `${user.displayName}，您好。` : ""}
          查询信用报告须事先获得信用主体在“信易+”中对本机构的授权，并在授权用途和有效期内使用；每次查询（包括未获授权的尝试）都会被记录，信用主体可以查看。
        </Typography.Paragraph>
        <Form<LookupFormValues>
          form={form}
          layout="vertical"
          initialValues={{ kind: "citizen" }}
          onFinish={onFinish}
          onValuesChange={(changed: Partial<LookupFormValues>) =>
            form.setFields(FIELDS.filter((name) => name in changed).map((name) => ({ name, errors: [] })))
          }
          disabled={submitting}
          autoComplete="off"
          style={{ maxWidth: 560 }}
        >
          <Form.Item label="主体类型" name="kind" required>
            <Radio.Group
              data-testid="report-form-kind"
              optionType="button"
              options={SUBJECT_KINDS.map((k) => ({ value: k, label: SUBJECT_KIND_LABELS[k] }))}
            />
          </Form.Item>
          {kind === "citizen" ? (
            <Form.Item label="身份证号" name="idNumber" required>
              <Input data-testid="report-form-id-number" placeholder="18位居民身份证号码" maxLength={18} />
            </Form.Item>
          ) : (
            <Form.Item label="统一社会信用代码" name="uscc" required>
              <Input data-testid="report-form-uscc" placeholder="18位统一社会信用代码" maxLength={18} />
            </Form.Item>
          )}
          <Form.Item label="查询用途" name="purpose" required extra="只能按信用主体授权的用途查询；授权未包含该用途的查询会被拒绝并记录">
            <Select<TConsentPurpose>
              data-testid="report-form-purpose"
              placeholder="请选择本次查询的用途"
              options={CONSENT_PURPOSES.map((p) => ({
                value: p,
                label: (
                  <span data-testid={`report-form-purpose-${p}`}>
                    {CONSENT_PURPOSE_LABELS[p]}
                    <Typography.Text type="secondary" style={{ marginLeft: 8, fontSize: 12 }}>
                      {CONSENT_PURPOSE_HINTS[p]}
                    </Typography.Text>
                  </span>
                ),
              }))}
            />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button type="primary" htmlType="submit" loading={submitting} data-testid="report-form-submit">
              查询
            </Button>
          </Form.Item>
        </Form>
      </Card>
      {refusal && (
        <Alert
          type={refusal.consent ? "warning" : "error"}
          showIcon
          title={<span data-testid="report-error">{refusal.message}</span>}
          description={
            refusal.consent
              ? "请信用主体在“信易+”小程序的“授权管理”中向本机构授权本次查询的用途（并选择有效期）后再查询。本次尝试已被记录，信用主体可以看到。"
              : undefined
          }
        />
      )}
      {report && <CreditReportView report={report} />}
    </Space>
  );
}
