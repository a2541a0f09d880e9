import { ratePct, wan } from "../lib/loans";
import { DetailRow } from "./DetailRow";

/**
 * What a bank granted or offered (授信结果, a demand's 报价): amount, yearly rate and term as detail rows,
 * with test ids `<testIdPrefix>-amount`, `-rate`, `-term`.
 */
export function LoanTermsRows({
  block,
  amountLabel,
  testIdPrefix,
  terms,
}: {
  block: string;
  amountLabel: string;
  testIdPrefix: string;
  terms: { amountWan: number; annualRate: number; termMonths: number };
}) {
  return (
    <>
      <DetailRow block={block} label={amountLabel} testId={`${testIdPrefix}-amount`}>
        {wan(terms.amountWan)} 万元
      </DetailRow>
      <DetailRow block={block} label="年利率" testId={`${testIdPrefix}-rate`}>
        {ratePct(terms.annualRate)}
      </DetailRow>
      <DetailRow block={block} label="期限" testId={`${testIdPrefix}-term`}>
        {terms.termMonths} 个月
      </DetailRow>
    </>
  );
}
