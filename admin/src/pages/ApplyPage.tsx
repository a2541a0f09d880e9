import { useState } from "react";
import { Button, Card, Form, Input, Result, Select, Space, Switch, Typography } from "antd";
import { Link } from "react-router-dom";
import {
  PARTNER_KIND_LABELS,
  YUNNAN_PREFECTURES,
  ZPartnerApplicationRequest,
  type TPartnerDetail,
  type TPartnerKind,
  type TPrefectureCode,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { applyAsPartner } from "../api/marketplace";
import { FormErrorAlert } from "../components/FormErrorAlert";
import { clearErrors, mapIssuesToFields, setErrorsAt } from "../lib/formErrors";
import { PARTNER_KIND_OPTIONS } from "../lib/partners";

interface ApplyValues {
  name?: string;
  kind?: TPartnerKind;
  provinceWide?: boolean;
  prefectureCodes?: TPrefectureCode[];
  contactName?: string;
  contactPhone?: string;
  operator?: { username?: string; displayName?: string; password?: string };
  passwordAgain?: string;
}

const FIELDS = [
  "name",
  "kind",
  "provinceWide",
  "prefectureCodes",
  "contactName",
  "contactPhone",
  "operator.username",
  "operator.displayName",
  "operator.password",
  "passwordAgain",
] as const;
type TField = (typeof FIELDS)[number];

function fieldFor(segments: string[]): TField | undefined {
  const key = segments[0] === "operator" ? `operator.${segments[1] ?? ""}` : (segments[0] ?? "");
  return (FIELDS as readonly string[]).includes(key) ? (key as TField) : undefined;
}

function namePath(field: TField): string[] {
  return field.split(".");
}

const prefectureOptions = YUNNAN_PREFECTURES.map((p) => ({ value: p.code, label: p.name }));

/** 机构入驻申请: public, no sign-in; the first operator account waits for approval. */
export function ApplyPage() {
  const [form] = Form.useForm<ApplyValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<{ title: string; lines: string[] } | null>(null);
  const [done, setDone] = useState<TPartnerDetail | null>(null);
  const provinceWide = Form.useWatch("provinceWide", form) ?? false;

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldFor);
    setErrorsAt(form, FIELDS.map((f) => ({ name: namePath(f), errors: fields[f] ?? [] })));
    setError(unmatched.length > 0 || Object.keys(fields).length === 0 ? { title, lines: unmatched } : null);
    const first = FIELDS.find((f) => fields[f]);
    // Form.Item ids join the name path with "_" (operator.username → operator_username).
    if (first) document.getElementById(namePath(first).join("_"))?.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  const onFinish = async (values: ApplyValues) => {
    setError(null);
    const candidate = {
      name: values.name ?? "",
      kind: values.kind,
      provinceWide: values.provinceWide ?? false,
      prefectureCodes: values.provinceWide ? [] : (values.prefectureCodes ?? []),
      contactName: values.contactName ?? "",
      contactPhone: values.contactPhone ?? "",
      operator: {
        username: values.operator?.username ?? "",
        displayName: values.operator?.displayName ?? "",
        password: values.operator?.password ?? "",
      },
    };
    const parsed = ZPartnerApplicationRequest.safeParse(candidate);
    const mismatch =
      (values.operator?.password ?? "") !== (values.passwordAgain ?? "") ? [{ path: ["passwordAgain"], message: "两次输入的密码不一致" }] : [];
    if (!parsed.success || mismatch.length > 0) {
      showIssues([...(parsed.success ? [] : parsed.error.issues), ...mismatch], "请检查以下内容");
      return;
    }
    setSubmitting(true);
    try {
      setDone(await applyAsPartner(parsed.data));
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setError({ title: errorMessage(err), lines: [] });
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: "100%",
        display: "flex",
        alignItems: "flex-start",
        justifyContent: "center",
        background: "linear-gradient(135deg, #fff1f0 0%, #f5f5f5 60%)",
        padding: "48px 24px",
      }}
    >
      <Card style={{ width: 640 }}>
        <Typography.Title level={3} style={{ textAlign: "center", marginBottom: 4 }}>
          合作机构入驻申请
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          信易+ 公共信用惠民平台 · 银行、文旅、租赁、出行等机构为守信主体提供优惠
        </Typography.Paragraph>
        {done ? (
          <Result
            status="success"
            title={<span data-testid="apply-success">已提交，等待审核</span>}
            subTitle={`“${done.name}”（${PARTNER_KIND_LABELS[done.kind]}）的入驻申请已提交。审核通过后，操作员账号即可登录管理后台。`}
            extra={
              <Link to="/login">
                <Button type="primary">返回登录</Button>
              </Link>
            }
          />
        ) : (
          <>
            {error && (
              <FormErrorAlert testId="apply-error" title={error.title} lines={error.lines} marginBottom={16} />
            )}
            <Form<ApplyValues>
              form={form}
              layout="vertical"
              initialValues={{ provinceWide: false, prefectureCodes: [] }}
              onFinish={onFinish}
              onValuesChange={(changed: Partial<ApplyValues>) => {
                clearErrors(form, Object.keys(changed));
              }}
              disabled={submitting}
            >
              <Form.Item label="机构名称" name="name" required>
                <Input data-testid="apply-name" placeholder="如：一部手机游云南" maxLength={100} />
              </Form.Item>
              <Form.Item label="机构类型" name="kind" required>
                <Select data-testid="apply-kind" placeholder="请选择" options={PARTNER_KIND_OPTIONS} virtual={false} />
              </Form.Item>
              <Space size="large" align="start" wrap>
                <Form.Item label="服务全省" name="provinceWide" valuePropName="checked">
                  <Switch data-testid="apply-province-wide" />
                </Form.Item>
                {!provinceWide && (
                  <Form.Item label="服务州市" name="prefectureCodes" required style={{ minWidth: 420 }}>
                    <Select
                      data-testid="apply-prefectures"
                      mode="multiple"
                      placeholder="请选择服务的州市"
                      options={prefectureOptions}
                      optionFilterProp="label"
                      virtual={false}
                      allowClear
                    />
                  </Form.Item>
                )}
              </Space>
              <Space size="large" align="start" wrap>
                <Form.Item label="联系人" name="contactName" required>
                  <Input data-testid="apply-contact-name" maxLength={30} style={{ width: 200 }} />
                </Form.Item>
                <Form.Item label="联系电话" name="contactPhone" required>
                  <Input data-testid="apply-contact-phone" maxLength={11} inputMode="numeric" style={{ width: 200 }} />
                </Form.Item>
              </Space>
              <Typography.Title level={5}>首个操作员账号</Typography.Title>
              <Typography.Paragraph type="secondary">审核通过后用此账号登录管理后台，之后可自行添加其他操作员。</Typography.Paragraph>
              <Space size="large" align="start" wrap>
                <Form.Item label="用户名" name={["operator", "username"]} required>
                  <Input data-testid="apply-username" autoComplete="off" placeholder="4–32位小写字母、数字或下划线" style={{ width: 260 }} />
                </Form.Item>
                <Form.Item label="操作员姓名" name={["operator", "displayName"]} required>
                  <Input data-testid="apply-display-name" maxLength={30} style={{ width: 200 }} />
                </Form.Item>
              </Space>
              <Space size="large" align="start" wrap>
                <Form.Item label="密码" name={["operator", "password"]} required extra="至少10位">
                  <Input.Password data-testid="apply-password" autoComplete="new-password" style={{ width: 260 }} />
                </Form.Item>
                <Form.Item label="确认密码" name="passwordAgain" required>
                  <Input.Password data-testid="apply-password-again" autoComplete="new-password" style={{ width: 200 }} />
                </Form.Item>
              </Space>
              <Form.Item style={{ marginBottom: 0 }}>
                <Space>
                  <Button type="primary" htmlType="submit" loading={submitting} data-testid="apply-submit">
                    提交申请
                  </Button>
                  <Link to="/login">返回登录</Link>
                </Space>
              </Form.Item>
            </Form>
          </>
        )}
      </Card>
    </div>
  );
}
