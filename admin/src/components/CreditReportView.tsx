import { Card, Descriptions, Space, Statistic, Table, Tag, Typography } from "antd";
import { maskName, type TCreditReport } from "@xinyi/shared";
import { fetchCreditScales } from "../api/credit";
import { SUBJECT_KIND_LABELS } from "../lib/credit";
import { formatDate, formatDateTime } from "../lib/format";
import { useLoad } from "../lib/useLoad";
import { recordColumns } from "./recordColumns";

type TRecordRow = TCreditReport["records"][number];

/** A credit report as a partner reads it under the subject's consent: standing, black list, records, the grant used. */
export function CreditReportView({ report, title = "信用报告" }: { report: TCreditReport; title?: string }) {
  const { subject } = report;
  // Names of natural persons are shown masked whatever the server sends (张明 → 张*).
  const name = subject.kind === "citizen" ? maskName(subject.name) : subject.name;
  // An enterprise's score is on its own scale: say which.
  const { data: scales } = useLoad(fetchCreditScales, null);
  return (
    <Card title={title} data-testid="report-result">
      <Space orientation="vertical" size="large" style={{ width: "100%" }}>
        <Descriptions
          column={{ xs: 1, md: 2 }}
          items={[
            { key: "name", label: subject.kind === "citizen" ? "姓名" : "名称", children: <span data-testid="report-name">{name}</span> },
            { key: "kind", label: "主体类型", children: SUBJECT_KIND_LABELS[subject.kind] },
            {
              key: "id",
              label: subject.kind === "citizen" ? "身份证号" : "统一社会信用代码",
              children: <span style={{ fontFamily: "monospace" }}>{subject.idMasked ?? subject.uscc ?? "—"}</span>,
            },
            { key: "prefecture", label: "州市", children: subject.prefectureName },
            { key: "purpose", label: "授权用途", children: <span data-testid="report-grant-purpose">{report.grant.purposeLabel}</span> },
            { key: "valid", label: "授权有效期至", children: <span data-testid="report-grant-valid-until">{formatDate(report.grant.validUntil)}</span> },
          ]}
        />
        <Space size={48} wrap align="start">
          <Statistic
            title="信用分"
            value={report.score ?? "—"}
            {...(report.score !== undefined && scales ? { suffix: `/ ${scales[subject.kind].max}` } : {})}
            styles={{ content: { fontSize: 36 } }}
          />
          <div>
            <Typography.Text type="secondary">信用等级</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {report.grade ? (
                <Tag color="red" style={{ fontSize: 14, padding: "2px 10px" }} data-testid="report-grade">
                  {report.grade} · {report.gradeLabel}
                </Tag>
              ) : (
                "未评价"
              )}
            </div>
          </div>
          <div>
            <Typography.Text type="secondary">失信黑名单</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {report.blacklisted ? (
                <Tag color="red" data-testid="report-blacklisted">
                  是：不得给予信易+激励
                </Tag>
              ) : (
                <Tag color="green">否</Tag>
              )}
            </div>
          </div>
          {report.modelVersion !== undefined && (
            <div>
              <Typography.Text type="secondary">评价</Typography.Text>
              <div style={{ marginTop: 8 }}>
                模型 v{report.modelVersion}
                {report.evaluatedAt ? ` · ${formatDateTime(report.evaluatedAt)}` : ""}
              </div>
            </div>
          )}
        </Space>
        <div>
          <Typography.Title level={5}>信用记录（{report.records.length}）</Typography.Title>
          <Table<TRecordRow>
            rowKey={(r) => `${r.kind}-${r.sourceDept}-${r.decidedAt}-${r.title}`}
            columns={recordColumns<TRecordRow>()}
            dataSource={report.records}
            pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
            locale={{ emptyText: "无公共信用记录" }}
            scroll={{ x: 1000 }}
            size="middle"
            data-testid="report-records"
          />
        </div>
        <Typography.Text type="secondary">
          本次查询已记录，信用主体可在“信易+”中查看查询机构、时间和用途。报告仅可用于授权用途。
        </Typography.Text>
      </Space>
    </Card>
  );
}
