import { useEffect, useState } from "react";
import { Alert, App, Modal, Select, Typography } from "antd";
import type { TLoanApplication } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../../api/client";
import { assignLoanApplication } from "../../../api/loans";
import { listMyOperators, type TOperator } from "../../../api/marketplace";
import { isStaleApplicationError } from "../../../lib/loans";
import { testId } from "../../../lib/testId";

/** 分配信贷员: a bank manager hands an application to one of the bank's loan officers. */
export function AssignOfficerModal({
  app,
  onClose,
  onAssigned,
  onStale,
}: {
  app: TLoanApplication | null;
  onClose: () => void;
  onAssigned: (updated: TLoanApplication) => void;
  onStale: () => void;
}) {
  const { message } = App.useApp();
  const [officers, setOfficers] = useState<TOperator[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [officerId, setOfficerId] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!app) return;
    setOfficerId(app.assignedOfficer?.id);
    setError(null);
    let alive = true;
    listMyOperators()
      .then((items) => alive && setOfficers(items.filter((op) => op.staffRole === "loan_officer" && !op.disabled)))
      .catch((err: unknown) => alive && setLoadError(errorMessage(err)));
    return () => {
      alive = false;
    };
  }, [app]);

  const submit = async () => {
    if (!app) return;
    if (!officerId) {
      setError("请选择信贷员");
      return;
    }
    setBusy(true);
    try {
      const updated = await assignLoanApplication(app.id, { officerId, expectedVersion: app.version });
      message.success(`已分配给 ${updated.assignedOfficer?.displayName ?? "信贷员"}`);
      onAssigned(updated);
    } catch (err) {
      if (isStaleApplicationError(err)) {
        message.error("已被他人处理，请刷新");
        onStale();
      } else if (err instanceof ApiError && err.issues.length > 0) setError(err.issues.map((i) => i.message).join("；"));
      else setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={app !== null}
      title={app ? `分配信贷员：${app.applicantName} · ${app.productName}` : ""}
      okText="分配"
      cancelText="取消"
      okButtonProps={{ ...testId("loan-assign-confirm"), loading: busy }}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      {loadError && <Alert type="error" showIcon title={`未能加载信贷员：${loadError}`} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">分配后，该信贷员可在“我的”申请中看到并办理。已分配的申请可改派。</Typography.Paragraph>
      <Select<string>
        data-testid="loan-assign-officer"
        style={{ width: "100%" }}
        placeholder={officers && officers.length === 0 ? "本行暂无信贷员，请先在“机构操作员”中添加" : "请选择信贷员"}
        loading={officers === null && !loadError}
        value={officerId}
        status={error ? "error" : undefined}
        onChange={(value) => {
          setOfficerId(value);
          setError(null);
        }}
        options={(officers ?? []).map((op) => ({ value: op.id, label: `${op.displayName}（${op.username}）` }))}
        virtual={false}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Modal>
  );
}
