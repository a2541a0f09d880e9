import { Alert, Col, Empty, Row, Space, Statistic, Tag, Tooltip, Typography, theme } from "antd";
import { gradeName, scoreName, type TEvaluation } from "@xinyi/shared";
import { bandsText, recordKindLabel, scaleText, signedPoints } from "../lib/credit";
import { formatDate, formatDateTime } from "../lib/format";

type TFactor = TEvaluation["factors"][number];
type TImprovement = TEvaluation["improvements"][number];

/** Each record's contribution as a horizontal bar: green adds, red takes away, grey does not count. */
export function FactorBars({ evaluation }: { evaluation: TEvaluation }) {
  const { token } = theme.useToken();
  const counting = evaluation.factors.filter((f) => f.counts && f.contribution !== 0);
  const largest = Math.max(1, ...counting.map((f) => Math.abs(f.contribution)));

  if (evaluation.factors.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={`暂无信用记录，按基础分 ${evaluation.base} 分计`} />;
  }

  const row = (f: TFactor) => {
    const positive = f.contribution > 0;
    const color = !f.counts || f.contribution === 0 ? token.colorTextQuaternary : positive ? token.colorSuccess : token.colorError;
    const width = f.counts ? `${Math.max(2, (Math.abs(f.contribution) / largest) * 100)}%` : "0%";
    return (
      <div
        key={f.recordId}
        data-testid={`factor-${f.recordId}`}
        data-contribution={f.contribution}
        style={{ display: "grid", gridTemplateColumns: "minmax(160px, 40%) 1fr 64px", gap: 12, alignItems: "center", padding: "6px 0" }}
      >
        <div style={{ minWidth: 0 }}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {recordKindLabel(f.kind)}
          </Typography.Text>
          <Typography.Text ellipsis={{ tooltip: f.title }} style={{ display: "block" }} type={f.counts ? undefined : "secondary"}>
            {f.title}
          </Typography.Text>
        </div>
        <div>
          {f.counts ? (
            <Tooltip title={f.stopsCountingOn ? `${formatDate(f.stopsCountingOn)} 后不再计入` : undefined}>
              <div style={{ height: 14, background: token.colorFillTertiary, borderRadius: 4 }}>
                <div style={{ width, height: "100%", background: color, borderRadius: 4 }} />
              </div>
            </Tooltip>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {f.note ?? "不计入"}
            </Typography.Text>
          )}
        </div>
        <Typography.Text strong style={{ color, textAlign: "right", fontVariantNumeric: "tabular-nums" }}>
          {signedPoints(f.contribution)}
        </Typography.Text>
      </div>
    );
  };

  const total = evaluation.base + evaluation.factors.reduce((s, f) => s + f.contribution, 0);
  return (
    <div data-testid="factor-list">
      <Typography.Text type="secondary">
        基础分 {evaluation.base} 分，各条记录的影响如下（已计入时间衰减和同类上限，取整后合计即为信用分）：
      </Typography.Text>
      {evaluation.factors.map(row)}
      {total !== evaluation.score && (
        <Typography.Text type="secondary" data-testid="factor-clamped" style={{ display: "block", marginTop: 4 }}>
          合计 {total} 分，超出 {evaluation.scale.min}–{evaluation.scale.max} 分的范围，按 {evaluation.score} 分计。
        </Typography.Text>
      )}
    </div>
  );
}

function improvementText(i: TImprovement): string {
  if (i.via === "repair") return `完成信用修复后，“${i.title}”不再计入，分数可升至 ${i.scoreAfter} 分`;
  return `${formatDate(i.date)} 公示期满后，“${i.title}”不再计入，届时分数约为 ${i.scoreAfter} 分`;
}

/** 如何提升: what would raise the score, largest gain first. */
export function Improvements({ evaluation }: { evaluation: TEvaluation }) {
  return (
    <div data-testid="improvements">
      {evaluation.nextBand && (
        <Typography.Paragraph>
          距“{evaluation.nextBand.label}”（{evaluation.nextBand.grade}，{evaluation.nextBand.min} 分起）还差{" "}
          <Typography.Text strong>{evaluation.nextBand.gap}</Typography.Text> 分。
        </Typography.Paragraph>
      )}
      {evaluation.improvements.length === 0 ? (
        <Typography.Text type="secondary">当前没有可通过信用修复或公示期满提升分数的负面记录。</Typography.Text>
      ) : (
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {evaluation.improvements.map((i) => (
            <li key={`${i.recordId}-${i.via}`} style={{ marginBottom: 6 }}>
              <Space size={6} wrap>
                <Tag color={i.via === "repair" ? "blue" : "default"}>{i.via === "repair" ? "信用修复" : "到期"}</Tag>
                <span>{improvementText(i)}</span>
                {i.gain > 0 && <Typography.Text type="success">{signedPoints(i.gain)}</Typography.Text>}
              </Space>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Score, grade, model version and the black-list flag, with the factors and what would raise the score. */
export function EvaluationPanel({ evaluation }: { evaluation: TEvaluation | undefined }) {
  if (!evaluation) {
    return <Alert type="info" showIcon title="该主体尚未评价" description="录入或导入信用记录后系统会自动评价。" />;
  }
  return (
    <div data-testid="evaluation">
      <Row gutter={[32, 24]}>
        <Col xs={24} lg={8}>
          <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
            <Statistic
              title={scoreName(evaluation.subjectKind)}
              value={evaluation.score}
              suffix={<span data-testid="evaluation-scale-max">/ {evaluation.scale.max}</span>}
              styles={{ content: { fontSize: 40 } }}
            />
            <Space wrap>
              <Tag color="red" style={{ fontSize: 14, padding: "2px 10px" }} data-testid="evaluation-grade">
                {gradeName(evaluation.subjectKind)} {evaluation.grade} · {evaluation.gradeLabel}
              </Tag>
              <Tag>模型 v{evaluation.modelVersion}</Tag>
            </Space>
            <div data-testid="evaluation-scale">
              <Typography.Text type="secondary" style={{ display: "block" }}>
                {scaleText(evaluation.scale)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                等级：{bandsText(evaluation.scale).join(" · ")}
              </Typography.Text>
            </div>
            {evaluation.blacklisted && (
              <Alert
                type="error"
                showIcon
                data-testid="evaluation-blacklisted"
                title="失信黑名单"
                description="列入失信联合惩戒名单期间，不享受任何信易+权益。"
              />
            )}
            <Typography.Text type="secondary">评价时间：{formatDateTime(evaluation.evaluatedAt)}</Typography.Text>
          </Space>
        </Col>
        <Col xs={24} lg={16}>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            评分因素
          </Typography.Title>
          <FactorBars evaluation={evaluation} />
          <Typography.Title level={5}>如何提升</Typography.Title>
          <Improvements evaluation={evaluation} />
        </Col>
      </Row>
    </div>
  );
}
