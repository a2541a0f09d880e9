import type { TLoanProduct } from "@xinyi/shared";
import { transitionLoanProduct } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LifecycleActions } from "../../../components/LifecycleActions";
import { PRODUCT_ACTION_HINTS, STALE_PRODUCT_CODES, productActionsFor } from "../../../lib/loans";

/** A product's workflow buttons for the signed-in user: the bank's (submit, publish, pause, resume, end) or the reviewer's. */
export function ProductActions({
  product,
  onChanged,
  onStale,
  size = "small",
}: {
  product: TLoanProduct;
  onChanged: (updated: TLoanProduct) => void;
  onStale: () => void;
  size?: "small" | "middle";
}) {
  const user = useCurrentUser();
  if (!user) return null;
  return (
    <LifecycleActions<TLoanProduct>
      item={{ id: product.id, version: product.version, title: product.name }}
      actions={productActionsFor(user, product)}
      hints={PRODUCT_ACTION_HINTS}
      send={(body) => transitionLoanProduct(product.id, body)}
      describe={(updated) => updated.name}
      staleCodes={STALE_PRODUCT_CODES}
      onChanged={onChanged}
      onStale={onStale}
      testIdPrefix="loan-product"
      rejectPlaceholder="请填写驳回原因，银行将看到此说明"
      size={size}
    />
  );
}
