import { useMemo, useState } from "react";
import { App, Button, Card, Checkbox, Divider, Form, Input, InputNumber, Select, Space, Switch, Typography } from "antd";
import { useNavigate } from "react-router-dom";
import {
  GUARANTEE_MODES,
  GUARANTEE_MODE_LABELS,
  LOAN_APPLICANT_KINDS,
  LOAN_APPLICANT_KIND_LABELS,
  REPAYMENT_MODES,
  REPAYMENT_MODE_LABELS,
  YUNNAN_PREFECTURES,
  ZLoanProductCreateRequest,
  ZLoanProductUpdateRequest,
  type TLoanProduct,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { createLoanProduct, updateLoanProduct } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { RuleBuilder } from "../../../components/RuleBuilder";
import { EditorFormBanners, EditorFormButtons, RulePreviewAlert, useRuleFormIssues, useRulePreview } from "../../../components/RuleEditorForm";
import { isStaleProductError } from "../../../lib/loans";
import { GradeTiersField } from "./GradeTiersField";
import { MATERIAL_SUGGESTIONS, definitionFrom, newProductValues, productFieldKey, valuesFromProduct, type ProductFormValues } from "./productForm";

const guaranteeOptions = GUARANTEE_MODES.map((m) => ({ value: m, label: GUARANTEE_MODE_LABELS[m] }));
const applicantOptions = LOAN_APPLICANT_KINDS.map((k) => ({ value: k, label: LOAN_APPLICANT_KIND_LABELS[k] }));
const repaymentOptions = REPAYMENT_MODES.map((m) => ({ value: m, label: REPAYMENT_MODE_LABELS[m] }));
const materialOptions = MATERIAL_SUGGESTIONS.map((m) => ({ value: m, label: m }));

/** 新建产品 / 编辑产品: every field of a product, checked with the shared schema before it is sent. */
export function ProductForm({ product, reload }: { product: TLoanProduct | null; reload: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const [form] = Form.useForm<ProductFormValues>();
  const [submitting, setSubmitting] = useState(false);

  const bank = user?.partner;
  const initialValues = useMemo<ProductFormValues>(() => (product ? valuesFromProduct(product) : user ? newProductValues(user) : {}), [product, user]);
  // A bank offers products where it is allowed to serve: its own prefectures, or anywhere when it serves the whole province.
  const prefectureOptions = useMemo(
    () => YUNNAN_PREFECTURES.filter((p) => !bank || bank.provinceWide || bank.prefectureCodes.includes(p.code)).map((p) => ({ value: p.code, label: p.name })),
    [bank],
  );

  const provinceWide = Form.useWatch("provinceWide", form) ?? false;
  const rulePreview = useRulePreview(form, initialValues.rule);
  const { formError, setFormError, ruleErrors, showIssues, onValuesChange } = useRuleFormIssues(form, productFieldKey, "申请条件");

  const onFinish = async (values: ProductFormValues) => {
    setFormError(null);
    const definition = definitionFrom(values);
    let send: () => Promise<TLoanProduct>;
    if (product) {
      const parsed = ZLoanProductUpdateRequest.safeParse({ ...definition, expectedVersion: product.version });
      if (!parsed.success) return showIssues(parsed.error.issues, "请检查以下内容");
      const body = parsed.data;
      send = () => updateLoanProduct(product.id, body);
    } else {
      const parsed = ZLoanProductCreateRequest.safeParse(definition);
      if (!parsed.success) return showIssues(parsed.error.issues, "请检查以下内容");
      const body = parsed.data;
      send = () => createLoanProduct(body);
    }
    setSubmitting(true);
    try {
      const saved = await send();
      message.success(product ? `已保存“${saved.name}”（第 ${saved.version} 版）` : `产品“${saved.name}”已创建，当前为草稿`);
      navigate(`/loans/products/${saved.id}`);
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) showIssues(err.issues, err.message);
      else if (isStaleProductError(err)) {
        setFormError({ title: "已被他人处理，请刷新", lines: ["该产品已被他人修改或状态已变化。重新加载将显示最新内容（本页未保存的修改会丢失）。"], conflict: true });
      } else setFormError({ title: errorMessage(err), lines: [] });
    } finally {
      setSubmitting(false);
    }
  };

  const backTo = product ? `/loans/products/${product.id}` : "/loans/products";
  // A range is two boxes; each end shows its own message ("上限不能小于下限" sits under the upper one).
  const rangeItem = (label: string, min: keyof ProductFormValues, max: keyof ProductFormValues, tid: string, unit: { suffix: string; precision: number; step?: number }) => (
    <Form.Item label={label} required style={{ marginBottom: 16 }}>
      <Space align="start">
        <Form.Item name={min} style={{ marginBottom: 0 }}>
          <InputNumber<number> data-testid={`${tid}-min`} min={0} placeholder="下限" style={{ width: 150 }} {...unit} />
        </Form.Item>
        <span style={{ lineHeight: "32px" }}>至</span>
        <Form.Item name={max} style={{ marginBottom: 0 }}>
          <InputNumber<number> data-testid={`${tid}-max`} min={0} placeholder="上限" style={{ width: 150 }} {...unit} />
        </Form.Item>
      </Space>
    </Form.Item>
  );

  return (
    <Card title={product ? `编辑产品：${product.name}` : "新建贷款产品"} extra={<Button onClick={() => navigate(backTo)}>{product ? "返回详情" : "返回列表"}</Button>}>
      <EditorFormBanners item={product} formError={formError} testId="loan-product-form-error" reload={reload} />
      <Form<ProductFormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={onFinish}
        onValuesChange={(changed: Partial<ProductFormValues>) => void onValuesChange(changed)}
        disabled={submitting}
        style={{ maxWidth: 960 }}
      >
        <Divider titlePlacement="start">基本信息</Divider>
        <Form.Item label="产品名称" name="name" required>
          <Input data-testid="loan-product-form-name" placeholder="如：云税贷" maxLength={40} showCount />
        </Form.Item>
        <Form.Item label="产品说明" name="description">
          <Input.TextArea data-testid="loan-product-form-description" placeholder="向申请人介绍产品特点、适用场景" autoSize={{ minRows: 2, maxRows: 8 }} maxLength={2000} showCount />
        </Form.Item>
        <Space size="large" align="start" wrap>
          <Form.Item label="担保方式" name="guaranteeModes" required>
            <Checkbox.Group data-testid="loan-product-form-guarantee" options={guaranteeOptions} />
          </Form.Item>
          <Form.Item label="申请人类型" name="applicantKinds" required>
            <Checkbox.Group data-testid="loan-product-form-applicants" options={applicantOptions} />
          </Form.Item>
        </Space>

        <Divider titlePlacement="start">额度、期限与利率</Divider>
        <Space size="large" align="start" wrap>
          {rangeItem("贷款额度（万元）", "amountMin", "amountMax", "loan-product-form-amount", { suffix: "万元", precision: 2 })}
          {rangeItem("贷款期限（月）", "termMin", "termMax", "loan-product-form-term", { suffix: "个月", precision: 0 })}
          {rangeItem("年利率（%）", "rateMin", "rateMax", "loan-product-form-rate", { suffix: "%", precision: 2, step: 0.05 })}
        </Space>
        <Form.Item label="还款方式" name="repaymentModes" required>
          <Checkbox.Group data-testid="loan-product-form-repayment" options={repaymentOptions} />
        </Form.Item>
        <Form.Item label="按信用等级定额定价（可选）" extra="不在分档中的申请人按产品的额度和利率区间办理；分档的额度不超过产品上限，利率在产品区间内。">
          <GradeTiersField form={form} />
        </Form.Item>

        <Divider titlePlacement="start">服务地区与申请条件</Divider>
        <Space size="large" align="start" wrap>
          {(!bank || bank.provinceWide) && (
            <Form.Item label="全省适用" name="provinceWide" valuePropName="checked">
              <Switch data-testid="loan-product-form-province-wide" />
            </Form.Item>
          )}
          {!provinceWide && (
            <Form.Item label="服务州市" name="prefectureCodes" required style={{ minWidth: 420 }} extra={bank && !bank.provinceWide ? "可选本行服务的州市" : undefined}>
              <Select data-testid="loan-product-form-prefectures" mode="multiple" placeholder="请选择服务的州市" options={prefectureOptions} optionFilterProp="label" virtual={false} allowClear />
            </Form.Item>
          )}
        </Space>
        <Form.Item label="申请条件" name="rule" extra="失信联合惩戒名单中的主体始终不能申请（逢办必查），无需另设条件。">
          <RuleBuilder errors={ruleErrors} verb="申请" />
        </Form.Item>
        <RulePreviewAlert testId="loan-product-form-rule-preview" preview={rulePreview} />

        <Divider titlePlacement="start">办理要求</Divider>
        <Form.Item label="所需材料" name="materials" extra="可从建议中选择，也可直接输入后回车">
          <Select data-testid="loan-product-form-materials" mode="tags" options={materialOptions} placeholder="如：营业执照" tokenSeparators={["，", ","]} virtual={false} />
        </Form.Item>
        <Form.Item label="承诺首次响应时间" name="responseDays" required extra="自申请次日起算的工作日（北京时间，不含节假日），逾期未受理或拒绝将提示申请人和州市。">
          <InputNumber<number> data-testid="loan-product-form-response-days" min={1} max={30} precision={0} suffix="个工作日" placeholder="如 3" style={{ width: 170 }} />
        </Form.Item>

        <EditorFormButtons prefix="loan-product-form" editing={product !== null} submitting={submitting} onCancel={() => navigate(backTo)} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0 }}>
          保存后为草稿；提交审核并通过后，本行即可发布。每次修改都会生成新版本。
        </Typography.Paragraph>
      </Form>
    </Card>
  );
}
