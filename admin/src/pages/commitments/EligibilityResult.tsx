import { Alert, Descriptions, Table, Tag, Typography } from "antd";
import { COMMITMENT_TYPE_LABELS, type TCommitmentEligibility } from "@xinyi/shared";
import { formatBeijing } from "../../lib/loans";
import { rowTestId } from "../../lib/testId";

/** 逢办必查's answer: who the subject is (masked), and whether this type may be offered, with the records behind a refusal. */
export function EligibilityResult({ result }: { result: TCommitmentEligibility }) {
  const s = result.subject;
  const typeLabel = COMMITMENT_TYPE_LABELS[result.type];
  return (
    <div data-testid="commitment-eligibility">
      {result.eligible ? (
        <Alert
          type="success"
          showIcon
          data-testid="commitment-eligibility-ok"
          title={`可以适用${typeLabel}`}
          description={result.type === "notify_commit" ? "未发现未修复的严重失信记录或违背信用承诺记录。" : "容缺受理不限信用状况；申请人须在期限内补齐材料。"}
          style={{ marginBottom: 16 }}
        />
      ) : (
        <Alert
          type="error"
          showIcon
          data-testid="commitment-eligibility-refused"
          title={`不适用${typeLabel}，请按一般程序提交证明材料`}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="commitment-eligibility-reasons">
              {result.reasons.map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
          style={{ marginBottom: 16 }}
        />
      )}
      <Descriptions size="small" bordered column={{ xs: 1, md: 2, xl: 4 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label="申请人">
          <span data-testid="commitment-eligibility-name">{s.name}</span> <Tag>{s.kind === "citizen" ? "个人" : "企业"}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={s.kind === "citizen" ? "身份证号" : "统一社会信用代码"}>{s.idMasked ?? s.uscc ?? "—"}</Descriptions.Item>
        <Descriptions.Item label="所属州市">{s.prefectureName}</Descriptions.Item>
        <Descriptions.Item label="查询时间">{formatBeijing(result.checkedAt)}</Descriptions.Item>
      </Descriptions>
      {/* Only worth saying when a case can be opened. */}
      {result.eligible && !s.signableInApp && (
        <Alert
          type="warning"
          showIcon
          data-testid="commitment-eligibility-unsignable"
          title="申请人尚未在“信易+”小程序完成实名认证（企业须由法定代表人或经办人认证），暂时无法在线签署承诺。"
          description="可先受理，请告知申请人登录小程序认证后在“我的承诺”中签署。"
          style={{ marginBottom: 16 }}
        />
      )}
      {result.blockingRecords.length > 0 && (
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          data-testid="commitment-eligibility-records"
          onRow={(r) => rowTestId(`commitment-blocking-${r.id}`)}
          title={() => <Typography.Text strong>影响适用的信用记录</Typography.Text>}
          dataSource={result.blockingRecords}
          columns={[
            { title: "类别", dataIndex: "kindLabel", width: 140, render: (v: string) => <Tag color="red">{v}</Tag> },
            { title: "事由", dataIndex: "title" },
            { title: "决定日期", dataIndex: "decidedAt", width: 140 },
          ]}
          style={{ marginBottom: 16 }}
        />
      )}
    </div>
  );
}
