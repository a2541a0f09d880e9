import { Col, Row, Space, Statistic, Table, Typography, theme, type TableColumnsType } from "antd";
import { scoreName, type TCreditScale, type TScoringPreview, type TSubjectKind } from "@xinyi/shared";
import { signedPoints } from "../lib/credit";

type TRow = TScoringPreview["citizen"][number];

function Bar({ value, max, color }: { value: number; max: number; color: string }) {
  const { token } = theme.useToken();
  return (
    <div style={{ display: "flex", alignItems: "center", gap: 8 }}>
      <div style={{ flex: 1, height: 10, background: token.colorFillTertiary, borderRadius: 3, minWidth: 80 }}>
        <div style={{ width: `${max > 0 ? (value / max) * 100 : 0}%`, height: "100%", background: color, borderRadius: 3 }} />
      </div>
      <span style={{ width: 56, textAlign: "right", fontVariantNumeric: "tabular-nums" }}>{value}</span>
    </div>
  );
}

function Distribution({ title, rows, kind, scale }: { title: string; rows: TRow[]; kind: TSubjectKind; scale: TCreditScale }) {
  const { token } = theme.useToken();
  const max = Math.max(0, ...rows.flatMap((r) => [r.current, r.draft]));
  // A grade the draft dropped has no band on its scale: it only shows where subjects leave from.
  const from = (grade: string) => scale.bands.find((b) => b.grade === grade)?.min;
  const columns: TableColumnsType<TRow> = [
    {
      title: "等级",
      key: "grade",
      width: 130,
      render: (_: unknown, r) => (
        <span>
          {r.grade} {r.label}
          {from(r.grade) !== undefined && (
            <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
              {from(r.grade)} 分起
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: "当前", dataIndex: "current", render: (v: number) => <Bar value={v} max={max} color={token.colorTextTertiary} /> },
    { title: "草稿", dataIndex: "draft", render: (v: number) => <Bar value={v} max={max} color={token.colorPrimary} /> },
    {
      title: "变化",
      key: "delta",
      width: 80,
      align: "right",
      render: (_: unknown, r) => {
        const d = r.draft - r.current;
        return <Typography.Text type={d > 0 ? "success" : d < 0 ? "danger" : "secondary"}>{signedPoints(d)}</Typography.Text>;
      },
    },
  ];
  return (
    <div>
      <Typography.Title level={5}>{title}</Typography.Title>
      <Typography.Paragraph type="secondary" data-testid={`scoring-preview-${kind}-scale`}>
        草稿{scoreName(kind)} {scale.min}–{scale.max} 分，基础分 {scale.base}
      </Typography.Paragraph>
      <Table<TRow>
        rowKey="grade"
        size="small"
        pagination={false}
        columns={columns}
        dataSource={rows}
        data-testid={`scoring-preview-${kind}`}
        locale={{ emptyText: "暂无主体" }}
      />
    </div>
  );
}

/** 预览影响: how many subjects would land in each grade under the draft, against today. */
export function ScoringPreviewView({ preview }: { preview: TScoringPreview }) {
  return (
    <div data-testid="scoring-preview">
      <Space size={48} style={{ marginBottom: 16 }}>
        <Statistic title="参与测算的信用主体" value={preview.subjects} />
        <Statistic title="评价结果将变化" value={preview.changed} suffix={`/ ${preview.subjects}`} />
      </Space>
      <Row gutter={[32, 24]}>
        <Col xs={24} xl={12}>
          <Distribution title="自然人" rows={preview.citizen} kind="citizen" scale={preview.scales.citizen} />
        </Col>
        <Col xs={24} xl={12}>
          <Distribution title="法人及其他组织" rows={preview.enterprise} kind="enterprise" scale={preview.scales.enterprise} />
        </Col>
      </Row>
    </div>
  );
}
