import { useState } from "react";
import { App, Button, Card, Col, Form, InputNumber, Row, Spin, Typography } from "antd";
import { DEFAULT_CREDIT_RIGHTS_SETTINGS, ZCreditRightsSettingsUpdate, type TCreditRightsSettings } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { getCreditRightsSettings, saveCreditRightsSettings } from "../../../api/credit-rights";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { LoadError } from "../../../components/LoadError";
import { clearErrors, mapIssuesToFields, setErrorsAt } from "../../../lib/formErrors";
import { formatBeijing } from "../../../lib/loans";
import { useLoad } from "../../../lib/useLoad";

type TValues = Pick<TCreditRightsSettings, "objection" | "repair">;

/** Each number: where it lives, its label, its unit, what it means, the default. */
const NUMBERS = [
  ["objection", "acceptDays", "受理期限", "个工作日", "提交后多少个工作日内受理（记录在提交时即冻结）"],
  ["objection", "decideDays", "办结期限", "个工作日", "受理后（或收到部门答复后）多少个工作日内作出决定"],
  ["objection", "forwardDays", "转部门核查期限", "个工作日", "需要转来源部门核查的，受理后多少个工作日内转出"],
  ["objection", "answerDays", "部门答复期限", "个工作日", "来源部门收到核查请求后多少个工作日内答复"],
  ["repair", "reviewDays", "修复审核期限", "个工作日", "收到修复申请后多少个工作日内审核"],
  ["repair", "minMonthsBetween", "两次修复最短间隔", "个月", "距上次准予修复不足该月数的，不能再申请（0 为不限）"],
  ["repair", "maxIn5Years", "五年内最多修复", "次", "五年内准予修复的次数上限"],
] as const;
type TGroup = (typeof NUMBERS)[number][0];
const KEYS = NUMBERS.map(([g, k]) => `${g}.${k}`);

function valuesOf(s: TCreditRightsSettings): TValues {
  return { objection: { ...s.objection }, repair: { ...s.repair } };
}

/** 办理期限与修复限制: the working days of each step, defaulting to the Shanghai regulation. */
export function DeadlinesCard() {
  const { data, setData, loading, loadError, load } = useLoad<TCreditRightsSettings | null>(getCreditRightsSettings, null);
  return (
    <Card title="办理期限与修复限制" data-testid="rights-settings-card">
      <Typography.Paragraph type="secondary">
        期限按工作日计算（北京时间，不含节假日），默认值参照《上海市社会信用条例》：受理 1 个工作日，办结 5 个工作日，需转部门核查的 2 个工作日内转出、部门 5 个工作日内答复。保存后新的期限用于此后的每一步，已在计时的步骤不变。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      {loading || !data ? !loadError && <Spin /> : <DeadlinesForm key={data.version} settings={data} onSaved={setData} onStale={() => void load()} />}
    </Card>
  );
}

function DeadlinesForm({ settings, onSaved, onStale }: { settings: TCreditRightsSettings; onSaved: (s: TCreditRightsSettings) => void; onStale: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TValues>();
  const [saving, setSaving] = useState(false);
  const [banner, setBanner] = useState<{ title: string; lines: string[] } | null>(null);

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<string>(issues, (segments) => {
      const key = segments.slice(0, 2).join(".");
      return KEYS.includes(key) ? key : undefined;
    });
    clearErrors(form);
    setErrorsAt(form, Object.entries(fields).map(([key, errors]) => ({ name: key.split("."), errors: errors ?? [] })));
    setBanner(unmatched.length > 0 || Object.keys(fields).length === 0 ? { title, lines: unmatched } : null);
  };

  const save = async () => {
    setBanner(null);
    const values = form.getFieldsValue(true) as TValues;
    const parsed = ZCreditRightsSettingsUpdate.safeParse({ expectedVersion: settings.version, ...values });
    // An emptied box would read as "expected number": say which number is missing instead.
    const missing = NUMBERS.filter(([g, key]) => typeof (values[g] as Record<string, unknown> | undefined)?.[key] !== "number").map(([g, key, label]) => ({
      path: [g, key],
      message: `请填写${label}`,
    }));
    if (!parsed.success || missing.length > 0) {
      const keys = missing.map((m) => m.path.join("."));
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !keys.includes(i.path.join(".")));
      showIssues([...issues, ...missing], "请检查以下内容");
      return;
    }
    setSaving(true);
    try {
      const saved = await saveCreditRightsSettings(parsed.data);
      message.success("已保存办理期限与修复限制");
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VERSION_CONFLICT") {
        message.error("设置已被他人修改，已载入最新设置，请核对后再保存");
        onStale();
      } else if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setBanner({ title: errorMessage(err), lines: [] });
    } finally {
      setSaving(false);
    }
  };

  const groups: { group: TGroup; title: string }[] = [
    { group: "objection", title: "异议" },
    { group: "repair", title: "信用修复" },
  ];

  return (
    <>
      {banner && <FormErrorAlert testId="rights-settings-error" title={banner.title} lines={banner.lines} />}
      <Form<TValues> form={form} layout="vertical" initialValues={valuesOf(settings)} disabled={saving} onValuesChange={() => clearErrors(form)}>
        {groups.map(({ group, title }) => (
          <div key={group}>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {title}
            </Typography.Title>
            <Row gutter={24}>
              {NUMBERS.filter(([g]) => g === group).map(([g, key, label, unit, help]) => {
                const fallback = (DEFAULT_CREDIT_RIGHTS_SETTINGS[g] as Record<string, number>)[key];
                return (
                  <Col key={key} xs={24} md={12} xl={6}>
                    <Form.Item label={label} name={[g, key]} extra={`${help}（默认 ${fallback}）`}>
                      <InputNumber<number> data-testid={`rights-settings-${key}`} min={0} precision={0} suffix={unit} style={{ width: 160 }} />
                    </Form.Item>
                  </Col>
                );
              })}
            </Row>
          </div>
        ))}
      </Form>
      <div style={{ display: "flex", alignItems: "center", gap: 16 }}>
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="rights-settings-save">
          保存期限设置
        </Button>
        <Typography.Text type="secondary" data-testid="rights-settings-version">
          {settings.version === 0 ? "目前使用默认值" : `第 ${settings.version} 版 · ${settings.updatedBy ?? ""} ${formatBeijing(settings.updatedAt)} 保存`}
        </Typography.Text>
      </div>
    </>
  );
}
