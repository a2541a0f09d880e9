import type { ReactNode } from "react";
import { Button, Select, Space, Tag, Typography, type TableColumnType } from "antd";
import { useSearchParams } from "react-router-dom";
import { regionNames } from "../lib/format";

/**
 * The parts the lists of things that go through review share (场景管理 / 审核队列, 贷款产品 / 产品审核):
 * the status filter kept in the address, the toolbar, and the region, status and action columns.
 */

/**
 * `?status=` as one of `statuses` (anything else: all); the review queue is always "submitted".
 * With the filter's options (全部状态, then each status by its label).
 */
export function useStatusParam<S extends string>(statuses: readonly S[], labels: Record<S, string>, review: boolean) {
  const [searchParams, setSearchParams] = useSearchParams();
  const value = searchParams.get("status");
  const status: S | undefined = review ? ("submitted" as S) : (statuses as readonly string[]).includes(value ?? "") ? (value as S) : undefined;
  const setStatus = (next: string) => {
    const params = new URLSearchParams(searchParams);
    if (next) params.set("status", next);
    else params.delete("status");
    setSearchParams(params, { replace: true });
  };
  const options = [{ value: "", label: "全部状态" }, ...statuses.map((s) => ({ value: s, label: labels[s] }))];
  return { status, setStatus, options };
}

/** Newest first (then by id), so an item just created shows on the first page. */
export function newestFirst(a: { createdAt: string; id: string }, b: { createdAt: string; id: string }): number {
  return Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id);
}

/** The card's toolbar: the status filter (not in the review queue), 刷新, and the new button when given. */
export function ReviewListToolbar({
  prefix,
  review,
  filter,
  loading,
  onReload,
  create,
}: {
  /** Test ids `<prefix>-status-filter`, `<prefix>-reload`, `<prefix>-new`. */
  prefix: string;
  review: boolean;
  filter: ReturnType<typeof useStatusParam>;
  loading: boolean;
  onReload: () => void;
  create?: { label: string; onClick: () => void };
}) {
  return (
    <Space>
      {!review && (
        <Select data-testid={`${prefix}-status-filter`} value={filter.status ?? ""} options={filter.options} style={{ width: 120 }} onChange={filter.setStatus} virtual={false} />
      )}
      <Button onClick={onReload} disabled={loading} data-testid={`${prefix}-reload`}>
        刷新
      </Button>
      {create && (
        <Button type="primary" data-testid={`${prefix}-new`} onClick={create.onClick}>
          {create.label}
        </Button>
      )}
    </Space>
  );
}

/** The regions as tags (全省, or each prefecture). */
export function regionsColumn<T extends { provinceWide: boolean; prefectureCodes: readonly string[] }>(title: string, width: number): TableColumnType<T> {
  return {
    title,
    key: "regions",
    width,
    render: (_: unknown, row: T) => (
      <Space size={[0, 4]} wrap>
        {regionNames(row).map((name) => (
          <Tag key={name}>{name}</Tag>
        ))}
      </Space>
    ),
  };
}

/** The status tag (`<testIdPrefix>-status-<id>`) and 第 n 版 under it. */
export function statusVersionColumn<S extends string, T extends { id: string; status: S; version: number }>({
  title,
  width,
  colors,
  labels,
  testIdPrefix,
  versionTestId = false,
}: {
  title: string;
  width: number;
  colors: Record<S, string>;
  labels: Record<S, string>;
  testIdPrefix: string;
  /** Also `<testIdPrefix>-version-<id>` on the version line. */
  versionTestId?: boolean;
}): TableColumnType<T> {
  return {
    title,
    dataIndex: "status",
    width,
    render: (value: S, row: T) => (
      <div>
        <Tag color={colors[value]} data-testid={`${testIdPrefix}-status-${row.id}`}>
          {labels[value]}
        </Tag>
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }} {...(versionTestId ? { "data-testid": `${testIdPrefix}-version-${row.id}` } : {})}>
          第 {row.version} 版
        </Typography.Text>
      </div>
    ),
  };
}

/** 编辑 (`<testIdPrefix>-edit-<id>`) where the user may edit, then the item's own actions. */
export function actionsColumn<T extends { id: string }>({
  width,
  testIdPrefix,
  canEdit,
  onEdit,
  actions,
}: {
  width: number;
  testIdPrefix: string;
  canEdit: (row: T) => boolean;
  onEdit: (row: T) => void;
  actions: (row: T) => ReactNode;
}): TableColumnType<T> {
  return {
    title: "操作",
    key: "actions",
    width,
    fixed: "right",
    render: (_: unknown, row: T) => (
      <Space size={4} wrap>
        {canEdit(row) && (
          <Button size="small" data-testid={`${testIdPrefix}-edit-${row.id}`} onClick={() => onEdit(row)}>
            编辑
          </Button>
        )}
        {actions(row)}
      </Space>
    ),
  };
}

/** 20 a page, with the size changer and 共 n <unit>. */
export function listPagination(unit: string) {
  return { defaultPageSize: 20, showSizeChanger: true, showTotal: (total: number) => `共 ${total} ${unit}` };
}
