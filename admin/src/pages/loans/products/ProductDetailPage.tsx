import { useCallback, useState } from "react";
import { Alert, Button, Card, Descriptions, Space, Spin, Table, Tag, Typography } from "antd";
import { useNavigate, useParams } from "react-router-dom";
import {
  GUARANTEE_MODE_LABELS,
  LOAN_APPLICANT_KIND_LABELS,
  LOAN_PRODUCT_STATUS_LABELS,
  REPAYMENT_MODE_LABELS,
  type TLoanGradeTier,
  type TLoanProduct,
} from "@xinyi/shared";
import { getLoanProduct, loanProductHistory } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LoadError } from "../../../components/LoadError";
import { WorkflowHistory } from "../../../components/WorkflowHistory";
import { regionNames } from "../../../lib/format";
import { LOAN_PRODUCT_STATUS_COLORS, canEditProduct, formatBeijing, formatRange, formatRate, formatWan } from "../../../lib/loans";
import { BANK_MANAGER } from "../../../lib/roles";
import { useLoad } from "../../../lib/useLoad";
import { ProductActions } from "./ProductActions";

/** 产品详情: the whole definition, its workflow buttons, and every version. */
export function ProductDetailPage() {
  const { id = "" } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const fetchProduct = useCallback(() => getLoanProduct(id), [id]);
  const fetchHistory = useCallback(() => loanProductHistory(id), [id]);
  const { data: product, setData: setProduct, loadError, load } = useLoad<TLoanProduct | null>(fetchProduct, null);
  const [historyKey, setHistoryKey] = useState(0);

  if (!user) return null;
  const backTo = BANK_MANAGER(user) || product?.status !== "submitted" ? "/loans/products" : "/loans/review";
  if (loadError && !product) {
    return (
      <Card title="产品详情" extra={<Button onClick={() => navigate(backTo)}>返回列表</Button>}>
        <LoadError message={loadError} onRetry={() => void load()} />
      </Card>
    );
  }
  if (!product) {
    return (
      <Card title="产品详情">
        <Spin />
      </Card>
    );
  }

  const p = product;
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title={
          <Space wrap>
            <span data-testid="loan-product-detail-name">{p.name}</span>
            <Tag color={LOAN_PRODUCT_STATUS_COLORS[p.status]} data-testid={`loan-product-status-${p.id}`}>
              {LOAN_PRODUCT_STATUS_LABELS[p.status]}
            </Tag>
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }}>
              第 {p.version} 版 · {p.bankName}
            </Typography.Text>
          </Space>
        }
        extra={
          <Space wrap>
            {canEditProduct(user, p) && (
              <Button data-testid={`loan-product-edit-${p.id}`} onClick={() => navigate(`/loans/products/${p.id}/edit`)}>
                编辑
              </Button>
            )}
            <ProductActions
              product={p}
              size="middle"
              onChanged={(updated) => {
                setProduct(updated);
                setHistoryKey((k) => k + 1);
              }}
              onStale={() => {
                void load();
                setHistoryKey((k) => k + 1);
              }}
            />
            <Button onClick={() => navigate(backTo)}>返回列表</Button>
          </Space>
        }
      >
        {p.status === "rejected" && p.rejectionReason && (
          <Alert type="warning" showIcon title={`驳回原因：${p.rejectionReason}`} style={{ marginBottom: 16 }} data-testid="loan-product-rejection" />
        )}
        <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
          <Descriptions.Item label="担保方式">{p.guaranteeModes.map((m) => GUARANTEE_MODE_LABELS[m]).join("、")}</Descriptions.Item>
          <Descriptions.Item label="申请人类型">{p.applicantKinds.map((k) => LOAN_APPLICANT_KIND_LABELS[k]).join("、")}</Descriptions.Item>
          <Descriptions.Item label="贷款额度">{formatRange(p.amountWan, " 万元")}</Descriptions.Item>
          <Descriptions.Item label="年利率">{formatRange(p.annualRate, "%", 2)}</Descriptions.Item>
          <Descriptions.Item label="贷款期限">{formatRange(p.termMonths, " 个月")}</Descriptions.Item>
          <Descriptions.Item label="还款方式">{p.repaymentModes.map((m) => REPAYMENT_MODE_LABELS[m]).join("、")}</Descriptions.Item>
          <Descriptions.Item label="服务地区">{regionNames(p).join("、")}</Descriptions.Item>
          <Descriptions.Item label="承诺首次响应">{p.responseDays} 个工作日</Descriptions.Item>
          <Descriptions.Item label="申请条件" span={2}>
            <span data-testid="loan-product-detail-rule">{p.ruleSummary}</span>
            <Typography.Text type="secondary">（失信名单中的主体始终不能申请）</Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="所需材料" span={2}>
            {p.materials.length > 0 ? (
              <Space size={[0, 4]} wrap>
                {p.materials.map((m) => (
                  <Tag key={m}>{m}</Tag>
                ))}
              </Space>
            ) : (
              "—"
            )}
          </Descriptions.Item>
          <Descriptions.Item label="产品说明" span={2}>
            <Typography.Paragraph style={{ margin: 0, whiteSpace: "pre-wrap" }}>{p.description || "—"}</Typography.Paragraph>
          </Descriptions.Item>
          <Descriptions.Item label="创建时间">{formatBeijing(p.createdAt)}</Descriptions.Item>
          <Descriptions.Item label="发布时间">{formatBeijing(p.publishedAt)}</Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5} style={{ marginTop: 24 }}>
          按信用等级定额定价
        </Typography.Title>
        <Table<TLoanGradeTier>
          size="small"
          rowKey={(t) => t.grades.join(",")}
          pagination={false}
          dataSource={p.gradeTiers}
          data-testid="loan-product-detail-tiers"
          locale={{ emptyText: "未分档：所有符合条件的申请人按产品的额度和利率区间办理" }}
          columns={[
            { title: "适用等级", key: "grades", render: (_: unknown, t) => t.grades.join("、") },
            { title: "最高额度", dataIndex: "maxAmountWan", render: (v: number) => formatWan(v) },
            { title: "最低年利率", dataIndex: "minRate", render: (v: number) => `${formatRate(v)} 起` },
          ]}
          style={{ maxWidth: 640 }}
        />
      </Card>
      <WorkflowHistory
        fetch={fetchHistory}
        reloadKey={historyKey}
        testId="loan-product-history"
        partnerLabel={p.bankName}
        formatTime={(iso) => formatBeijing(iso)}
        footer="每次修改都会生成新版本；贷款申请记录申请时的产品条件。"
      />
    </Space>
  );
}
