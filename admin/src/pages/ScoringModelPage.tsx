import { useCallback, useEffect, useMemo, useState } from "react";
import {
  Alert,
  App,
  Button,
  Card,
  Input,
  InputNumber,
  Popconfirm,
  Result,
  Skeleton,
  Space,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnsType,
} from "antd";
import { useNavigate, useParams } from "react-router-dom";
import {
  PENALTY_SEVERITY_LABELS,
  RECORD_KIND_LABELS,
  ZScoringModelDraftRequest,
  type TGradeBand,
  type TScoreRule,
  type TScoreScale,
  type TScoringModel,
  type TScoringModelParams,
  type TScoringPreview,
  type TSubjectKind,
} from "@xinyi/shared";
import { ApiError, errorMessage } from "../api/client";
import { listScoringModels, previewScoringModel, publishScoringModel, saveScoringDraft } from "../api/credit";
import { useCurrentUser } from "../api/useSession";
import { FormErrorAlert } from "../components/FormErrorAlert";
import { ScoringPreviewView } from "../components/ScoringPreviewView";
import { SUBJECT_KIND_LABELS, inForceVersion } from "../lib/credit";
import { formatDateTime } from "../lib/format";
import { pathSegments } from "../lib/formErrors";
import { isPlatformAdmin } from "../lib/roles";
import { testId } from "../lib/testId";

const SCALE_KINDS: readonly TSubjectKind[] = ["citizen", "enterprise"];

function ruleLabel(rule: Pick<TScoreRule, "kind" | "severity" | "taxGrade">): string {
  let label = RECORD_KIND_LABELS[rule.kind];
  if (rule.severity) label += ` · ${PENALTY_SEVERITY_LABELS[rule.severity]}`;
  if (rule.taxGrade) label += ` · ${rule.taxGrade} 级`;
  return label;
}

const FIELD_LABELS: Record<string, string> = {
  base: "基础分",
  min: "最低分",
  max: "最高分",
  points: "分值",
  halfLifeDays: "半衰期",
  cap: "上限",
  repairable: "可修复",
  grade: "等级",
  label: "名称",
  note: "说明",
};

/** A validation path (client `["params","citizen","rules",3,"points"]` or server `body.params.…`) in words. */
function describePath(segments: string[], params: TScoringModelParams): string {
  const [first, kind, group, index, field] = segments[0] === "params" ? segments : ["", ...segments];
  if (first !== "params") return FIELD_LABELS[segments[0] ?? ""] ?? segments.join(".");
  if (kind !== "citizen" && kind !== "enterprise") return "评分参数";
  const scale = params[kind];
  const parts = [`${SUBJECT_KIND_LABELS[kind]}评分`];
  if (group === "rules") {
    const rule = scale.rules[Number(index)];
    if (index !== undefined) parts.push(rule ? `规则“${ruleLabel(rule)}”` : `规则 ${Number(index) + 1}`);
    if (field) parts.push(FIELD_LABELS[field] ?? field);
  } else if (group === "bands") {
    const band = scale.bands[Number(index)];
    parts.push(index !== undefined ? (band ? `等级 ${band.grade}` : `等级 ${Number(index) + 1}`) : "等级区间");
    if (field) parts.push(FIELD_LABELS[field] ?? field);
  } else if (group) {
    parts.push(FIELD_LABELS[group] ?? group);
  }
  return parts.join(" · ");
}

interface TIssue {
  key: string;
  text: string;
}

function toIssues(issues: readonly { path: string | readonly PropertyKey[]; message: string }[], params: TScoringModelParams): TIssue[] {
  return issues.map((i) => {
    const segments = pathSegments(typeof i.path === "string" ? i.path : i.path.map(String));
    return { key: segments.join("."), text: `${describePath(segments, params)}：${i.message}` };
  });
}

function numberCell(
  value: number | undefined,
  editable: boolean,
  onChange: (v: number | undefined) => void,
  options: { error: boolean; placeholder?: string; min?: number; max?: number; precision?: number; testid: string },
) {
  if (!editable) return value === undefined ? <Typography.Text type="secondary">{options.placeholder ?? "—"}</Typography.Text> : value;
  return (
    <InputNumber<number>
      {...testId(options.testid)}
      size="small"
      value={value ?? null}
      min={options.min}
      max={options.max}
      precision={options.precision}
      placeholder={options.placeholder}
      status={options.error ? "error" : undefined}
      onChange={(v) => onChange(v ?? undefined)}
      style={{ width: 110 }}
    />
  );
}

function ScaleEditor({
  kind,
  scale,
  editable,
  errorKeys,
  onChange,
}: {
  kind: TSubjectKind;
  scale: TScoreScale;
  editable: boolean;
  errorKeys: ReadonlySet<string>;
  onChange: (next: TScoreScale) => void;
}) {
  const prefix = `params.${kind}`;
  const setRule = (index: number, patch: (r: TScoreRule) => TScoreRule) =>
    onChange({ ...scale, rules: scale.rules.map((r, i) => (i === index ? patch(r) : r)) });
  const setBand = (index: number, patch: (b: TGradeBand) => TGradeBand) =>
    onChange({ ...scale, bands: scale.bands.map((b, i) => (i === index ? patch(b) : b)) });
  /** Optional numbers: an empty cell removes the key (no decay, no cap). */
  const withOptional = <K extends "halfLifeDays" | "cap">(r: TScoreRule, key: K, v: number | undefined): TScoreRule => {
    const next = { ...r };
    if (v === undefined) delete next[key];
    else next[key] = v;
    return next;
  };

  const ruleColumns: TableColumnsType<TScoreRule> = [
    { title: "记录类型", key: "kind", render: (_: unknown, r) => ruleLabel(r) },
    {
      title: "分值（每条）",
      dataIndex: "points",
      width: 140,
      render: (v: number, _r, i) =>
        numberCell(
          v,
          editable,
          // An emptied points cell keeps its value: every rule needs one.
          (next) => next !== undefined && setRule(i, (r) => ({ ...r, points: next })),
          { error: errorKeys.has(`${prefix}.rules.${i}.points`), min: -1000, max: 1000, testid: `rule-${kind}-${i}-points` },
        ),
    },
    {
      title: "半衰期（天）",
      dataIndex: "halfLifeDays",
      width: 140,
      render: (v: number | undefined, _r, i) =>
        numberCell(v, editable, (next) => setRule(i, (r) => withOptional(r, "halfLifeDays", next)), {
          error: errorKeys.has(`${prefix}.rules.${i}.halfLifeDays`),
          placeholder: "不衰减",
          min: 1,
          max: 3650,
          precision: 0,
          testid: `rule-${kind}-${i}-half-life`,
        }),
    },
    {
      title: "同类上限",
      dataIndex: "cap",
      width: 140,
      render: (v: number | undefined, _r, i) =>
        numberCell(v, editable, (next) => setRule(i, (r) => withOptional(r, "cap", next)), {
          error: errorKeys.has(`${prefix}.rules.${i}.cap`),
          placeholder: "不设上限",
          min: 0,
          max: 1000,
          testid: `rule-${kind}-${i}-cap`,
        }),
    },
    {
      title: "可信用修复",
      dataIndex: "repairable",
      width: 110,
      render: (v: boolean, _r, i) =>
        editable ? (
          <Switch size="small" checked={v} onChange={(checked) => setRule(i, (r) => ({ ...r, repairable: checked }))} {...testId(`rule-${kind}-${i}-repairable`)} />
        ) : v ? (
          "是"
        ) : (
          "否"
        ),
    },
  ];

  const bandColumns: TableColumnsType<TGradeBand> = [
    { title: "等级", dataIndex: "grade", width: 90 },
    { title: "名称", dataIndex: "label", width: 120 },
    {
      title: "最低分（含）",
      dataIndex: "min",
      render: (v: number, _b, i) =>
        numberCell(v, editable, (next) => next !== undefined && setBand(i, (b) => ({ ...b, min: next })), {
          error: errorKeys.has(`${prefix}.bands.${i}.min`) || errorKeys.has(`${prefix}.bands`),
          testid: `band-${kind}-${i}-min`,
        }),
    },
    {
      title: "区间",
      key: "range",
      render: (_: unknown, b, i) => {
        const above = scale.bands[i - 1];
        return `${b.min} – ${above ? above.min - 1 : scale.max}`;
      },
    },
  ];

  const scaleField = (field: "base" | "min" | "max") =>
    numberCell(scale[field], editable, (v) => v !== undefined && onChange({ ...scale, [field]: v }), {
      error: errorKeys.has(`${prefix}.${field}`),
      testid: `scale-${kind}-${field}`,
    });

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Space size="large" wrap>
        <span>基础分：{scaleField("base")}</span>
        <span>最低分：{scaleField("min")}</span>
        <span>最高分：{scaleField("max")}</span>
      </Space>
      <div>
        <Typography.Title level={5}>计分规则</Typography.Title>
        <Typography.Paragraph type="secondary">
          每条记录按“分值 × 0.5^(记录天数 ÷ 半衰期)”计分，同类记录合计不超过上限；可信用修复的记录在修复后不再计入。
        </Typography.Paragraph>
        <Table<TScoreRule>
          rowKey={(r) => `${r.kind}-${r.severity ?? ""}-${r.taxGrade ?? ""}`}
          size="small"
          pagination={false}
          columns={ruleColumns}
          dataSource={scale.rules}
          data-testid={`scoring-rules-${kind}`}
          scroll={{ x: 700 }}
        />
      </div>
      <div>
        <Typography.Title level={5}>等级区间</Typography.Title>
        <Typography.Paragraph type="secondary">从高到低排列，最低等级的下限须等于最低分。</Typography.Paragraph>
        <Table<TGradeBand>
          rowKey="grade"
          size="small"
          pagination={false}
          columns={bandColumns}
          dataSource={scale.bands}
          data-testid={`scoring-bands-${kind}`}
          style={{ maxWidth: 600 }}
        />
      </div>
    </Space>
  );
}

export function ScoringModelPage() {
  const { version: versionParam = "" } = useParams();
  const version = Number(versionParam);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const user = useCurrentUser();
  const platformAdmin = user ? isPlatformAdmin(user.role) : false;

  const [model, setModel] = useState<TScoringModel | null>(null);
  const [inForce, setInForce] = useState<number | undefined>(undefined);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [note, setNote] = useState("");
  const [params, setParams] = useState<TScoringModelParams | null>(null);
  const [dirty, setDirty] = useState(false);
  const [issues, setIssues] = useState<TIssue[]>([]);
  const [busy, setBusy] = useState<"save" | "preview" | "publish" | null>(null);
  const [preview, setPreview] = useState<TScoringPreview | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);

  const adopt = useCallback((m: TScoringModel) => {
    setModel(m);
    setNote(m.note);
    setParams(structuredClone(m.params));
    setDirty(false);
    setIssues([]);
  }, []);

  const load = useCallback(async () => {
    setLoadError(null);
    try {
      const models = await listScoringModels();
      const found = models.find((m) => m.version === version);
      setInForce(inForceVersion(models));
      if (!found) setMissing(true);
      else adopt(found);
    } catch (err) {
      setLoadError(errorMessage(err));
    }
  }, [version, adopt]);

  useEffect(() => {
    setModel(null);
    setPreview(null);
    setMissing(false);
    void load();
  }, [load]);

  const editable = platformAdmin && model?.status === "draft";
  const errorKeys = useMemo(() => new Set(issues.map((i) => i.key)), [issues]);

  const save = async (): Promise<boolean> => {
    if (!model || !params) return false;
    const parsed = ZScoringModelDraftRequest.safeParse({ note, params });
    if (!parsed.success) {
      setIssues(toIssues(parsed.error.issues, params));
      return false;
    }
    setIssues([]);
    try {
      const saved = await saveScoringDraft(model.version, parsed.data.note, parsed.data.params);
      adopt(saved);
      return true;
    } catch (err) {
      if (err instanceof ApiError && err.issues.length > 0) setIssues(toIssues(err.issues, params));
      else setIssues([{ key: "", text: errorMessage(err) }]);
      return false;
    }
  };

  const onSave = async () => {
    setBusy("save");
    if (await save()) message.success("草稿已保存");
    setBusy(null);
  };

  const onPreview = async () => {
    if (!model) return;
    setBusy("preview");
    setPreviewError(null);
    try {
      // The preview is computed from the saved draft: save pending edits first.
      if (dirty && !(await save())) return;
      setPreview(await previewScoringModel(model.version));
    } catch (err) {
      setPreviewError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const onPublish = async () => {
    if (!model) return;
    setBusy("publish");
    try {
      const published = await publishScoringModel(model.version);
      adopt(published);
      setInForce(published.version);
      message.success(`评分模型 v${published.version} 已发布`);
    } catch (err) {
      message.error(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const back = <Button onClick={() => navigate("/scoring-models")}>返回列表</Button>;

  if (missing) {
    return (
      <Card>
        <Result status="404" title={`评分模型 v${versionParam} 不存在`} extra={back} />
      </Card>
    );
  }
  if (loadError && !model) {
    return (
      <Card>
        <Result status="error" title="无法加载评分模型" subTitle={loadError} extra={<Space>{back}<Button onClick={() => void load()}>重试</Button></Space>} />
      </Card>
    );
  }
  if (!model || !params) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 10 }} />
      </Card>
    );
  }

  const statusTag =
    model.status === "draft" ? <Tag>草稿</Tag> : model.version === inForce ? <Tag color="green">当前使用</Tag> : <Tag>已发布（历史）</Tag>;

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <Card
        title={
          <Space>
            <span>评分模型 v{model.version}</span>
            {statusTag}
            {dirty && <Tag color="orange">有未保存的修改</Tag>}
          </Space>
        }
        extra={
          <Space wrap>
            {editable && (
              <>
                <Button type="primary" onClick={() => void onSave()} loading={busy === "save"} disabled={!dirty || busy !== null} data-testid="scoring-save">
                  保存
                </Button>
                <Button onClick={() => void onPreview()} loading={busy === "preview"} disabled={busy !== null} data-testid="scoring-preview-button">
                  {dirty ? "保存并预览影响" : "预览影响"}
                </Button>
                <Popconfirm
                  title={`发布评分模型 v${model.version}？`}
                  description="发布后此后的所有评价都使用该版本，且不能再修改。"
                  okText="发布"
                  cancelText="取消"
                  okButtonProps={testId("scoring-publish-confirm")}
                  onConfirm={() => onPublish()}
                  disabled={dirty || busy !== null}
                >
                  <Button danger disabled={dirty || busy !== null} loading={busy === "publish"} data-testid="scoring-publish" title={dirty ? "请先保存修改" : undefined}>
                    发布
                  </Button>
                </Popconfirm>
              </>
            )}
            {back}
          </Space>
        }
      >
        <Typography.Paragraph type="secondary">
          创建于 {formatDateTime(model.createdAt)}
          {model.publishedAt ? `，发布于 ${formatDateTime(model.publishedAt)}` : ""}。
          {!editable && (model.status === "draft" ? "仅平台管理员可以修改草稿。" : "已发布的版本不能修改；如需调整，请新建草稿。")}
        </Typography.Paragraph>
        <div style={{ marginBottom: 16, maxWidth: 600 }}>
          <Typography.Text>说明：</Typography.Text>
          {editable ? (
            <Input
              data-testid="scoring-note"
              value={note}
              maxLength={200}
              placeholder="如：降低轻微处罚的分值"
              onChange={(e) => {
                setNote(e.target.value);
                setDirty(true);
              }}
            />
          ) : (
            <Typography.Text>{model.note || "—"}</Typography.Text>
          )}
        </div>
        {issues.length > 0 && (
          <FormErrorAlert
            testId="scoring-errors"
            title="请修正以下问题"
            lines={issues.map((i) => i.text)}
            marginBottom={16}
          />
        )}
        <Tabs
          items={SCALE_KINDS.map((kind) => ({
            key: kind,
            label: `${SUBJECT_KIND_LABELS[kind]}评分`,
            children: (
              <ScaleEditor
                kind={kind}
                scale={params[kind]}
                editable={editable}
                errorKeys={errorKeys}
                onChange={(next) => {
                  setParams({ ...params, [kind]: next });
                  setDirty(true);
                }}
              />
            ),
          }))}
        />
      </Card>
      {(preview || previewError) && (
        <Card title="影响预览：按当前全部信用记录测算">
          {previewError ? <Alert type="error" showIcon title={previewError} /> : preview && <ScoringPreviewView preview={preview} />}
        </Card>
      )}
    </Space>
  );
}
