import { useState } from "react";
import { Alert, Button, Card, Typography } from "antd";
import type { TCreditReport, TLoanApplication } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { loanApplicationReport } from "../../../api/loans";
import { CreditReportView } from "../../../components/CreditReportView";
import { formatBeijing } from "../../../lib/loans";

/**
 * 查看信用报告: opened on request only, because every opening is recorded and shown to the
 * applicant ("who looked at me"); a refused consent (revoked or expired) is said plainly.
 */
export function ApplicationReport({ app }: { app: TLoanApplication }) {
  const [report, setReport] = useState<TCreditReport | null>(null);
  const [refusal, setRefusal] = useState<{ message: string; consent: boolean } | null>(null);
  const [loading, setLoading] = useState(false);

  const open = async () => {
    setLoading(true);
    setRefusal(null);
    try {
      setReport(await loanApplicationReport(app.id));
    } catch (err) {
      setReport(null);
      setRefusal({ message: errorMessage(err), consent: err instanceof ApiError && err.code === "CONSENT_REQUIRED" });
    } finally {
      setLoading(false);
    }
  };

  if (report) return <CreditReportView report={report} title="申请人信用报告" />;
  return (
    <Card title="申请人信用报告">
      <Typography.Paragraph type="secondary">
        申请人在申请时授权本行为“贷款审批”查询其信用报告，授权有效期至 {formatBeijing(app.consentValidUntil, false)}。每次查看都会被记录，申请人可以在“信易+”中看到查询机构、时间和用途。
      </Typography.Paragraph>
      {refusal && (
        <Alert
          type={refusal.consent ? "warning" : "error"}
          showIcon
          style={{ marginBottom: 16 }}
          title={<span data-testid="loan-report-error">{refusal.message}</span>}
          description={refusal.consent ? "申请人已撤回或不再授权本行查询（或授权已过期）。如需查询，请联系申请人在“信易+”小程序的“授权管理”中重新授权。" : undefined}
        />
      )}
      <Button type="primary" ghost loading={loading} onClick={() => void open()} data-testid="loan-report-open">
        查看信用报告
      </Button>
    </Card>
  );
}
