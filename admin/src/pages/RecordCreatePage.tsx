import { useMemo, useState } from "react";
import { Alert, App, Button, Card, DatePicker, Form, Input, Radio, Select, Space, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { Link } from "react-router-dom";
import {
  PENALTY_SEVERITIES,
  PENALTY_SEVERITY_LABELS,
  RECORD_KINDS,
  RECORD_KIND_LABELS,
  SUBJECT_KINDS,
  TAX_GRADES,
  YUNNAN_PREFECTURES,
  ZCreditRecordCreateRequest,
  checkUscc,
  type TCreditRecord,
  type TPenaltySeverity,
  type TPrefectureCode,
  type TRecordKind,
  type TSubjectKind,
  type TTaxGrade,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { createCreditRecord } from "../api/credit";
import { FormErrorAlert } from "../components/FormErrorAlert";
import { useCurrentUser } from "../api/useSession";
import { SUBJECT_KIND_LABELS, recordKindLabel } from "../lib/credit";
import { mapIssuesToFields } from "../lib/formErrors";

interface RecordFormValues {
  subjectKind: TSubjectKind;
  idNumber?: string;
  uscc?: string;
  name?: string;
  prefectureCode?: TPrefectureCode;
  kind?: TRecordKind;
  severity?: TPenaltySeverity;
  taxGrade?: TTaxGrade;
  title?: string;
  sourceDept?: string;
  docNo?: string;
  decidedAt?: Dayjs | null;
  publishedAt?: Dayjs | null;
  validUntil?: Dayjs | null;
}

const FIELDS = [
  "subjectKind",
  "idNumber",
  "uscc",
  "name",
  "prefectureCode",
  "kind",
  "severity",
  "taxGrade",
  "title",
  "sourceDept",
  "docNo",
  "decidedAt",
  "publishedAt",
  "validUntil",
] as const;
type TField = (typeof FIELDS)[number];

/** Issue path (client zod or server `body.*`, already without "body") → form field. */
function fieldForPath(segments: string[]): TField | undefined {
  const [first, second] = segments;
  if (first === "subject") {
    if (second === "idNumber" || second === "uscc" || second === "name") return second;
    return "subjectKind";
  }
  return (FIELDS as readonly string[]).includes(first ?? "") ? (first as TField) : undefined;
}

const DATE = "YYYY-MM-DD";
const day = (d: Dayjs | null | undefined) => (d ? d.format(DATE) : undefined);

const kindOptions = RECORD_KINDS.map((k) => ({ value: k, label: RECORD_KIND_LABELS[k] }));
const prefectureOptions = YUNNAN_PREFECTURES.map((p) => ({ value: p.code, label: p.name }));
const taxGradeOptions = TAX_GRADES.map((g) => ({ value: g, label: `${g} 级` }));

export function RecordCreatePage() {
  const { message } = App.useApp();
  const user = useCurrentUser();
  const [form] = Form.useForm<RecordFormValues>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<{ title: string; lines: string[] } | null>(null);
  const [created, setCreated] = useState<TCreditRecord | null>(null);

  // A regional administrator enters records for their own prefecture only: preselected and fixed.
  const fixedPrefecture = user?.role === "regional_admin" ? user.prefectureCode : undefined;
  const initialValues = useMemo<RecordFormValues>(
    () => ({ subjectKind: "citizen", ...(fixedPrefecture ? { prefectureCode: fixedPrefecture } : {}) }),
    [fixedPrefecture],
  );

  const subjectKind = Form.useWatch("subjectKind", form) ?? "citizen";
  const kind = Form.useWatch("kind", form);
  const uscc = Form.useWatch("uscc", form);
  const decidedAt = Form.useWatch("decidedAt", form);

  const usccWarning = useMemo(() => {
    const code = (uscc ?? "").trim().toUpperCase();
    if (code.length !== 18) return undefined;
    const check = checkUscc(code);
    return check.ok ? undefined : `${check.reason}：如为试点期代码仍可录入，之后需在主体详情中人工确认`;
  }, [uscc]);

  const validUntilPresets = useMemo(() => {
    if (!decidedAt) return [];
    return [
      { label: "决定后 3 个月", value: decidedAt.add(3, "month") },
      { label: "决定后 1 年", value: decidedAt.add(1, "year") },
      { label: "决定后 3 年", value: decidedAt.add(3, "year") },
    ];
  }, [decidedAt]);

  const showFieldErrors = (issues: readonly { path: string | readonly PropertyKey[]; message: string }[], bannerTitle: string) => {
    const { fields, unmatched } = mapIssuesToFields<TField>(issues, fieldForPath);
    form.setFields(FIELDS.map((name) => ({ name, errors: fields[name] ?? [] })));
    setFormError(unmatched.length > 0 ? { title: bannerTitle, lines: unmatched } : null);
    const firstField = FIELDS.find((name) => fields[name]);
    if (firstField) form.scrollToField(firstField);
  };

  const onFinish = async (values: RecordFormValues) => {
    setFormError(null);
    setCreated(null);
    const candidate = {
      subject:
        values.subjectKind === "citizen"
          ? { kind: "citizen" as const, idNumber: values.idNumber ?? "", name: values.name ?? "" }
          : { kind: "enterprise" as const, uscc: values.uscc ?? "", name: values.name ?? "" },
      prefectureCode: fixedPrefecture ?? values.prefectureCode,
      kind: values.kind,
      severity: values.kind === "penalty" ? values.severity : undefined,
      taxGrade: values.kind === "tax_grade" ? values.taxGrade : undefined,
      title: values.title ?? "",
      sourceDept: values.sourceDept ?? "",
      docNo: values.docNo ?? "",
      decidedAt: day(values.decidedAt) ?? "",
      publishedAt: day(values.publishedAt),
      validUntil: day(values.validUntil),
    };
    const parsed = ZCreditRecordCreateRequest.safeParse(candidate);
    if (!parsed.success) {
      showFieldErrors(parsed.error.issues, "请检查以下内容");
      return;
    }
    setSubmitting(true);
    try {
      const record = await createCreditRecord(parsed.data);
      setCreated(record);
      message.success(`已录入：${recordKindLabel(record.kind)} · ${record.title}`);
      // Ready for the next record: keep the subject kind and prefecture, clear the rest.
      form.resetFields(FIELDS.filter((f) => f !== "subjectKind" && f !== "prefectureCode"));
      window.scrollTo({ top: 0, behavior: "smooth" });
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
    <Card title="录入信用记录">
      {created && (
        <Alert
          type="success"
          showIcon
          data-testid="record-form-success"
          title={`已录入“${created.title}”（${recordKindLabel(created.kind)}，文书号 ${created.docNo}）`}
          description={
            created.late ? "公示日期晚于决定后7个工作日，该记录已标记为“逾期公示”。" : "信用主体的评价已按新记录更新。"
          }
          action={
            <Link to={`/subjects/${created.subjectId}`} data-testid="record-form-open-subject">
              查看信用主体
            </Link>
          }
          style={{ marginBottom: 24 }}
        />
      )}
      {formError && (
        <FormErrorAlert testId="record-form-error" title={formError.title} lines={formError.lines} />
      )}
      <Form<RecordFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<RecordFormValues>) =>
          form.setFields(FIELDS.filter((name) => name in changed).map((name) => ({ name, errors: [] })))
        }
        disabled={submitting}
        style={{ maxWidth: 760 }}
        autoComplete="off"
        // Enter confirms a typed date in the pickers; it must not submit a half-filled record.
        onKeyDown={(e) => {
          if (e.key === "Enter" && e.target instanceof HTMLInputElement) e.preventDefault();
        }}
      >
        <Typography.Title level={5}>信用主体</Typography.Title>
        <Form.Item label="主体类型" name="subjectKind" required>
          <Radio.Group
            data-testid="record-form-subject-kind"
            optionType="button"
            options={SUBJECT_KINDS.map((k) => ({ value: k, label: SUBJECT_KIND_LABELS[k] }))}
          />
        </Form.Item>
        <Space size="large" align="start" wrap>
          {subjectKind === "citizen" ? (
            <Form.Item label="身份证号" name="idNumber" required extra="仅用于匹配主体，系统加密保存，不会完整显示">
              <Input data-testid="record-form-id-number" placeholder="18位居民身份证号码" maxLength={18} style={{ width: 300 }} />
            </Form.Item>
          ) : (
            <Form.Item
              label="统一社会信用代码"
              name="uscc"
              required
              style={{ maxWidth: 300 }}
              {...(usccWarning ? { validateStatus: "warning" as const, help: usccWarning } : {})}
            >
              <Input data-testid="record-form-uscc" placeholder="18位统一社会信用代码" maxLength={18} style={{ width: 300 }} />
            </Form.Item>
          )}
          <Form.Item label={subjectKind === "citizen" ? "姓名" : "企业名称"} name="name" required>
            <Input data-testid="record-form-name" placeholder={subjectKind === "citizen" ? "如：张明" : "如：昆明某某商贸有限公司"} style={{ width: 300 }} />
          </Form.Item>
        </Space>
        <Form.Item
          label="州市"
          name="prefectureCode"
          required
          extra={fixedPrefecture ? "州市管理员只能录入本州市的信用记录" : undefined}
        >
          <Select<TPrefectureCode>
            data-testid="record-form-prefecture"
            placeholder="请选择州市"
            options={prefectureOptions}
            showSearch={{ optionFilterProp: "label" }}
            disabled={fixedPrefecture !== undefined}
            virtual={false}
            style={{ width: 300 }}
          />
        </Form.Item>

        <Typography.Title level={5}>记录内容</Typography.Title>
        <Space size="large" align="start" wrap>
          <Form.Item label="记录类型" name="kind" required>
            <Select<TRecordKind> data-testid="record-form-kind" placeholder="请选择记录类型" options={kindOptions} virtual={false} style={{ width: 220 }} />
          </Form.Item>
          {kind === "penalty" && (
            <Form.Item label="严重程度" name="severity" required extra="一般：公示3个月至1年；严重：1至3年">
              <Radio.Group
                data-testid="record-form-severity"
                optionType="button"
                options={PENALTY_SEVERITIES.map((s) => ({ value: s, label: PENALTY_SEVERITY_LABELS[s] }))}
              />
            </Form.Item>
          )}
          {kind === "tax_grade" && (
            <Form.Item label="纳税信用等级" name="taxGrade" required>
              <Select<TTaxGrade> data-testid="record-form-tax-grade" placeholder="请选择等级" options={taxGradeOptions} virtual={false} style={{ width: 160 }} />
            </Form.Item>
          )}
        </Space>
        <Form.Item label="事由" name="title" required>
          <Input data-testid="record-form-title" placeholder="如：未按规定办理食品经营许可变更" maxLength={200} showCount />
        </Form.Item>
        <Space size="large" align="start" wrap>
          <Form.Item label="来源部门" name="sourceDept" required>
            <Input data-testid="record-form-source-dept" placeholder="如：昆明市市场监督管理局" maxLength={60} style={{ width: 300 }} />
          </Form.Item>
          <Form.Item label="文书号" name="docNo" required extra="与来源部门一起唯一确定一条记录">
            <Input data-testid="record-form-doc-no" placeholder="如：昆市监罚〔2026〕118号" maxLength={80} style={{ width: 300 }} />
          </Form.Item>
        </Space>
        <Space size="large" align="start" wrap>
          <Form.Item label="决定日期" name="decidedAt" required>
            <DatePicker data-testid="record-form-decided-at" format={DATE} placeholder="选择日期" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="公示日期" name="publishedAt" extra="双公示：应在决定后7个工作日内公示">
            <DatePicker data-testid="record-form-published-at" format={DATE} placeholder="选择日期" style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="公示截止日期" name="validUntil" extra="期满后不再计入评分">
            <DatePicker
              data-testid="record-form-valid-until"
              format={DATE}
              placeholder="选择日期"
              presets={validUntilPresets}
              style={{ width: 200 }}
            />
          </Form.Item>
        </Space>
        <Form.Item style={{ marginBottom: 0 }}>
          <Space>
            <Button type="primary" htmlType="submit" loading={submitting} data-testid="record-form-submit">
              提交
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFormError(null);
              }}
              disabled={submitting}
            >
              清空
            </Button>
          </Space>
        </Form.Item>
      </Form>
    </Card>
  );
}
