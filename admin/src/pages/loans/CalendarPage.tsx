import { useCallback, useEffect, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Spin, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { ZCalendarYearRequest, type TCalendarDay } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { listCalendarDays, saveCalendarYear } from "../../api/loans";
import { FormErrorAlert } from "../../components/FormErrorAlert";
import { LoadError } from "../../components/LoadError";
import { clearErrors, mapIssuesToFields, setErrorsAt } from "../../lib/formErrors";
import { beijingToday } from "../../lib/loans";
import { useLoad } from "../../lib/useLoad";

interface DayValues {
  date?: Dayjs | null;
  kind?: TCalendarDay["kind"];
  name?: string;
}
interface CalendarValues {
  items?: DayValues[];
}

const WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];
const DAY_FIELDS = ["date", "kind", "name"];

function toValues(days: TCalendarDay[]): CalendarValues {
  return { items: [...days].sort((a, b) => a.date.localeCompare(b.date)).map((d) => ({ date: dayjs(d.date), kind: d.kind, name: d.name })) };
}

/** 节假日: the platform administrator's list of holidays on weekdays and make-up working days (调休) for one year. */
export function CalendarPage() {
  const thisYear = Number(beijingToday().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const fetchDays = useCallback(() => listCalendarDays(year), [year]);
  const { data: days, setData: setDays, loading, loadError, load } = useLoad<TCalendarDay[] | null>(fetchDays, null);

  return (
    <Card
      title="节假日与调休"
      extra={
        <Select<number>
          data-testid="calendar-year"
          value={year}
          style={{ width: 110 }}
          options={[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => ({ value: y, label: `${y} 年` }))}
          onChange={setYear}
          virtual={false}
        />
      }
    >
      <Typography.Paragraph type="secondary">
        银行承诺的响应时间按工作日计算（北京时间）：周一至周五为工作日，再除去此处列出的节假日、加上调休的工作日。请按国务院办公厅每年公布的放假安排填写，保存后整年的列表替换原有列表，正在办理的申请按新日历计算倒计时。
      </Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      {loading || days === null ? (
        !loadError && <Spin />
      ) : (
        <CalendarForm key={`${year}:${JSON.stringify(days)}`} year={year} days={days} onSaved={setDays} />
      )}
    </Card>
  );
}

function CalendarForm({ year, days, onSaved }: { year: number; days: TCalendarDay[]; onSaved: (days: TCalendarDay[]) => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<CalendarValues>();
  const [saving, setSaving] = useState(false);
  const [banner, setBanner] = useState<{ title: string; lines: string[] } | null>(null);
  const [initial] = useState(() => toValues(days));
  const watched = Form.useWatch("items", form);

  useEffect(() => setBanner(null), [year]);

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    const { fields, unmatched } = mapIssuesToFields<string>(issues, ([first, index, field]) =>
      first === "items" && index !== undefined && /^\d+$/.test(index) && field !== undefined && DAY_FIELDS.includes(field) ? `${index}.${field}` : undefined,
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
    const values = (form.getFieldsValue(true) as CalendarValues).items ?? [];
    const items = values.map((v) => ({ date: v.date ? v.date.format("YYYY-MM-DD") : "", kind: v.kind, name: (v.name ?? "").trim() }));
    const parsed = ZCalendarYearRequest.safeParse({ items });
    // Checks zod cannot make alone: the year, and one entry per date.
    const extra: { path: (string | number)[]; message: string }[] = [];
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (!item.date) extra.push({ path: ["items", i, "date"], message: "请选择日期" });
      else if (!item.date.startsWith(`${year}-`)) extra.push({ path: ["items", i, "date"], message: `应为 ${year} 年的日期` });
      else if (seen.has(item.date)) extra.push({ path: ["items", i, "date"], message: "该日期已在列表中" });
      seen.add(item.date);
    });
    if (!parsed.success || extra.length > 0) {
      const datePaths = extra.map((e) => e.path.join("."));
      const issues = parsed.success ? [] : parsed.error.issues.filter((i) => !datePaths.includes(i.path.join(".")));
      showIssues([...issues, ...extra], "请检查以下内容");
      return;
    }
    setSaving(true);
    try {
      const saved = await saveCalendarYear(year, parsed.data.items);
      message.success(`已保存 ${year} 年的节假日安排（${saved.length} 天）`);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setBanner({ title: errorMessage(err), lines: [] });
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      {banner && <FormErrorAlert testId="calendar-error" title={banner.title} lines={banner.lines} />}
      <Form<CalendarValues> form={form} initialValues={initial} disabled={saving} onValuesChange={() => clearErrors(form)}>
        <Form.List name="items">
          {(fields, { add, remove }) => (
            <div data-testid="calendar-days">
              {fields.length === 0 && <Alert type="info" showIcon title={`${year} 年尚未设置节假日：目前只按周末计算工作日。`} style={{ marginBottom: 16 }} />}
              {fields.map((field, index) => {
                const date = watched?.[field.name]?.date;
                return (
                  <Space key={field.key} align="start" wrap style={{ display: "flex", marginBottom: 4 }}>
                    <Form.Item name={[field.name, "date"]} style={{ marginBottom: 8 }}>
                      <DatePicker data-testid={`calendar-date-${index}`} style={{ width: 150 }} />
                    </Form.Item>
                    <Typography.Text type="secondary" style={{ display: "inline-block", width: 36, lineHeight: "32px" }}>
                      {date ? WEEKDAYS[date.day()] : ""}
                    </Typography.Text>
                    <Form.Item name={[field.name, "kind"]} style={{ marginBottom: 8 }}>
                      <Select
                        data-testid={`calendar-kind-${index}`}
                        style={{ width: 130 }}
                        options={[
                          { value: "holiday", label: <Tag color="red">放假</Tag> },
                          { value: "workday", label: <Tag color="blue">调休上班</Tag> },
                        ]}
                        virtual={false}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, "name"]} style={{ marginBottom: 8 }}>
                      <Input data-testid={`calendar-name-${index}`} placeholder="如：春节" maxLength={30} style={{ width: 200 }} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      删除
                    </Button>
                  </Space>
                );
              })}
              <Space style={{ marginTop: 8 }}>
                <Button type="dashed" data-testid="calendar-add" onClick={() => add({ kind: "holiday", name: "" })} disabled={fields.length >= 60}>
                  + 添加日期
                </Button>
                <Button type="primary" loading={saving} onClick={() => void save()} data-testid="calendar-save">
                  保存 {year} 年安排
                </Button>
              </Space>
            </div>
          )}
        </Form.List>
      </Form>
    </>
  );
}
