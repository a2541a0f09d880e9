import { Alert, Button, Tag, type TableColumnType } from "antd";
import type { CSSProperties } from "react";
import { Link, useSearchParams } from "react-router-dom";
import type { TSubjectKind } from "@xinyi/shared";
import { SUBJECT_KIND_LABELS } from "../lib/credit";

/**
 * Parts shared by the case queues (异议处理, 信用修复审核): filters kept in the URL, the subject column,
 * the 刷新 button and the banner that keeps overdue cases in sight.
 */

/** The queue's filters in the URL (so a link or a reload keeps them); changing one goes back to page 1. */
export function useQueueFilters() {
  const [params, setParams] = useSearchParams();
  const page = Math.max(1, Number(params.get("page") ?? "1") || 1);
  const setFilter = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== "page") next.delete("page");
    setParams(next, { replace: true });
  };
  return { params, setParams, page, setFilter };
}

/** 信用主体: the name linking to the case (`<caseTestId>-subject-<id>`) and the kind under it. */
export function subjectColumn<T extends { id: string; subject: { name: string; kind: TSubjectKind } }>(
  casePath: string,
  caseTestId: string,
  tint: (r: T) => { style?: CSSProperties },
): TableColumnType<T> {
  return {
    title: "信用主体",
    key: "subject",
    width: 120,
    onCell: tint,
    render: (_: unknown, r) => (
      <div>
        <Link to={`${casePath}/${r.id}`} data-testid={`${caseTestId}-subject-${r.id}`}>
          {r.subject.name}
        </Link>
        <div>
          <Tag style={{ marginTop: 4 }}>{SUBJECT_KIND_LABELS[r.subject.kind]}</Tag>
        </div>
      </div>
    ),
  };
}

/** 刷新: the queue and the overdue count together. */
export function QueueReload({ loading, testId, onReload }: { loading: boolean; testId: string; onReload: () => void }) {
  return (
    <Button onClick={onReload} disabled={loading} data-testid={testId}>
      刷新
    </Button>
  );
}

/** The red banner over a queue while cases are overdue, with 只看超期. */
export function OverdueBanner({ title, testId, showTestId, onShow }: { title: string; testId: string; showTestId: string; onShow: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid={testId}
      title={title}
      action={
        <Button size="small" danger onClick={onShow} data-testid={showTestId}>
          只看超期
        </Button>
      }
    />
  );
}
