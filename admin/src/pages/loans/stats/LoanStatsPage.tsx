import { useCallback, useEffect, useState } from "react";
import { Button, Card, DatePicker, Select, Space, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useSearchParams } from "react-router-dom";
import { YUNNAN_PREFECTURES, type TLoanProduct, type TLoanStats } from "@xinyi/shared";
import { bankResponseTimes, listLoanProducts, loanStats } from "../../../api/loans";
import { useCurrentUser } from "../../../api/useSession";
import { LoadError } from "../../../components/LoadError";
import { beijingToday } from "../../../lib/loans";
import { BANK_MANAGER } from "../../../lib/roles";
import { useLoad } from "../../../lib/useLoad";
import { FunnelSummary } from "./FunnelSummary";
import { LateResponsesTable } from "./LateResponsesTable";
import { ResponseTimesTable } from "./ResponseTimesTable";
import { StatsTable } from "./StatsTable";

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The last six months up to this one (Beijing time). */
function defaultRange(): [string, string] {
  const thisMonth = dayjs(beijingToday()).startOf("month");
  return [thisMonth.subtract(5, "month").format("YYYY-MM"), thisMonth.format("YYYY-MM")];
}

/** 贷款统计: a bank manager's own bank, an administrator's region (the platform: everything); and the public response-time table. */
export function LoanStatsPage() {
  const user = useCurrentUser();
  const [params, setParams] = useSearchParams();
  const [defFrom, defTo] = defaultRange();
  const from = MONTH.test(params.get("from") ?? "") ? (params.get("from") as string) : defFrom;
  const to = MONTH.test(params.get("to") ?? "") ? (params.get("to") as string) : defTo;
  const bankPartnerId = params.get("bankPartnerId") ?? undefined;
  const productId = params.get("productId") ?? undefined;
  const prefectureCode = params.get("prefectureCode") ?? undefined;

  const fetchStats = useCallback(() => loanStats({ from, to, bankPartnerId, productId, prefectureCode }), [from, to, bankPartnerId, productId, prefectureCode]);
  const { data: stats, loading, loadError, load } = useLoad<TLoanStats | null>(fetchStats, null);
  const [banks, setBanks] = useState<{ id: string; name: string }[]>([]);
  const [products, setProducts] = useState<TLoanProduct[]>([]);
  const isBank = user ? BANK_MANAGER(user) : false;

  useEffect(() => {
    // Filter choices only: a failure leaves the filter out, the numbers still show.
    if (isBank) {
      listLoanProducts()
        .then(setProducts)
        .catch(() => undefined);
    } else {
      bankResponseTimes()
        .then((r) => setBanks(r.items.map((b) => ({ id: b.bankPartnerId, name: b.bankName }))))
        .catch(() => undefined);
    }
  }, [isBank]);

  const setFilter = (entries: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(entries)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };

  if (!user) return null;
  const scope = isBank
    ? `${user.partner?.name ?? "本行"}的贷款办理情况。`
    : user.role === "regional_admin" && user.prefectureName
      ? `${user.prefectureName}的贷款办理情况（各银行在本州市的申请）。`
      : "全省的贷款办理情况。";

  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Card
        title="贷款统计"
        extra={
          <Button onClick={() => void load()} disabled={loading}>
            刷新
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{scope}按申请提交的月份统计（北京时间），金额单位为万元。</Typography.Paragraph>
        <Space wrap>
          <DatePicker.RangePicker
            picker="month"
            data-testid="loan-stats-range"
            allowClear={false}
            value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
            onChange={(range: [Dayjs | null, Dayjs | null] | null) => {
              const [a, b] = range ?? [null, null];
              setFilter({ from: a?.format("YYYY-MM"), to: b?.format("YYYY-MM") });
            }}
          />
          {!isBank && banks.length > 0 && (
            <Select<string>
              data-testid="loan-stats-bank"
              allowClear
              placeholder="全部银行"
              value={bankPartnerId}
              style={{ width: 200 }}
              options={banks.map((b) => ({ value: b.id, label: b.name }))}
              onChange={(v) => setFilter({ bankPartnerId: v })}
              virtual={false}
            />
          )}
          {isBank && products.length > 0 && (
            <Select<string>
              data-testid="loan-stats-product"
              allowClear
              placeholder="全部产品"
              value={productId}
              style={{ width: 180 }}
              options={products.map((p) => ({ value: p.id, label: p.name }))}
              onChange={(v) => setFilter({ productId: v })}
              virtual={false}
            />
          )}
          {user.role !== "regional_admin" && (
            <Select<string>
              data-testid="loan-stats-prefecture"
              allowClear
              placeholder="全部州市"
              value={prefectureCode}
              style={{ width: 180 }}
              options={YUNNAN_PREFECTURES.filter((p) => !isBank || !user.partner || user.partner.provinceWide || user.partner.prefectureCodes.includes(p.code)).map((p) => ({
                value: p.code,
                label: p.name,
              }))}
              onChange={(v) => setFilter({ prefectureCode: v })}
              virtual={false}
            />
          )}
        </Space>
      </Card>
      {loadError && <LoadError message={loadError} onRetry={() => void load()} />}
      <FunnelSummary total={stats?.total ?? null} loading={loading} />
      <Card title="明细（银行 × 产品 × 州市 × 月份）">
        <StatsTable rows={stats?.rows ?? []} loading={loading} showBank={!isBank} error={loadError !== null} />
      </Card>
      {!isBank && <LateResponsesTable bankPartnerId={bankPartnerId} />}
      <ResponseTimesTable />
    </Space>
  );
}
