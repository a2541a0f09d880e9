import { useCallback, useEffect, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  Modal,
  Result,
  Skeleton,
  Space,
  Table,
  Tabs,
  Tag,
  Tooltip,
  Typography,
  type TableColumnsType,
} from "antd";
import { useNavigate, useParams } from "react-router-dom";
import type { TCreditProfile, TCreditRecord, TEvaluation, TSubject } from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { acceptUsccReview, getSubject, listEvaluations } from "../api/credit";
import { EvaluationPanel } from "../components/EvaluationPanel";
import { RecordHistoryDrawer } from "../components/RecordHistoryDrawer";
import { RecordStatusModal } from "../components/RecordStatusModal";
import { recordColumns } from "../components/recordColumns";
import { SUBJECT_KIND_LABELS, needsUsccReview, signedPoints } from "../lib/credit";
import { formatDateTime } from "../lib/format";

/** Accept a pilot-era USCC that fails its checksum, with the reason on record. */
function UsccReviewButton({ subject, onAccepted }: { subject: TSubject; onAccepted: (s: TSubject) => void }) {
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const submit = async () => {
    const text = reason.trim();
    if (text.length < 2) {
      setError("请说明确认依据，如：经市场监管部门核实为试点期赋码");
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const updated = await acceptUsccReview(subject.id, text);
      message.success("已确认该统一社会信用代码");
      setOpen(false);
      onAccepted(updated);
    } catch (err) {
      setError(err instanceof ApiError && err.issues.length > 0 ? err.issues.map((i) => i.message).join("；") : errorMessage(err));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <>
      <Button data-testid="uscc-review" onClick={() => setOpen(true)}>
        人工确认代码
      </Button>
      <Modal
        title="确认试点期统一社会信用代码"
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => void submit()}
        okText="确认"
        cancelText="取消"
        confirmLoading={submitting}
      >
        <Typography.Paragraph>
          代码 <Typography.Text code>{subject.uscc}</Typography.Text> 未通过 GB 32100-2015 校验位检查。部分试点期赋予的代码确实如此；
          核实无误后可人工确认，确认依据将记入审计日志。
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
        <Form layout="vertical">
          <Form.Item label="确认依据" required>
            <Input.TextArea
              data-testid="uscc-review-reason"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              autoSize={{ minRows: 3, maxRows: 6 }}
              maxLength={500}
              showCount
              placeholder="如：经市场监管部门核实，该代码为2015年试点期赋码，真实有效"
            />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

function SubjectHeader({ subject, onUpdated }: { subject: TSubject; onUpdated: (s: TSubject) => void }) {
  const identifier =
    subject.kind === "citizen"
      ? { key: "id", label: "身份证号", children: <Typography.Text style={{ fontFamily: "monospace" }}>{subject.idMasked ?? "—"}</Typography.Text> }
      : {
          key: "uscc",
          label: "统一社会信用代码",
          children: (
            <Space size={6} wrap>
              <Typography.Text style={{ fontFamily: "monospace" }} data-testid="subject-uscc">
                {subject.uscc ?? "—"}
              </Typography.Text>
              {subject.usccReview && (
                <Tooltip title={`${subject.usccReview.reason}（${formatDateTime(subject.usccReview.acceptedAt)}）`}>
                  <Tag color="gold">试点期代码 · 已人工确认</Tag>
                </Tooltip>
              )}
            </Space>
          ),
        };
  return (
    <>
      {needsUsccReview(subject) && (
        <Alert
          type="warning"
          showIcon
          data-testid="uscc-review-needed"
          title="该统一社会信用代码未通过校验位检查"
          description="可能是试点期赋予的代码。核实后请人工确认，确认前该主体的代码标记为待复核。"
          action={<UsccReviewButton subject={subject} onAccepted={onUpdated} />}
          style={{ marginBottom: 16 }}
        />
      )}
      <Descriptions
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          { key: "kind", label: "主体类型", children: SUBJECT_KIND_LABELS[subject.kind] },
          identifier,
          ...(subject.legalRepName ? [{ key: "rep", label: "法定代表人", children: subject.legalRepName }] : []),
          { key: "prefecture", label: "州市", children: subject.prefectureName },
          { key: "created", label: "建档时间", children: formatDateTime(subject.createdAt) },
        ]}
      />
    </>
  );
}

function EvaluationHistory({ subjectId }: { subjectId: string }) {
  const [items, setItems] = useState<TEvaluation[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    listEvaluations(subjectId)
      .then((list) => !cancelled && setItems(list))
      .catch((err: unknown) => !cancelled && setError(errorMessage(err)));
    return () => {
      cancelled = true;
    };
  }, [subjectId]);

  // Newest first: the change is against the next (older) evaluation.
  const columns: TableColumnsType<TEvaluation> = [
    { title: "评价时间", dataIndex: "evaluatedAt", width: 170, render: (at: string) => formatDateTime(at) },
    { title: "模型版本", dataIndex: "modelVersion", width: 100, render: (v: number) => `v${v}` },
    { title: "分数", dataIndex: "score", width: 80, align: "right" },
    {
      title: "变化",
      key: "delta",
      width: 80,
      align: "right",
      render: (_: unknown, e, index) => {
        const older = items?.[index + 1];
        if (!older) return <Typography.Text type="secondary">—</Typography.Text>;
        const delta = e.score - older.score;
        return <Typography.Text type={delta > 0 ? "success" : delta < 0 ? "danger" : "secondary"}>{signedPoints(delta)}</Typography.Text>;
      },
    },
    { title: "等级", key: "grade", width: 110, render: (_: unknown, e) => `${e.grade} ${e.gradeLabel}` },
    {
      title: "黑名单",
      dataIndex: "blacklisted",
      width: 90,
      render: (b: boolean) => (b ? <Tag color="red">黑名单</Tag> : <Typography.Text type="secondary">—</Typography.Text>),
    },
    {
      title: "计入的记录",
      key: "factors",
      render: (_: unknown, e) => `${e.factors.filter((f) => f.counts).length} 条`,
    },
  ];

  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Table<TEvaluation>
      rowKey="id"
      data-testid="evaluation-history"
      columns={columns}
      dataSource={items ?? []}
      loading={items === null}
      pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: items === null ? " " : "暂无评价记录" }}
      scroll={{ x: 700 }}
    />
  );
}

export function SubjectDetailPage() {
  const { id = "" } = useParams();
  const navigate = useNavigate();
  const [profile, setProfile] = useState<TCreditProfile | null>(null);
  const [loadError, setLoadError] = useState<ApiError | Error | null>(null);
  const [statusTarget, setStatusTarget] = useState<string | null>(null);
  const [historyTarget, setHistoryTarget] = useState<string | null>(null);
  const [evaluationsKey, setEvaluationsKey] = useState(0);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      setProfile(await getSubject(id));
    } catch (err) {
      setLoadError(err instanceof Error ? err : new Error(errorMessage(err)));
    }
  }, [id]);

  useEffect(() => {
    setProfile(null);
    void load();
  }, [load]);

  const back = (
    <Button onClick={() => navigate("/subjects")} data-testid="subject-back">
      返回列表
    </Button>
  );

  if (loadError && !profile) {
    const notFound = loadError instanceof ApiError && loadError.status === 404;
    return (
      <Card>
        <Result
          status={notFound ? "404" : loadError instanceof ApiError && loadError.status === 403 ? "403" : "error"}
          title={notFound ? "信用主体不存在" : "无法加载信用主体"}
          subTitle={notFound ? "该信用主体不存在，或不属于您管辖的州市。" : errorMessage(loadError)}
          extra={
            <Space>
              {back}
              {!notFound && <Button onClick={() => void load()}>重试</Button>}
            </Space>
          }
        />
      </Card>
    );
  }
  if (!profile) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }

  const { subject, evaluation, records } = profile;
  const statusRecord = records.find((r) => r.id === statusTarget);
  const historyRecord = records.find((r) => r.id === historyTarget);

  const columns: TableColumnsType<TCreditRecord> = [
    ...recordColumns<TCreditRecord>({ docNo: true }),
    {
      title: "操作",
      key: "actions",
      width: 130,
      fixed: "right",
      render: (_: unknown, r) => (
        <Space size={0}>
          <Button type="link" size="small" data-testid={`record-change-${r.id}`} onClick={() => setStatusTarget(r.id)}>
            变更状态
          </Button>
          <Button type="link" size="small" data-testid={`record-history-${r.id}`} onClick={() => setHistoryTarget(r.id)}>
            历史
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card
        title={
          <Space size="middle" wrap>
            <span data-testid="subject-detail-name">{subject.name}</span>
            <Typography.Text type="secondary" style={{ fontFamily: "monospace", fontWeight: "normal" }} data-testid="subject-detail-identifier">
              {subject.idMasked ?? subject.uscc ?? ""}
            </Typography.Text>
            {subject.blacklisted && (
              <Tag color="red" data-testid="subject-detail-blacklisted">
                黑名单
              </Tag>
            )}
          </Space>
        }
        extra={
          <Space>
            <Button onClick={() => void load()}>刷新</Button>
            {back}
          </Space>
        }
      >
        {loadError && <Alert type="error" showIcon title={errorMessage(loadError)} style={{ marginBottom: 16 }} />}
        <SubjectHeader subject={subject} onUpdated={(s) => setProfile((p) => (p ? { ...p, subject: s } : p))} />
      </Card>
      <Card>
        <Tabs
          onChange={(key) => key === "history" && setEvaluationsKey((k) => k + 1)}
          items={[
            {
              key: "current",
              label: "信用评价与记录",
              children: (
                <Space orientation="vertical" size="large" style={{ width: "100%" }}>
                  <EvaluationPanel evaluation={evaluation} />
                  <div>
                    <Typography.Title level={5}>信用记录（{records.length}）</Typography.Title>
                    <Table<TCreditRecord>
                      rowKey="id"
                      data-testid="record-table"
                      columns={columns}
                      dataSource={records}
                      pagination={{ defaultPageSize: 20, hideOnSinglePage: true }}
                      locale={{ emptyText: "暂无信用记录" }}
                      scroll={{ x: 1000 }}
                      size="middle"
                    />
                  </div>
                </Space>
              ),
            },
            {
              key: "history",
              label: <span data-testid="tab-evaluation-history">评价历史</span>,
              children: <EvaluationHistory key={evaluationsKey} subjectId={subject.id} />,
            },
          ]}
        />
      </Card>
      <RecordStatusModal
        open={statusTarget !== null}
        record={statusRecord}
        onClose={() => setStatusTarget(null)}
        onChanged={() => {
          setStatusTarget(null);
          void load();
        }}
        onConflict={load}
      />
      <RecordHistoryDrawer record={historyRecord} onClose={() => setHistoryTarget(null)} />
    </Space>
  );
}
