import { useState } from "react";
import { Alert, App, Button, Card, Form, InputNumber, Select, Space, Spin, Switch, Table, Typography } from "antd";
import {
  PENALTY_SEVERITIES,
  PENALTY_SEVERITY_LABELS,
  RECORD_KIND_LABELS,
  REPAIR_RULE_KINDS,
  ZRepairRulesUpdateRequest,
  repairPeriodsOf,
  type TPenaltySeverity,
  type TRepairRuleKind,
  type TRepairRules,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { getRepairRules, saveRepairRules } from "../../../api/credit-rights";
import { FormErrorAlert } from "../../../components/FormErrorAlert";
import { LoadError } from "../../../components/LoadError";
import { clearErrors, mapIssuesToFields, setErrorsAt } from "../../../lib/formErrors";
import { beijingToday, formatBeijing } from "../../../lib/loans";
import { useLoad } from "../../../lib/useLoad";

interface TRuleValues {
  kind?: TRepairRuleKind;
  severity?: TPenaltySeverity;
  minMonths?: number | null;
  maxMonths?: number | null;
  repairable?: boolean;
}
interface TValues {
  items?: TRuleValues[];
}

const RULE_FIELDS = ["kind", "severity", "minMonths", "maxMonths", "repairable"];
const kindOptions = REPAIR_RULE_KINDS.map((k) => ({ value: k, label: RECORD_KIND_LABELS[k] }));
const severityOptions = PENALTY_SEVERITIES.map((s) => ({ value: s, label: PENALTY_SEVERITY_LABELS[s] }));

function valuesOf(rules: TRepairRules): TValues {
  return { items: rules.items.map((r) => ({ kind: r.kind, ...(r.severity ? { severity: r.severity } : {}), minMonths: r.minMonths, maxMonths: r.maxMonths, repairable: r.repairable })) };
}

/** What the rule means for a record decided today, in words: the check a person makes before saving. */
function exampleOf(rule: TRuleValues, today: string): string {
  if (!rule.kind || typeof rule.minMonths !== "number" || typeof rule.maxMonths !== "number") return "—";
  if (rule.minMonths > rule.maxMonths) return "最短公示期长于最长公示期，请修正";
  const periods = repairPeriodsOf(
    { kind: rule.kind, severity: rule.severity, decidedAt: today },
    [{ kind: rule.kind, ...(rule.severity ? { severity: rule.severity } : {}), minMonths: rule.minMonths, maxMonths: rule.maxMonths, repairable: rule.repairable ?? false }],
  );
  const stops = periods.stopsCountingOn ? `${periods.stopsCountingOn} 起不再计入` : "";
  return periods.repairable && periods.repairableFrom ? `${periods.repairableFrom} 起可申请修复，${stops}` : `不可提前修复，${stops}`;
}

/** 修复期限规则: per record kind (and a penalty's severity) the minimum and maximum publication periods. */
export function RepairRulesCard() {
  const { data, setData, loading, loadError, load } = useLoad<TRepairRules | null>(getRepairRules, null);
  return (
    <Card title="修复期限规则" data-testid="repair-rules-card">
      <Typography.Paragraph type="secondary">
        失信记录自决定之日起满“最短公示期”后，信用主体可申请信用修复；满“最长公示期”（或公示截止日，以较早者为准）后自动停止计入。默认值依据 2025 年国家信用修复办法：一般行政处罚 3 个月至 1 年，严重行政处罚 1 至 3 年。保存后所有记录的修复日期随即按新规则计算。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      {loading || !data ? !loadError && <Spin /> : <RulesForm key={data.version} rules={data} onSaved={setData} onStale={() => void load()} />}
    </Card>
  );
}

function RulesForm({ rules, onSaved, onStale }: { rules: TRepairRules; onSaved: (r: TRepairRules) => void; onStale: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<TValues>();
  const [saving, setSaving] = useState(false);
  const [banner, setBanner] = useState<{ title: string; lines: string[] } | null>(null);
  const [initial] = useState(() => valuesOf(rules));
  const watched = Form.useWatch("items", form);
  const today = beijingToday();

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<string>(issues, ([first, index, field]) =>
      first === "items" && index !== undefined && /^\d+$/.test(index) && field !== undefined && RULE_FIELDS.includes(field) ? `${index}.${field}` : undefined,
    );
    clearErrors(form);
    setErrorsAt(
      form,
      Object.entries(fields).map(([key, errors]) => {
        const [index, field] = key.split(".");
        return { name: ["items", Number(index), field ?? ""], errors: errors ?? [] };
      }),
    );
    setBanner(unmatched.length > 0 || Object.keys(fields).length === 0 ? { title, lines: unmatched } : null);
  };

  const save = async () => {
    setBanner(null);
    const values = (form.getFieldsValue(true) as TValues).items ?? [];
    const items = values.map((v) => ({
      kind: v.kind,
      // A severity left over from a row that was a penalty before its kind changed is not sent.
      ...(v.kind === "penalty" && v.severity ? { severity: v.severity } : {}),
      minMonths: v.minMonths ?? undefined,
      maxMonths: v.maxMonths ?? undefined,
      repairable: v.repairable ?? false,
    }));
    const parsed = ZRepairRulesUpdateRequest.safeParse({ expectedVersion: rules.version, items });
    if (!parsed.success) {
      showIssues(parsed.error.issues, "请检查以下内容");
      return;
    }
    setSaving(true);
    try {
      const saved = await saveRepairRules(parsed.data);
      message.success(`已保存修复期限规则（${saved.items.length} 条）`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.code === "VERSION_CONFLICT") {
        message.error("规则已被他人修改，已载入最新规则，请核对后再保存");
        onStale();
      } else if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setBanner({ title: errorMessage(err), lines: [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {banner && <FormErrorAlert testId="repair-rules-error" title={banner.title} lines={banner.lines} />}
      <Form<TValues> form={form} initialValues={initial} disabled={saving} onValuesChange={() => clearErrors(form)}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <>
              {fields.length === 0 && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="没有任何规则：所有记录都不能申请修复，只按公示截止日停止计入。" />}
              <Table
                data-testid="repair-rules-table"
                size="small"
                pagination={false}
                rowKey="key"
                dataSource={fields}
                columns={[
                  {
                    title: "记录类别",
                    key: "kind",
                    width: 170,
                    render: (_: unknown, field) => (
                      <Form.Item name={[field.name, "kind"]} style={{ marginBottom: 0 }}>
                        <Select<TRepairRuleKind> data-testid={`repair-rule-kind-${field.name}`} options={kindOptions} placeholder="请选择" style={{ width: 150 }} virtual={false} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: "严重程度",
                    key: "severity",
                    width: 120,
                    render: (_: unknown, field) =>
                      watched?.[field.name]?.kind === "penalty" ? (
                        <Form.Item name={[field.name, "severity"]} style={{ marginBottom: 0 }}>
                          <Select<TPenaltySeverity> data-testid={`repair-rule-severity-${field.name}`} options={severityOptions} placeholder="请选择" style={{ width: 100 }} virtual={false} />
                        </Form.Item>
                      ) : (
                        <Typography.Text type="secondary">不区分</Typography.Text>
                      ),
                  },
                  {
                    title: "最短公示期",
                    key: "min",
                    width: 150,
                    render: (_: unknown, field) => (
                      <Form.Item name={[field.name, "minMonths"]} style={{ marginBottom: 0 }}>
                        <InputNumber<number> data-testid={`repair-rule-min-${field.name}`} min={0} precision={0} suffix="个月" style={{ width: 120 }} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: "最长公示期",
                    key: "max",
                    width: 150,
                    render: (_: unknown, field) => (
                      <Form.Item name={[field.name, "maxMonths"]} style={{ marginBottom: 0 }}>
                        <InputNumber<number> data-testid={`repair-rule-max-${field.name}`} min={0} precision={0} suffix="个月" style={{ width: 120 }} />
                      </Form.Item>
                    ),
                  },
                  {
                    title: "可提前修复",
                    key: "repairable",
                    width: 100,
                    render: (_: unknown, field) => (
                      <Form.Item name={[field.name, "repairable"]} valuePropName="checked" style={{ marginBottom: 0 }}>
                        <Switch data-testid={`repair-rule-repairable-${field.name}`} checkedChildren="可以" unCheckedChildren="不可" />
                      </Form.Item>
                    ),
                  },
                  {
                    title: "示例：今天决定的记录",
                    key: "example",
                    render: (_: unknown, field) => (
                      <Typography.Text type="secondary" data-testid={`repair-rule-example-${field.name}`}>
                        {exampleOf(watched?.[field.name] ?? {}, today)}
                      </Typography.Text>
                    ),
                  },
                  {
                    title: "",
                    key: "remove",
                    width: 70,
                    render: (_: unknown, field) => (
                      <Button type="link" danger onClick={() => remove(field.name)} data-testid={`repair-rule-remove-${field.name}`}>
                        删除
                      </Button>
                    ),
                  },
                ]}
              />
              <Button
                type="dashed"
                style={{ marginTop: 12 }}
                onClick={() => add({ kind: undefined, minMonths: 3, maxMonths: 12, repairable: true })}
                disabled={fields.length >= 10}
                data-testid="repair-rule-add"
              >
                添加规则
              </Button>
            </>
          )}
        </Form.List>
      </Form>
      <Space style={{ marginTop: 16 }} size="middle">
        <Button type="primary" loading={saving} onClick={() => void save()} data-testid="repair-rules-save">
          保存修复规则
        </Button>
        <Typography.Text type="secondary" data-testid="repair-rules-version">
          {rules.version === 0 ? "目前使用国家默认规则" : `第 ${rules.version} 版 · ${rules.updatedBy ?? ""} ${formatBeijing(rules.updatedAt)} 保存`}
        </Typography.Text>
      </Space>
    </>
  );
}
