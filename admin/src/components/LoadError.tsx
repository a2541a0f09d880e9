import { Alert, Button } from "antd";

/** A page's "could not load" banner, with a retry when the page can reload. */
export function LoadError({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title={message}
      {...(onRetry
        ? {
            action: (
              <Button size="small" onClick={onRetry}>
                重试
              </Button>
            ),
          }
        : {})}
      style={{ marginBottom: 16 }}
    />
  );
}
