import { Space, Tag, Tooltip, Typography, type TableColumnsType } from "antd";
import type { TCreditRecord } from "@xinyi/shared";
import { RECORD_STATUS_COLORS, recordGradeText, recordKindColor, recordKindLabel, recordStatusLabel } from "../lib/credit";
import { formatDate } from "../lib/format";
import { testId } from "../lib/testId";

/** The fields every view of a record has (the partner's report carries only these). */
export type TRecordRow = Pick<TCreditRecord, "kind" | "severity" | "taxGrade" | "title" | "sourceDept" | "decidedAt" | "validUntil" | "status"> &
  Partial<Pick<TCreditRecord, "id" | "docNo" | "late" | "publishedAt">>;

/**
 * Table columns for credit records: 类型, 程度/等级, 事由, 来源部门 [/ 文书号], 决定日期 / 公示截止, 状态 (+ 逾期公示).
 * `docNo` shows the document number under the source department (administrators only).
 */
export function recordColumns<R extends TRecordRow>(options: { docNo?: boolean } = {}): TableColumnsType<R> {
  return [
    {
      title: "类型",
      key: "kind",
      width: 110,
      render: (_: unknown, r) => <Tag color={recordKindColor(r)}>{recordKindLabel(r.kind)}</Tag>,
    },
    {
      title: "程度/等级",
      key: "grade",
      width: 84,
      render: (_: unknown, r) => recordGradeText(r) || <Typography.Text type="secondary">—</Typography.Text>,
    },
    { title: "事由", dataIndex: "title", ellipsis: { showTitle: true } },
    options.docNo
      ? {
          title: "来源部门 / 文书号",
          key: "source",
          width: 190,
          render: (_: unknown, r) => (
            <div style={{ lineHeight: 1.4 }}>
              <Typography.Text ellipsis={{ tooltip: r.sourceDept }} style={{ display: "block" }}>
                {r.sourceDept}
              </Typography.Text>
              <Typography.Text type="secondary" ellipsis={{ tooltip: r.docNo }} style={{ display: "block", fontSize: 12 }}>
                {r.docNo ?? "—"}
              </Typography.Text>
            </div>
          ),
        }
      : { title: "来源部门", dataIndex: "sourceDept", width: 170, ellipsis: { showTitle: true } },
    {
      title: "决定日期 / 公示截止",
      key: "dates",
      width: 150,
      render: (_: unknown, r) => (
        <div style={{ lineHeight: 1.4, whiteSpace: "nowrap" }}>
          <div>{formatDate(r.decidedAt)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            至 {r.validUntil ? formatDate(r.validUntil) : "未设定"}
          </Typography.Text>
        </div>
      ),
    },
    {
      title: "状态",
      key: "status",
      width: 150,
      render: (_: unknown, r) => (
        <Space size={[0, 4]} wrap>
          <Tag color={RECORD_STATUS_COLORS[r.status]} {...(r.id ? testId(`record-status-${r.id}`) : {})}>
            {recordStatusLabel(r.status)}
          </Tag>
          {r.late && (
            <Tooltip title={`公示日期 ${formatDate(r.publishedAt)} 晚于决定后7个工作日`}>
              <Tag color="volcano" {...(r.id ? testId(`record-late-${r.id}`) : {})}>
                逾期公示
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
  ];
}
