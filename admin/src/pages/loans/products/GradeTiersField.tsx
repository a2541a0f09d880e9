import { Button, Form, InputNumber, Space, Typography, type FormInstance } from "antd";
import { TierGradesItem } from "../../../components/RuleEditorForm";
import type { ProductFormValues, TierValues } from "./productForm";

/** 云税贷-style tiers (A: up to 300万 from 3.45%, B: up to 100万 from 3.85%) as a starting point. */
const EXAMPLE_TIERS: TierValues[] = [
  { grades: ["A"], maxAmountWan: 300, minRate: 3.45 },
  { grades: ["B"], maxAmountWan: 100, minRate: 3.85 },
];

/** 按信用等级定额定价: each row gives some grades a ceiling amount and a floor rate within the product's ranges. */
export function GradeTiersField({ form }: { form: FormInstance<ProductFormValues> }) {
  return (
    <Form.List name="gradeTiers">
      {(fields, { add, remove }) => (
        <div data-testid="loan-product-form-tiers">
          {fields.length > 0 && (
            <Space style={{ display: "flex", marginBottom: 4 }}>
              <Typography.Text type="secondary" style={{ width: 260, display: "inline-block" }}>
                适用等级
              </Typography.Text>
              <Typography.Text type="secondary" style={{ width: 160, display: "inline-block" }}>
                最高额度
              </Typography.Text>
              <Typography.Text type="secondary">最低年利率</Typography.Text>
            </Space>
          )}
          {fields.map((field, index) => (
            <Space key={field.key} align="start" wrap style={{ display: "flex", marginBottom: 4 }}>
              <TierGradesItem name={field.name} testId={`loan-product-form-tier-grades-${index}`} />
              <Form.Item name={[field.name, "maxAmountWan"]} style={{ marginBottom: 8 }}>
                <InputNumber<number> data-testid={`loan-product-form-tier-amount-${index}`} min={0} precision={2} placeholder="最高额度" suffix="万元" style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name={[field.name, "minRate"]} style={{ marginBottom: 8 }}>
                <InputNumber<number> data-testid={`loan-product-form-tier-rate-${index}`} min={0} max={36} precision={2} step={0.05} placeholder="最低利率" suffix="%" style={{ width: 140 }} />
              </Form.Item>
              <Button type="link" danger onClick={() => remove(field.name)}>
                删除
              </Button>
            </Space>
          ))}
          <Space>
            <Button type="dashed" data-testid="loan-product-form-tier-add" onClick={() => add({ grades: [] })} disabled={fields.length >= 10}>
              + 添加分档
            </Button>
            {fields.length === 0 && (
              <Button type="link" onClick={() => form.setFieldValue("gradeTiers", EXAMPLE_TIERS)}>
                填入示例：A 级最高300万元起3.45%、B 级最高100万元起3.85%
              </Button>
            )}
          </Space>
        </div>
      )}
    </Form.List>
  );
}
