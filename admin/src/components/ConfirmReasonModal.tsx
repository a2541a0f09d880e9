import type { ReactNode } from "react";
import { Input, Modal, Typography } from "antd";
import { testId } from "../lib/testId";

/** The reason box of a {@link ConfirmReasonModal}: shown only when given. */
export interface ReasonInput {
  value: string;
  error: string | null;
  onChange: (value: string) => void;
  testId: string;
  placeholder?: string;
}

/**
 * A confirmation dialog (取消 / the action) whose OK button carries `okTestId`; with `reason`,
 * a text box for the reason below `children`, its error underneath.
 */
export function ConfirmReasonModal({
  open,
  title,
  okText,
  okTestId,
  danger,
  busy,
  onOk,
  onCancel,
  reason,
  children,
}: {
  open: boolean;
  title: ReactNode;
  okText: ReactNode;
  okTestId: string;
  danger: boolean;
  busy: boolean;
  onOk: () => void;
  onCancel: () => void;
  reason?: ReasonInput | undefined;
  children?: ReactNode;
}) {
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText="取消"
      okButtonProps={{ ...testId(okTestId), danger, loading: busy }}
      cancelButtonProps={{ disabled: busy }}
      onOk={onOk}
      onCancel={onCancel}
      destroyOnHidden
    >
      {children}
      {reason && (
        <>
          <Input.TextArea
            data-testid={reason.testId}
            {...(reason.placeholder !== undefined ? { placeholder: reason.placeholder } : {})}
            value={reason.value}
            maxLength={500}
            showCount
            autoSize={{ minRows: 3, maxRows: 6 }}
            status={reason.error ? "error" : undefined}
            onChange={(e) => reason.onChange(e.target.value)}
            autoFocus
          />
          {reason.error && <Typography.Text type="danger">{reason.error}</Typography.Text>}
        </>
      )}
    </Modal>
  );
}
