import { useCallback, useMemo } from "react";
import { Card, Space, Table, Tag, Typography, type TableColumnsType } from "antd";
import { Link, useNavigate } from "react-router-dom";
import {
  GUARANTEE_MODE_LABELS,
  LOAN_APPLICANT_KIND_LABELS,
  LOAN_PRODUCT_STATUSES,
  LOAN_PRODUCT_STATUS_LABELS,
  type TLoanProduct,
  type TLoanProductStatus,
} from "@xinyi/shared";
import { listLoanProducts } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LoadError } from "../../../components/LoadError";
import { ReviewListToolbar, actionsColumn, listPagination, newestFirst, regionsColumn, statusVersionColumn, useStatusParam } from "../../../components/ReviewListParts";
import { LOAN_PRODUCT_STATUS_COLORS, canEditProduct, formatRange, productActionsFor } from "../../../lib/loans";
import { BANK_MANAGER } from "../../../lib/roles";
import { rowTestId } from "../../../lib/testId";
import { useLoad } from "../../../lib/useLoad";
import { ProductActions } from "./ProductActions";


/**
 * 贷款产品 (a bank manager's own products, an administrator's in scope) and, with `review`,
 * 产品审核: products submitted and waiting for this administrator's decision.
 */
export function ProductListPage({ review = false }: { review?: boolean }) {
  const user = useCurrentUser();
  const navigate = useNavigate();
  const filter = useStatusParam(LOAN_PRODUCT_STATUSES, LOAN_PRODUCT_STATUS_LABELS, review);
  const { status } = filter;
  const fetchProducts = useCallback(() => listLoanProducts(status), [status]);
  const { data: items, setData: setItems, loading, loadError, load } = useLoad<TLoanProduct[]>(fetchProducts, []);

  const rows = useMemo(
    () =>
      items
        // The review queue holds only what this administrator answers for (the platform: wider scopes).
        .filter((p) => (!status || p.status === status) && (!review || (user !== null && productActionsFor(user, p).includes("approve"))))
        .sort(newestFirst),
    [items, status, review, user],
  );

  const onChanged = useCallback((updated: TLoanProduct) => setItems((prev) => prev.map((p) => (p.id === updated.id ? updated : p))), [setItems]);

  if (!user) return null;
  const isBank = BANK_MANAGER(user);

  const columns: TableColumnsType<TLoanProduct> = [
    {
      title: "产品名称",
      dataIndex: "name",
      width: 160,
      render: (name: string, p) => (
        <div>
          <Link to={`/loans/products/${p.id}`} data-testid="loan-product-name">
            {name}
          </Link>
          {!isBank && (
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              {p.bankName}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      title: "担保方式 / 申请人",
      key: "kinds",
      width: 150,
      render: (_: unknown, p) => (
        <Space size={[0, 4]} wrap>
          {p.guaranteeModes.map((m) => (
            <Tag key={m} color="blue">
              {GUARANTEE_MODE_LABELS[m]}
            </Tag>
          ))}
          {p.applicantKinds.map((k) => (
            <Tag key={k}>{LOAN_APPLICANT_KIND_LABELS[k]}</Tag>
          ))}
        </Space>
      ),
    },
    { title: "额度", key: "amount", width: 120, render: (_: unknown, p) => <span style={{ whiteSpace: "nowrap" }}>{formatRange(p.amountWan, " 万元")}</span> },
    { title: "年利率", key: "rate", width: 110, render: (_: unknown, p) => <span style={{ whiteSpace: "nowrap" }}>{formatRange(p.annualRate, "%", 2)}</span> },
    { title: "期限", key: "term", width: 100, render: (_: unknown, p) => <span style={{ whiteSpace: "nowrap" }}>{formatRange(p.termMonths, " 个月")}</span> },
    regionsColumn("服务地区", 100),
    { title: "承诺响应", dataIndex: "responseDays", width: 90, render: (days: number) => <span style={{ whiteSpace: "nowrap" }}>{days} 个工作日</span> },
    statusVersionColumn<TLoanProductStatus, TLoanProduct>({
      title: "状态",
      width: 80,
      colors: LOAN_PRODUCT_STATUS_COLORS,
      labels: LOAN_PRODUCT_STATUS_LABELS,
      testIdPrefix: "loan-product",
    }),
    actionsColumn<TLoanProduct>({
      width: 130,
      testIdPrefix: "loan-product",
      canEdit: (p) => canEditProduct(user, p),
      onEdit: (p) => navigate(`/loans/products/${p.id}/edit`),
      actions: (p) => <ProductActions product={p} onChanged={onChanged} onStale={() => void load()} />,
    }),
  ];

  const note = review
    ? "银行提交、等待您审核的贷款产品。请核对额度、利率、申请条件和服务地区后通过或驳回（驳回需填写原因）。单一州市的产品由该州市审核，多个州市或全省的产品由平台审核。"
    : isBank
      ? "本行的贷款产品。新建后为草稿，提交审核并通过后即可发布。"
      : user.role === "regional_admin" && user.prefectureName
        ? `服务${user.prefectureName}的贷款产品（含全省产品）。`
        : "各银行的贷款产品。";

  return (
    <Card
      title={review ? "产品审核" : "贷款产品"}
      extra={
        <ReviewListToolbar
          prefix="loan-product"
          review={review}
          filter={filter}
          loading={loading}
          onReload={() => void load()}
          create={!review && isBank ? { label: "新建产品", onClick: () => navigate("/loans/products/new") } : undefined}
        />
      }
    >
      <Typography.Paragraph type="secondary">{note}</Typography.Paragraph>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <Table<TLoanProduct>
        rowKey="id"
        columns={columns}
        dataSource={rows}
        loading={loading}
        data-testid={review ? "loan-review-table" : "loan-product-table"}
        onRow={(p) => rowTestId(`loan-product-row-${p.id}`)}
        pagination={listPagination("个产品")}
        locale={{
          emptyText: loading
            ? " "
            : loadError
              ? "未能加载"
              : review
                ? "暂无待审核的贷款产品"
                : status
                  ? `暂无“${LOAN_PRODUCT_STATUS_LABELS[status]}”的产品`
                  : isBank
                    ? "暂无产品，点击“新建产品”创建本行第一个贷款产品"
                    : "暂无贷款产品",
        }}
        scroll={{ x: 1040 }}
      />
    </Card>
  );
}
