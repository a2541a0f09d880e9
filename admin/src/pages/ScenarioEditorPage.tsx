import { useEffect, useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Divider,
  Form,
  Input,
  InputNumber,
  Result,
  Select,
  Space,
  Spin,
  Switch,
  Typography,
  type GetProps,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { Link, useNavigate, useParams } from "react-router-dom";
import {
  BENEFIT_CATEGORIES,
  BENEFIT_CATEGORY_LABELS,
  LIMIT_PERIODS,
  LIMIT_PERIOD_LABELS,
  SCENARIO_STATUS_LABELS,
  YUNNAN_PREFECTURES,
  ZScenarioCreateRequest,
  ZScenarioUpdateRequest,
  type TBenefitCategory,
  type TLimitPeriod,
  type TPrefectureCode,
  type TScenario,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { createScenario, getScenario, updateScenario } from "../api/marketplace";
import { useCurrentUser } from "../api/useSession";
import { RuleBuilder } from "../components/RuleBuilder";
import { EditorFormBanners, EditorFormButtons, RulePreviewAlert, TierGradesItem, useRuleFormIssues, useRulePreview } from "../components/RuleEditorForm";
import { DATE_TIME_FORMAT } from "../lib/format";
import { canEditScenario } from "../lib/scenarios";
import { emptyGroup, fromRule, nodeIdForPath, toRule, type TRuleGroup } from "../lib/ruleTree";

type TWindow = [Dayjs | null, Dayjs | null];

interface TierValues {
  grades?: string[];
  summary?: string;
  discountPercent?: number | null;
}

interface ScenarioFormValues {
  title?: string;
  category?: TBenefitCategory;
  description?: string;
  terms?: string;
  provinceWide?: boolean;
  prefectureCodes?: TPrefectureCode[];
  rule?: TRuleGroup;
  benefitSummary?: string;
  tiers?: TierValues[];
  quota?: number | null;
  limitTotal?: number | null;
  limitPeriod?: TLimitPeriod | "none";
  limitPeriodCount?: number | null;
  window?: TWindow | null;
  redemptionHours?: number | null;
}

/** Issues land on plain fields, on tier rows as `tiers.<i>.<field>`, on rule nodes as `rule:<node id>`. */
const TIER_FIELDS = ["grades", "summary", "discountPercent"];

/** Issue path (client zod or server `body.*`, already without "body") → form field key. */
function fieldKeyFor(segments: string[], rule: TRuleGroup): string | undefined {
  const [first, second, third, fourth] = segments;
  switch (first) {
    case "title":
    case "category":
    case "description":
    case "terms":
    case "provinceWide":
    case "prefectureCodes":
    case "quota":
    case "redemptionHours":
      return first;
    case "startsAt":
    case "endsAt":
      return "window";
    case "rule":
      return `rule:${nodeIdForPath(rule, segments.slice(1)) ?? rule.id}`;
    case "benefit":
      if (second === "summary") return "benefitSummary";
      if (second === "tiers" && third !== undefined && /^\d+$/.test(third) && fourth !== undefined && TIER_FIELDS.includes(fourth)) {
        return `tiers.${third}.${fourth}`;
      }
      return undefined;
    case "perSubjectLimit":
      return second === "total" ? "limitTotal" : second === "perPeriod" ? "limitPeriodCount" : undefined;
    default:
      return undefined;
  }
}

/** Default window: from the current minute for 30 days, so a new scenario is live as soon as it is published. */
function defaultWindow(): TWindow {
  const start = dayjs().startOf("minute");
  return [start, start.add(30, "day")];
}

type TRangePickerProps = GetProps<typeof DatePicker.RangePicker>;

/**
 * The RangePicker renders two inputs; wrap it so `scenario-form-window` names exactly one
 * element. Form.Item injects value/onChange/id, which pass straight through.
 */
function WindowPicker(props: Pick<TRangePickerProps, "value" | "onChange" | "id" | "status" | "disabled">) {
  const presets = (days: number) => () => {
    const start = dayjs().startOf("minute");
    return [start, start.add(days, "day")] as [Dayjs, Dayjs];
  };
  return (
    <div data-testid="scenario-form-window" style={{ display: "inline-block" }}>
      <DatePicker.RangePicker
        {...props}
        showTime={{ format: "HH:mm" }}
        format={DATE_TIME_FORMAT}
        placeholder={["开始时间", "结束时间"]}
        presets={[
          { label: "从现在起 7 天", value: presets(7) },
          { label: "从现在起 30 天", value: presets(30) },
          { label: "从现在起 90 天", value: presets(90) },
        ]}
      />
    </div>
  );
}

const categoryOptions = BENEFIT_CATEGORIES.map((c) => ({ value: c, label: BENEFIT_CATEGORY_LABELS[c] }));
const prefectureOptions = YUNNAN_PREFECTURES.map((p) => ({ value: p.code, label: p.name }));
const periodOptions = [
  { value: "none", label: "不限" },
  ...LIMIT_PERIODS.map((p) => ({ value: p, label: LIMIT_PERIOD_LABELS[p] })),
];

/** 海贝分-style tiers (威海: AAA −30%, AA −10%) as a starting point. */
const EXAMPLE_TIERS: TierValues[] = [
  { grades: ["AAA"], summary: "享受7折优惠", discountPercent: 30 },
  { grades: ["AA"], summary: "享受9折优惠", discountPercent: 10 },
];

function valuesFromScenario(s: TScenario): ScenarioFormValues {
  return {
    title: s.title,
    category: s.category,
    description: s.description,
    terms: s.terms,
    provinceWide: s.provinceWide,
    prefectureCodes: s.prefectureCodes,
    rule: fromRule(s.rule),
    benefitSummary: s.benefit.summary,
    tiers: s.benefit.tiers.map((t) => ({ grades: t.grades, summary: t.summary, discountPercent: t.discountPercent ?? null })),
    quota: s.quota,
    limitTotal: s.perSubjectLimit.total,
    limitPeriod: s.perSubjectLimit.perPeriod?.period ?? "none",
    limitPeriodCount: s.perSubjectLimit.perPeriod?.count ?? null,
    window: [dayjs(s.startsAt), dayjs(s.endsAt)],
    redemptionHours: s.redemptionHours,
  };
}

/** 新建场景 (/scenarios/new) and 编辑场景 (/scenarios/:id/edit, drafts and rejected ones). */
export function ScenarioEditorPage() {
  const { id } = useParams<{ id: string }>();
  const user = useCurrentUser();
  const [scenario, setScenario] = useState<TScenario | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loadKey, setLoadKey] = useState(0);

  useEffect(() => {
    if (!id) return;
    let alive = true;
    setScenario(null);
    setLoadError(null);
    getScenario(id)
      .then((s) => alive && setScenario(s))
      .catch((err: unknown) => alive && setLoadError(errorMessage(err)));
    return () => {
      alive = false;
    };
  }, [id, loadKey]);

  if (!user) return null;
  if (!id) return <ScenarioForm key="new" scenario={null} reload={() => undefined} />;
  if (loadError) {
    return (
      <Card title="编辑场景">
        <Alert type="error" showIcon title={loadError} action={<Button onClick={() => setLoadKey((k) => k + 1)}>重试</Button>} />
      </Card>
    );
  }
  if (!scenario) {
    return (
      <Card title="编辑场景">
        <Spin />
      </Card>
    );
  }
  if (!canEditScenario(user, scenario)) {
    return (
      <Card title="编辑场景">
        <Result
          status="warning"
          title="该场景当前不能修改"
          subTitle={`状态为“${SCENARIO_STATUS_LABELS[scenario.status]}”：只有场景的发起方可以修改草稿或被驳回的场景。`}
          extra={
            <Link to={`/scenarios/${scenario.id}`}>
              <Button type="primary">查看场景</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  return <ScenarioForm key={`${scenario.id}:${scenario.version}`} scenario={scenario} reload={() => setLoadKey((k) => k + 1)} />;
}

function ScenarioForm({ scenario, reload }: { scenario: TScenario | null; reload: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [form] = Form.useForm<ScenarioFormValues>();
  const [submitting, setSubmitting] = useState(false);

  // A regional administrator launches scenarios only for their own prefecture: preselected and fixed.
  const fixedPrefecture = user?.role === "regional_admin" ? user.prefectureCode : undefined;

  const initialValues = useMemo<ScenarioFormValues>(
    () =>
      scenario
        ? valuesFromScenario(scenario)
        : {
            description: "",
            terms: "",
            provinceWide: false,
            prefectureCodes: fixedPrefecture ? [fixedPrefecture] : [],
            rule: emptyGroup(),
            benefitSummary: "凭券享受优惠",
            tiers: [],
            limitTotal: 1,
            limitPeriod: "none",
            window: defaultWindow(),
            redemptionHours: 72,
          },
    [scenario, fixedPrefecture],
  );

  const provinceWide = Form.useWatch("provinceWide", form) ?? false;
  const limitPeriod = Form.useWatch("limitPeriod", form) ?? "none";
  const rulePreview = useRulePreview(form, initialValues.rule);
  const { formError, setFormError, ruleErrors, showIssues, onValuesChange } = useRuleFormIssues(form, fieldKeyFor, "申领条件");

  const onFinish = async (values: ScenarioFormValues) => {
    setFormError(null);
    const [start, end] = values.window ?? [null, null];
    const period = values.limitPeriod ?? "none";
    const wide = fixedPrefecture ? false : (values.provinceWide ?? false);
    const definition = {
      title: values.title ?? "",
      category: values.category,
      description: values.description ?? "",
      terms: values.terms ?? "",
      provinceWide: wide,
      prefectureCodes: fixedPrefecture ? [fixedPrefecture] : wide ? [] : (values.prefectureCodes ?? []),
      rule: toRule(values.rule ?? emptyGroup()),
      benefit: {
        summary: values.benefitSummary ?? "",
        tiers: (values.tiers ?? []).map((t) => ({
          grades: t.grades ?? [],
          summary: t.summary ?? "",
          ...(t.discountPercent !== null && t.discountPercent !== undefined ? { discountPercent: t.discountPercent } : {}),
        })),
      },
      quota: values.quota ?? undefined,
      perSubjectLimit: {
        total: values.limitTotal ?? undefined,
        ...(period !== "none" ? { perPeriod: { period, count: values.limitPeriodCount ?? undefined } } : {}),
      },
      startsAt: start ? start.format() : "",
      endsAt: end ? end.format() : "",
      redemptionHours: values.redemptionHours ?? undefined,
    };
    const parsed = scenario
      ? ZScenarioUpdateRequest.safeParse({ ...definition, expectedVersion: scenario.version })
      : ZScenarioCreateRequest.safeParse(definition);
    if (!parsed.success || !start || !end) {
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => i.path[0] !== "startsAt" && i.path[0] !== "endsAt");
      const windowIssues =
        !start || !end
          ? [{ path: ["startsAt"], message: "请选择开始和结束时间" }]
          : parsed.success
            ? []
            : parsed.error.issues.filter((i) => i.path[0] === "startsAt" || i.path[0] === "endsAt");
      showIssues([...issues, ...windowIssues], "请检查以下内容");
      return;
    }

    setSubmitting(true);
    try {
      const saved =
        scenario && "expectedVersion" in parsed.data
          ? await updateScenario(scenario.id, parsed.data)
          : await createScenario(parsed.data);
      message.success(scenario ? `已保存“${saved.title}”（第 ${saved.version} 版）` : `场景“${saved.title}”已创建，当前为草稿`);
      navigate(`/scenarios/${saved.id}`, { state: { saved: true } });
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        showIssues(err.issues, err.message);
      } else if (err instanceof ApiError && (err.code === "VERSION_CONFLICT" || err.code === "SCENARIO_TRANSITION_INVALID")) {
        setFormError({ title: err.message, lines: ["该场景已被他人修改或状态已变化。重新加载将显示最新内容（本页未保存的修改会丢失）。"], conflict: true });
      } else {
        setFormError({ title: errorMessage(err), lines: [] });
      }
    } finally {
      setSubmitting(false);
    }
  };

  const backTo = scenario ? `/scenarios/${scenario.id}` : "/scenarios";

  return (
    <Card
      title={scenario ? `编辑场景：${scenario.title}` : "新建场景"}
      extra={<Button onClick={() => navigate(backTo)}>{scenario ? "返回详情" : "返回列表"}</Button>}
    >
      <EditorFormBanners item={scenario} formError={formError} testId="scenario-form-error" reload={reload} />
      <Form<ScenarioFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<ScenarioFormValues>) => {
          const keys = onValuesChange(changed);
          if (keys.includes("window") || keys.includes("limitPeriod")) {
            form.setFields([
              { name: "window", errors: [] },
              { name: "limitPeriodCount", errors: [] },
            ]);
          }
        }}
        disabled={submitting}
        style={{ maxWidth: 920 }}
      >
        <Divider titlePlacement="start">基本信息</Divider>
        <Form.Item label="标题" name="title" required>
          <Input data-testid="scenario-form-title" placeholder="如：守信游客景区门票8折" maxLength={60} showCount />
        </Form.Item>
        <Form.Item label="权益类别" name="category" required>
          <Select data-testid="scenario-form-category" placeholder="请选择权益类别" options={categoryOptions} virtual={false} style={{ maxWidth: 320 }} />
        </Form.Item>
        <Form.Item label="权益说明" name="description">
          <Input.TextArea
            data-testid="scenario-form-description"
            placeholder="向用户介绍权益内容、使用方式"
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
            showCount
          />
        </Form.Item>
        <Form.Item label="使用条款" name="terms">
          <Input.TextArea
            data-testid="scenario-form-terms"
            placeholder="如：每人限用一次，不与其他优惠同享，节假日除外"
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={2000}
            showCount
          />
        </Form.Item>

        <Divider titlePlacement="start">适用范围与申领条件</Divider>
        <Space size="large" align="start" wrap>
          <Form.Item
            label="全省适用"
            name="provinceWide"
            valuePropName="checked"
            extra={fixedPrefecture ? "州市管理员只能为本州市发起场景" : undefined}
          >
            <Switch data-testid="scenario-form-province-wide" disabled={fixedPrefecture !== undefined} />
          </Form.Item>
          {!provinceWide && (
            <Form.Item label="适用州市" name="prefectureCodes" required style={{ minWidth: 420 }}>
              <Select
                data-testid="scenario-form-prefectures"
                mode="multiple"
                placeholder="请选择适用的州市"
                options={prefectureOptions}
                optionFilterProp="label"
                disabled={fixedPrefecture !== undefined}
                virtual={false}
                allowClear
              />
            </Form.Item>
          )}
        </Space>
        <Form.Item label="申领条件" name="rule" extra="失信联合惩戒名单中的主体始终不能申领，无需另设条件。">
          <RuleBuilder errors={ruleErrors} />
        </Form.Item>
        <RulePreviewAlert testId="scenario-form-rule-preview" preview={rulePreview} />

        <Divider titlePlacement="start">权益内容</Divider>
        <Form.Item label="权益内容（默认）" name="benefitSummary" required extra="符合条件、且不在下面分档中的主体享受此权益">
          <Input data-testid="scenario-form-benefit-summary" placeholder="如：门票立减30元" maxLength={100} showCount />
        </Form.Item>
        <Form.Item label="按信用等级分档（可选）">
          <Form.List name="tiers">
            {(fields, { add, remove }) => (
              <div data-testid="scenario-form-tiers">
                {fields.map((field, index) => (
                  <Space key={field.key} align="start" wrap style={{ display: "flex", marginBottom: 4 }}>
                    <TierGradesItem name={field.name} testId={`scenario-form-tier-grades-${index}`} />
                    <Form.Item name={[field.name, "summary"]} style={{ marginBottom: 8 }}>
                      <Input data-testid={`scenario-form-tier-summary-${index}`} placeholder="该等级的权益，如：享受7折优惠" maxLength={100} style={{ width: 300 }} />
                    </Form.Item>
                    <Form.Item name={[field.name, "discountPercent"]} style={{ marginBottom: 8 }}>
                      <InputNumber<number>
                        data-testid={`scenario-form-tier-discount-${index}`}
                        min={0}
                        max={100}
                        placeholder="优惠幅度"
                        suffix="%"
                        style={{ width: 130 }}
                      />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      删除
                    </Button>
                  </Space>
                ))}
                <Space>
                  <Button type="dashed" data-testid="scenario-form-tier-add" onClick={() => add({ grades: [], summary: "" })} disabled={fields.length >= 10}>
                    + 添加分档
                  </Button>
                  {fields.length === 0 && (
                    <Button type="link" onClick={() => form.setFieldValue("tiers", EXAMPLE_TIERS)}>
                      填入示例：AAA 减30%、AA 减10%
                    </Button>
                  )}
                </Space>
              </div>
            )}
          </Form.List>
        </Form.Item>

        <Divider titlePlacement="start">名额与时间</Divider>
        <Space size="large" align="start" wrap>
          <Form.Item label="名额" name="quota" required extra="可领取的总份数">
            <InputNumber<number> data-testid="scenario-form-quota" min={1} max={1_000_000} precision={0} placeholder="如 1000" style={{ width: 160 }} />
          </Form.Item>
          <Form.Item label="每个主体最多领取" name="limitTotal" required extra="取消的券退回名额">
            <InputNumber<number> data-testid="scenario-form-limit-total" min={1} max={1000} precision={0} suffix="次" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label="周期限制" name="limitPeriod">
            <Select data-testid="scenario-form-limit-period" options={periodOptions} style={{ width: 110 }} virtual={false} />
          </Form.Item>
          {limitPeriod !== "none" && (
            <Form.Item label="周期内最多" name="limitPeriodCount" required>
              <InputNumber<number> data-testid="scenario-form-limit-period-count" min={1} max={1000} precision={0} suffix="次" style={{ width: 120 }} />
            </Form.Item>
          )}
        </Space>
        <Space size="large" align="start" wrap>
          <Form.Item label="领取时间" name="window" required extra="用户可在此期间领取权益">
            <WindowPicker />
          </Form.Item>
          <Form.Item label="核销有效期" name="redemptionHours" required extra="领取后多少小时内可核销">
            <InputNumber<number> data-testid="scenario-form-redemption-hours" min={1} max={24 * 365} precision={0} suffix="小时" style={{ width: 150 }} />
          </Form.Item>
        </Space>

        <EditorFormButtons prefix="scenario-form" editing={scenario !== null} submitting={submitting} onCancel={() => navigate(backTo)} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          {user?.role === "partner_operator"
            ? "保存后为草稿；提交审核并通过后，机构可自行发布。"
            : "保存后为草稿；在场景详情或列表中发布后才会向用户展示。"}
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
