import { useRef, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Form, Input, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import {
  COMMITMENT_TYPE_LABELS,
  TOLERATE_MISSING_MAX_DAYS,
  YUNNAN_PREFECTURES,
  ZCommitmentCaseCreateRequest,
  prefectureName,
  type TCommitmentCase,
  type TCommitmentEligibility,
  type TCommitmentSubjectRef,
  type TPrefectureCode,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { openCommitmentCase } from "../../api/commitments";
import { useCurrentUser } from "../../api/useSession";
import { pathSegments, setErrorsAt } from "../../lib/formErrors";
import { beijingToday } from "../../lib/loans";
import { commitmentTemplate } from "./commitmentView";

interface CaseValues {
  matter?: string;
  commitmentText?: string;
  missingItems?: { name?: string }[];
  dueDate?: Dayjs | null;
  prefectureCode?: TPrefectureCode;
}

type TField = "matter" | "commitmentText" | "missingItems" | "dueDate" | "prefectureCode";
const FIELDS: readonly TField[] = ["matter", "commitmentText", "missingItems", "dueDate", "prefectureCode"];

/** The prefectures an agency may handle matters in, when it must name one (it serves several). */
function agencyPrefectures(user: ReturnType<typeof useCurrentUser>): TPrefectureCode[] | null {
  if (user?.role !== "partner_operator" || !user.partner) return null;
  if (user.partner.provinceWide) return YUNNAN_PREFECTURES.map((p) => p.code as TPrefectureCode);
  return user.partner.prefectureCodes.length > 1 ? user.partner.prefectureCodes : null;
}

/** Step 2 of 受理承诺事项: the matter, the 信用承诺书 the applicant signs, and for 容缺 the missing items and the due date. */
export function CaseForm({ eligibility, subject, onOpened }: { eligibility: TCommitmentEligibility; subject: TCommitmentSubjectRef; onOpened: (c: TCommitmentCase) => void }) {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<CaseValues>();
  const [busy, setBusy] = useState(false);
  const [banner, setBanner] = useState<string | null>(null);
  /** The matter the text was last filled from: the template follows the matter until the text is edited by hand. */
  const filledFrom = useRef("");
  const type = eligibility.type;
  const tolerate = type === "tolerate_missing";
  const today = beijingToday();
  const latest = dayjs(today).add(TOLERATE_MISSING_MAX_DAYS, "day");
  const prefectures = agencyPrefectures(user);

  const clearAll = () => {
    const listed = (form.getFieldValue("missingItems") as CaseValues["missingItems"]) ?? [];
    setErrorsAt(form, [...FIELDS.map((f) => ({ name: [f], errors: [] })), ...listed.map((_, i) => ({ name: ["missingItems", i, "name"], errors: [] }))]);
  };

  const showIssues = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], title: string) => {
    clearAll();
    const entries: { name: (string | number)[]; errors: string[] }[] = [];
    const unmatched: string[] = [];
    for (const issue of issues) {
      const [first, index] = pathSegments(issue.path);
      // An item's path (missingItems.1.name) goes under its own input; the others under their field.
      const name = first === "missingItems" && index !== undefined && /^\d+$/.test(index) ? ["missingItems", Number(index), "name"] : (FIELDS as readonly string[]).includes(first ?? "") ? [first!] : null;
      if (!name) {
        if (!unmatched.includes(issue.message)) unmatched.push(issue.message);
        continue;
      }
      const existing = entries.find((e) => e.name.join(".") === name.join("."));
      if (existing) existing.errors.push(issue.message);
      else entries.push({ name, errors: [issue.message] });
    }
    setErrorsAt(form, entries);
    setBanner(unmatched.length > 0 ? `${title}：${unmatched.join("；")}` : null);
  };

  const submit = async () => {
    setBanner(null);
    const v = form.getFieldsValue(true) as CaseValues;
    const request = {
      subject,
      type,
      matter: (v.matter ?? "").trim(),
      commitmentText: (v.commitmentText ?? "").trim(),
      ...(tolerate ? { missingItems: (v.missingItems ?? []).map((i) => ({ name: (i.name ?? "").trim() })).filter((i) => i.name.length > 0) } : {}),
      ...(tolerate && v.dueDate ? { dueDate: v.dueDate.format("YYYY-MM-DD") } : {}),
      ...(prefectures && v.prefectureCode ? { prefectureCode: v.prefectureCode } : {}),
    };
    const parsed = ZCommitmentCaseCreateRequest.safeParse(request);
    if (!parsed.success) {
      showIssues(parsed.error.issues, "请检查以下内容");
      return;
    }
    setBusy(true);
    try {
      const opened = await openCommitmentCase(parsed.data);
      message.success(`已受理：${opened.matter}，待申请人签署承诺`);
      onOpened(opened);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else setBanner(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title={`填写承诺事项 · ${COMMITMENT_TYPE_LABELS[type]}`} data-testid="commitment-case-form">
      {banner && <Alert type="error" showIcon title={banner} style={{ marginBottom: 16 }} data-testid="commitment-form-error" />}
      <Form<CaseValues>
        form={form}
        layout="vertical"
        disabled={busy}
        style={{ maxWidth: 760 }}
        initialValues={{ missingItems: tolerate ? [{ name: "" }] : [], commitmentText: commitmentTemplate("", type), dueDate: tolerate ? dayjs(today).add(30, "day") : null }}
        onValuesChange={(changed: CaseValues) => {
          clearAll();
          if (changed.matter !== undefined) {
            const text = form.getFieldValue("commitmentText") as string | undefined;
            if (!text || text === commitmentTemplate(filledFrom.current, type)) {
              form.setFieldValue("commitmentText", commitmentTemplate(changed.matter, type));
              filledFrom.current = changed.matter;
            }
          }
        }}
      >
        <Form.Item label="办理事项" name="matter" required>
          <Input data-testid="commitment-form-matter" maxLength={100} placeholder="如：食品经营许可证新办" style={{ width: 420 }} />
        </Form.Item>
        {prefectures && (
          <Form.Item label="办理地" name="prefectureCode" required>
            <Select<TPrefectureCode>
              data-testid="commitment-form-prefecture"
              placeholder="请选择事项的办理地"
              style={{ width: 220 }}
              options={prefectures.map((code) => ({ value: code, label: prefectureName(code) ?? code }))}
              virtual={false}
            />
          </Form.Item>
        )}
        {tolerate && (
          <>
            <Form.Item label="容缺材料" required extra="申请人须在补齐期限内提交以下材料，部门逐项登记补齐">
              <Form.List name="missingItems">
                {(items, { add, remove }, { errors }) => (
                  <Space orientation="vertical" style={{ width: "100%" }}>
                    {items.map((item, i) => (
                      <Space key={item.key} align="start">
                        <Form.Item name={[item.name, "name"]} style={{ marginBottom: 0 }}>
                          <Input data-testid={`commitment-form-item-${i}`} maxLength={60} placeholder="材料名称，如：营业执照副本" style={{ width: 360 }} />
                        </Form.Item>
                        {items.length > 1 && (
                          <Button type="link" danger onClick={() => remove(item.name)} data-testid={`commitment-form-item-remove-${i}`}>
                            删除
                          </Button>
                        )}
                      </Space>
                    ))}
                    {items.length < 20 && (
                      <Button type="dashed" onClick={() => add({ name: "" })} data-testid="commitment-form-item-add">
                        + 添加材料
                      </Button>
                    )}
                    <Form.ErrorList errors={errors} />
                  </Space>
                )}
              </Form.List>
            </Form.Item>
            <Form.Item label="补齐期限" name="dueDate" required extra={`最迟 ${latest.format("YYYY-MM-DD")}（${TOLERATE_MISSING_MAX_DAYS}天内，北京时间当日24时截止）`}>
              <DatePicker
                data-testid="commitment-form-due-date"
                style={{ width: 200 }}
                disabledDate={(d) => d.isBefore(dayjs(today), "day") || d.isAfter(latest, "day")}
              />
            </Form.Item>
          </>
        )}
        <Form.Item label="信用承诺书" name="commitmentText" required extra="申请人在小程序中阅读并签署这段文字，受理后不能修改">
          <Input.TextArea data-testid="commitment-form-text" maxLength={5000} showCount autoSize={{ minRows: 5, maxRows: 12 }} />
        </Form.Item>
        <Typography.Paragraph type="secondary">受理后，申请人将在“信易+”小程序收到签署提醒。</Typography.Paragraph>
        <Button type="primary" loading={busy} onClick={() => void submit()} data-testid="commitment-form-submit">
          受理并发送承诺书
        </Button>
      </Form>
    </Card>
  );
}
