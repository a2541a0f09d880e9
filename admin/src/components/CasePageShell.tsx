import { useCallback, type ReactNode } from "react";
import { Button, Card, Spin } from "antd";
import { useNavigate, useParams } from "react-router-dom";
import { useLoad, type Loaded } from "../lib/useLoad";
import { LoadError } from "./LoadError";

/**
 * A case page (异议, 信用修复, 承诺案件): the case named by the URL's `:id`, loaded on open, and the
 * 返回列表 button to `listPath`. `fetchCase` must be stable (a module function).
 */
export function useCasePage<T>(fetchCase: (id: string) => Promise<T>, listPath: string): Loaded<T | null> & { back: ReactNode } {
  const { id = "" } = useParams<{ id: string }>();
  const navigate = useNavigate();
  const fetchThis = useCallback(() => fetchCase(id), [fetchCase, id]);
  const loaded = useLoad<T | null>(fetchThis, null);
  const back = <Button onClick={() => navigate(listPath)}>返回列表</Button>;
  return { ...loaded, back };
}

/** What a case page shows before it has its case: why it could not load (with 重试 and 返回列表), or a spinner. */
export function CasePending({ title, loadError, back, onRetry }: { title: string; loadError: string | null; back: ReactNode; onRetry: () => void }) {
  if (loadError) {
    return (
      <Card title={title} extra={back}>
        <LoadError message={loadError} onRetry={onRetry} />
      </Card>
    );
  }
  return (
    <Card title={title}>
      <Spin />
    </Card>
  );
}
