import { useCallback } from "react";
import { Button, Card, Result, Spin } from "antd";
import { Link, useParams } from "react-router-dom";
import { LOAN_PRODUCT_STATUS_LABELS, type TLoanProduct } from "@xinyi/shared";
import { getLoanProduct } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LoadError } from "../../../components/LoadError";
import { canEditProduct } from "../../../lib/loans";
import { useLoad } from "../../../lib/useLoad";
import { ProductForm } from "./ProductForm";

/** 新建产品 (/loans/products/new) and 编辑产品 (/loans/products/:id/edit, drafts and rejected ones). */
export function ProductEditorPage() {
  const { id } = useParams<{ id: string }>();
  if (!id) return <ProductForm key="new" product={null} reload={() => undefined} />;
  return <ExistingProductEditor id={id} />;
}

function ExistingProductEditor({ id }: { id: string }) {
  const user = useCurrentUser();
  const fetchProduct = useCallback(() => getLoanProduct(id), [id]);
  const { data: product, loading, loadError, load } = useLoad<TLoanProduct | null>(fetchProduct, null);

  if (!user) return null;
  if (loadError) {
    return (
      <Card title="编辑产品">
        <LoadError message={loadError} onRetry={() => void load()} />
      </Card>
    );
  }
  if (!product || loading) {
    return (
      <Card title="编辑产品">
        <Spin />
      </Card>
    );
  }
  if (!canEditProduct(user, product)) {
    return (
      <Card title="编辑产品">
        <Result
          status="warning"
          title="该产品当前不能修改"
          subTitle={`状态为“${LOAN_PRODUCT_STATUS_LABELS[product.status]}”：只有草稿或被驳回的产品可以由本行修改。`}
          extra={
            <Link to={`/loans/products/${product.id}`}>
              <Button type="primary">查看产品</Button>
            </Link>
          }
        />
      </Card>
    );
  }
  return <ProductForm key={`${product.id}:${product.version}`} product={product} reload={() => void load()} />;
}
