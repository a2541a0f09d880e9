import { useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Space,
  Typography,
  type GetProps,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useNavigate } from "react-router-dom";
import {
  BENEFIT_CATEGORIES,
  BENEFIT_CATEGORY_LABELS,
  CREDIT_SCORE_MAX,
  YUNNAN_PREFECTURES,
  ZScenarioCreateRequest,
  type TBenefitCategory,
  type TPrefectureCode,
} from "@xinyi/shared";
import { ApiError, createScenario, errorMessage } from "../api/client";
import { useCurrentUser } from "../api/useSession";
import { mapIssuesToFields } from "../lib/formErrors";
import { DATE_TIME_FORMAT } from "../lib/format";

type TWindow = [Dayjs | null, Dayjs | null];

interface ScenarioFormValues {
  title?: string;
  category?: TBenefitCategory;
  description?: string;
  prefectureCodes?: TPrefectureCode[];
  minCreditScore?: number | null;
  quota?: number | null;
  window?: TWindow | null;
}

const FIELDS = ["title", "category", "description", "prefectureCodes", "minCreditScore", "quota", "window"] as const;
type TField = (typeof FIELDS)[number];

/** Issue path (client zod or server `body.*`, already without "body") → form field. */
function fieldForPath(segments: string[]): TField | undefined {
  const [first] = segments;
  if (first === "startsAt" || first === "endsAt") return "window";
  return (FIELDS as readonly string[]).includes(first ?? "") ? (first as TField) : undefined;
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

export function ScenarioCreatePage() {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [form] = Form.useForm<ScenarioFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<{ title: string; lines: string[] } | null>(null);

  // A regional administrator creates scenarios only for their own prefecture: preselected and fixed.
  const fixedPrefecture = user?.role === "regional_admin" ? user.prefectureCode : undefined;

  const initialValues = useMemo<ScenarioFormValues>(
    () => ({
      description: "",
      prefectureCodes: fixedPrefecture ? [fixedPrefecture] : [],
      window: defaultWindow(),
    }),
    [fixedPrefecture],
  );

  const showFieldErrors = (
    issues: readonly { path: string | readonly PropertyKey[]; message: string }[],
    bannerTitle: string,
  ) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldForPath);
    form.setFields(FIELDS.map((name) => ({ name, errors: fields[name] ?? [] })));
    setFormError(unmatched.length > 0 ? { title: bannerTitle, lines: unmatched } : null);
    const firstField = FIELDS.find((name) => fields[name]);
    if (firstField) form.scrollToField(firstField);
  };

  const onFinish = async (values: ScenarioFormValues) => {
    setFormError(null);
    const [start, end] = values.window ?? [null, null];
    const candidate = {
      title: values.title ?? "",
      category: values.category,
      description: values.description ?? "",
      prefectureCodes: fixedPrefecture ? [fixedPrefecture] : (values.prefectureCodes ?? []),
      minCreditScore: values.minCreditScore ?? undefined,
      quota: values.quota ?? undefined,
      startsAt: start ? start.format() : "",
      endsAt: end ? end.format() : "",
    };
    const parsed = ZScenarioCreateRequest.safeParse(candidate);
    if (!parsed.success || !start || !end) {
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => fieldForPath(i.path.map(String)) !== "window");
      const windowIssues =
        !start || !end
          ? [{ path: ["startsAt"], message: "请选择开始和结束时间" }]
          : parsed.success
            ? []
            : parsed.error.issues.filter((i) => fieldForPath(i.path.map(String)) === "window");
      showFieldErrors([...issues, ...windowIssues], "请检查以下内容");
      return;
    }

    setSubmitting(true);
    try {
      const created = await createScenario(parsed.data);
      message.success(`场景“${created.title}”已创建，当前为草稿`);
      navigate("/scenarios", { state: { createdId: created.id } });
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) {
        showFieldErrors(err.issues, err.message);
      } else {
        setFormError({ title: errorMessage(err), lines: [] });
      }
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card title="新建场景" extra={<Button onClick={() => navigate("/scenarios")}>返回列表</Button>}>
      {formError && (
        <Alert
          type="error"
          showIcon
          data-testid="scenario-form-error"
          title={formError.title}
          description={
            formError.lines.length > 0 ? (
              <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                {formError.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : undefined
          }
          style={{ marginBottom: 24 }}
        />
      )}
      <Form<ScenarioFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        // Errors come from zod or the server, not Form rules: drop a field's errors once it is edited.
        onValuesChange={(changed: Partial<ScenarioFormValues>) =>
          form.setFields(FIELDS.filter((name) => name in changed).map((name) => ({ name, errors: [] })))
        }
        disabled={submitting}
        style={{ maxWidth: 720 }}
      >
        <Form.Item label="标题" name="title" required>
          <Input data-testid="scenario-form-title" placeholder="如：守信游客景区门票8折" maxLength={60} showCount />
        </Form.Item>
        <Form.Item label="权益类别" name="category" required>
          <Select
            data-testid="scenario-form-category"
            placeholder="请选择权益类别"
            options={categoryOptions}
            virtual={false}
          />
        </Form.Item>
        <Form.Item label="权益说明" name="description">
          <Input.TextArea
            data-testid="scenario-form-description"
            placeholder="向用户介绍权益内容、使用方式和注意事项"
            autoSize={{ minRows: 3, maxRows: 8 }}
            maxLength={2000}
            showCount
          />
        </Form.Item>
        <Form.Item
          label="适用地区"
          name="prefectureCodes"
          required
          extra={fixedPrefecture ? "州市管理员只能为本州市创建场景" : undefined}
        >
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
        <Space size="large" align="start" wrap>
          <Form.Item label="最低信用分" name="minCreditScore" required extra={`0–${CREDIT_SCORE_MAX}分`}>
            <InputNumber<number>
              data-testid="scenario-form-min-score"
              min={0}
              max={CREDIT_SCORE_MAX}
              precision={0}
              placeholder="如 600"
              style={{ width: 180 }}
            />
          </Form.Item>
          <Form.Item label="名额" name="quota" required extra="可领取的总份数">
            <InputNumber<number>
              data-testid="scenario-form-quota"
              min={1}
              max={1_000_000}
              precision={0}
              placeholder="如 1000"
              style={{ width: 180 }}
            />
          </Form.Item>
        </Space>
        <Form.Item label="时间窗口" name="window" required extra="用户可在此期间领取权益">
          <WindowPicker />
        </Form.Item>
        <Form.Item style={{ marginBottom: 0 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting} data-testid="scenario-form-submit">
              保存为草稿
            </Button>
            <Button onClick={() => navigate("/scenarios")} disabled={submitting}>
              取消
            </Button>
          </Space>
        </Form.Item>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          新建的场景为草稿，在列表中发布后才会向用户展示。
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
