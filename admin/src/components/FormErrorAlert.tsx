import type { ReactNode } from "react";
import { Alert } from "antd";

/** A form's error banner: `title`, and the `lines` (when any) as a list underneath. */
export function FormErrorAlert({
  testId,
  title,
  lines,
  action,
  marginBottom = 24,
}: {
  testId: string;
  title: ReactNode;
  lines: readonly string[];
  action?: ReactNode;
  marginBottom?: number;
}) {
  return (
    <Alert
      type="error"
      showIcon
      data-testid={testId}
      title={title}
      description={
        lines.length > 0 ? (
          <ul style={{ margin: 0, paddingInlineStart: 20 }}>
            {lines.map((line, index) => (
              <li key={index}>{line}</li>
            ))}
          </ul>
        ) : undefined
      }
      action={action}
      style={{ marginBottom }}
    />
  );
}
