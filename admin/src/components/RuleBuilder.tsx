import { createContext, useContext, type ReactNode } from "react";
import { Button, Checkbox, InputNumber, Radio, Segmented, Select, Space, Tag, Typography, theme } from "antd";
import { gradeName, SUBJECT_KIND_NAMES, SUBJECT_KINDS, YUNNAN_PREFECTURES, type TCreditScalesOfModel, type TPrefectureCode, type TSubjectKind } from "@xinyi/shared";
import { fetchCreditScales } from "../api/credit";
import { SUBJECT_KIND_LABELS } from "../lib/credit";
import { gradeOptionsOf, scaleHint } from "../lib/scenarios";
import { useLoad } from "../lib/useLoad";
import { depthOf, emptyGroup, isGroup, isThreshold, newLeaf, updateNode, type TRuleGroup, type TRuleLeafType, type TRuleNode, type TThresholdNode } from "../lib/ruleTree";

/** Groups may nest this deep below the root (all/any of all/any of conditions). */
const MAX_GROUP_DEPTH = 2;

const LEAF_BUTTONS: readonly { type: TRuleLeafType; label: string; testKey: string }[] = [
  { type: "minScore", label: "信用分", testKey: "minscore" },
  { type: "minGrade", label: "信用等级及以上", testKey: "mingrade" },
  { type: "grades", label: "指定信用等级", testKey: "grades" },
  { type: "subjectKinds", label: "主体类型", testKey: "kinds" },
  { type: "redList", label: "守信红名单", testKey: "redlist" },
  { type: "prefectures", label: "所在州市", testKey: "prefectures" },
];

const prefectureOptions = YUNNAN_PREFECTURES.map((p) => ({ value: p.code, label: p.name }));

export interface RuleBuilderProps {
  value?: TRuleGroup;
  onChange?: (next: TRuleGroup) => void;
  /** Validation messages by node id. */
  errors?: Readonly<Record<string, readonly string[]>>;
  disabled?: boolean;
  id?: string;
  /** What the rule decides, in the root's heading and its empty note: 申领 (benefits) by default, 申请 for loan products. */
  verb?: string;
}

const kindOptions = SUBJECT_KINDS.map((k) => ({ value: k, label: SUBJECT_KIND_NAMES[k] }));

/** The published model's scales (null while they load): score bounds and grades per subject kind. */
const ScalesContext = createContext<TCreditScalesOfModel | null>(null);
const VerbContext = createContext("申领");

/**
 * Eligibility rule builder: conditions (minimum score, grade or better, listed grades, subject
 * kinds, red list, prefectures) combined by 全部满足/任一满足, with nested groups. A controlled
 * form control. Scores and grades are on one subject kind's scale each (个人 0–1000 AAA…D,
 * 企业 0–100 A…D in the default model); the server checks them against the published model.
 */
export function RuleBuilder({ value, onChange, errors = {}, disabled, id, verb = "申领" }: RuleBuilderProps) {
  const root = value ?? emptyGroup();
  const { data: scales } = useLoad(fetchCreditScales, null);
  const change = (nodeId: string, fn: (node: TRuleNode) => TRuleNode | null) => onChange?.(updateNode(root, nodeId, fn));
  return (
    <ScalesContext.Provider value={scales}>
      <VerbContext.Provider value={verb}>
        <div id={id} data-testid="scenario-form-rule">
          <GroupView group={root} root={root} isRoot change={change} errors={errors} disabled={disabled} />
        </div>
      </VerbContext.Provider>
    </ScalesContext.Provider>
  );
}

interface NodeProps {
  root: TRuleGroup;
  change: (nodeId: string, fn: (node: TRuleNode) => TRuleNode | null) => void;
  errors: Readonly<Record<string, readonly string[]>>;
  disabled: boolean | undefined;
}

function NodeErrors({ messages }: { messages: readonly string[] | undefined }) {
  if (!messages || messages.length === 0) return null;
  return (
    <div className="rule-node-error" data-testid="scenario-form-rule-error">
      {messages.map((m) => (
        <Typography.Text key={m} type="danger" style={{ display: "block", fontSize: 13 }}>
          {m}
        </Typography.Text>
      ))}
    </div>
  );
}

function GroupView({ group, isRoot, ...props }: NodeProps & { group: TRuleGroup; isRoot?: boolean }) {
  const { token } = theme.useToken();
  const verb = useContext(VerbContext);
  const { change, disabled, errors, root } = props;
  const depth = depthOf(root, group.id) ?? 0;
  const prefix = isRoot ? "scenario-form-rule" : "scenario-form-rule-group";
  const add = (node: TRuleNode) =>
    change(group.id, (g) => (isGroup(g) ? { ...g, rules: [...g.rules, node] } : g));
  // A group restricted to one kind offers thresholds on that kind's scale first.
  const restricted = group.type === "all" ? group.rules.find((r) => r.type === "subjectKinds" && r.kinds.length === 1) : undefined;
  const defaultKind: TSubjectKind = restricted?.type === "subjectKinds" ? restricted.kinds[0]! : "citizen";

  return (
    <div
      data-testid={isRoot ? undefined : "scenario-form-rule-subgroup"}
      style={{
        border: `1px ${isRoot ? "solid" : "dashed"} ${token.colorBorder}`,
        borderRadius: token.borderRadiusLG,
        padding: 12,
        background: isRoot ? token.colorFillQuaternary : token.colorBgContainer,
      }}
    >
      <Space wrap style={{ marginBottom: group.rules.length > 0 ? 8 : 0 }}>
        <Typography.Text strong>{isRoot ? `${verb}条件` : "条件组"}</Typography.Text>
        <Segmented<"all" | "any">
          data-testid={`${prefix}-combinator`}
          size="small"
          disabled={disabled}
          value={group.type}
          options={[
            { value: "all", label: "全部满足" },
            { value: "any", label: "任一满足" },
          ]}
          onChange={(type) => change(group.id, (g) => (isGroup(g) ? { ...g, type } : g))}
        />
        {!isRoot && (
          <Button size="small" type="link" danger disabled={disabled} onClick={() => change(group.id, () => null)}>
            删除条件组
          </Button>
        )}
      </Space>
      <NodeErrors messages={errors[group.id]} />
      {group.rules.length === 0 && (
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0 8px" }}>
          {isRoot ? `未设置条件：信用良好（不在失信名单中）的主体均可${verb}。` : "请在此组中添加条件。"}
        </Typography.Paragraph>
      )}
      <div style={{ display: "flex", flexDirection: "column", gap: 8 }}>
        {group.rules.map((child, index) => (
          <div key={child.id} style={{ display: "flex", gap: 8, alignItems: "flex-start" }}>
            <Tag style={{ marginTop: 5, minWidth: 36, textAlign: "center" }}>
              {index === 0 ? "条件" : group.type === "all" ? "且" : "或"}
            </Tag>
            <div style={{ flex: 1, minWidth: 0 }}>
              {isGroup(child) ? (
                <GroupView group={child} {...props} />
              ) : (
                <LeafView node={child} {...props} />
              )}
            </div>
          </div>
        ))}
      </div>
      <Space wrap size={4} style={{ marginTop: 8 }}>
        <Typography.Text type="secondary">添加：</Typography.Text>
        {LEAF_BUTTONS.map((b) => (
          <Button
            key={b.type}
            size="small"
            disabled={disabled}
            data-testid={`${prefix}-add-${b.testKey}`}
            onClick={() => add(newLeaf(b.type, defaultKind))}
          >
            + {b.label}
          </Button>
        ))}
        {depth < MAX_GROUP_DEPTH && (
          <Button size="small" type="dashed" disabled={disabled} data-testid={`${prefix}-add-group`} onClick={() => add(emptyGroup(group.type === "all" ? "any" : "all"))}>
            + 条件组
          </Button>
        )}
      </Space>
    </div>
  );
}

/** Which kind's scale a threshold is on. Grades the other scale lacks are dropped on a switch. */
function KindSwitch({ node, change, disabled }: { node: TThresholdNode } & Pick<NodeProps, "change" | "disabled">) {
  const scales = useContext(ScalesContext);
  return (
    <Radio.Group
      data-testid={`scenario-form-rule-${node.type.toLowerCase()}-kind`}
      size="small"
      optionType="button"
      buttonStyle="solid"
      disabled={disabled}
      value={node.subjectKind}
      options={kindOptions}
      onChange={({ target }) =>
        change(node.id, (n) => {
          const subjectKind = target.value as TSubjectKind;
          if (!isThreshold(n)) return n;
          const has = (g: string) => !scales || scales[subjectKind].bands.some((b) => b.grade === g);
          if (n.type === "grades") return { ...n, subjectKind, grades: n.grades.filter(has) };
          if (n.type === "minGrade") return { ...n, subjectKind, grade: n.grade !== null && has(n.grade) ? n.grade : null };
          return { ...n, subjectKind };
        })
      }
    />
  );
}

function LeafView({ node, change, errors, disabled }: NodeProps & { node: Exclude<TRuleNode, TRuleGroup> }) {
  const { token } = theme.useToken();
  const scales = useContext(ScalesContext);
  const scale = isThreshold(node) && scales ? scales[node.subjectKind] : undefined;
  const grades = scale ? gradeOptionsOf(scale) : [];
  let label: string;
  let control: ReactNode = null;
  let hint: string | undefined;
  switch (node.type) {
    case "minScore":
      label = "信用分不低于";
      hint = scale ? scaleHint(node.subjectKind, scale) : undefined;
      control = (
        <>
          <KindSwitch node={node} change={change} disabled={disabled} />
          <InputNumber<number>
            data-testid="scenario-form-rule-minscore-input"
            // No min/max: clamping would silently turn 650 into 100; the server names the scale instead.
            precision={0}
            placeholder={scale ? `${scale.min}–${scale.max}` : "如 650"}
            disabled={disabled}
            value={node.score}
            status={errors[node.id] ? "error" : undefined}
            onChange={(score) => change(node.id, (n) => (n.type === "minScore" ? { ...n, score: score ?? null } : n))}
            style={{ width: 140 }}
          />
        </>
      );
      break;
    case "minGrade":
      label = "信用等级不低于";
      hint = scale ? `${gradeName(node.subjectKind)}从高到低：${scale.bands.map((b) => b.grade).join(" › ")}` : undefined;
      control = (
        <>
          <KindSwitch node={node} change={change} disabled={disabled} />
          <Select<string>
            data-testid="scenario-form-rule-mingrade-input"
            placeholder="选择等级"
            disabled={disabled}
            loading={!scales}
            value={node.grade ?? undefined}
            options={grades}
            status={errors[node.id] ? "error" : undefined}
            onChange={(grade) => change(node.id, (n) => (n.type === "minGrade" ? { ...n, grade } : n))}
            style={{ minWidth: 200 }}
            virtual={false}
          />
          <Typography.Text>及以上</Typography.Text>
        </>
      );
      break;
    case "grades":
      label = "信用等级为";
      control = (
        <>
          <KindSwitch node={node} change={change} disabled={disabled} />
          <Select<string[]>
            data-testid="scenario-form-rule-grades-input"
            mode="multiple"
            placeholder="选择一个或多个等级"
            disabled={disabled}
            loading={!scales}
            value={node.grades}
            options={grades}
            status={errors[node.id] ? "error" : undefined}
            onChange={(picked) => change(node.id, (n) => (n.type === "grades" ? { ...n, grades: picked } : n))}
            style={{ minWidth: 260 }}
            virtual={false}
          />
        </>
      );
      break;
    case "subjectKinds":
      label = "主体类型限";
      control = (
        <Checkbox.Group<TSubjectKind>
          data-testid="scenario-form-rule-kinds-input"
          disabled={disabled}
          value={node.kinds}
          options={SUBJECT_KINDS.map((k) => ({ value: k, label: SUBJECT_KIND_LABELS[k] }))}
          onChange={(kinds) => change(node.id, (n) => (n.type === "subjectKinds" ? { ...n, kinds } : n))}
        />
      );
      break;
    case "redList":
      label = "已列入守信红名单";
      break;
    case "prefectures":
      label = "所在州市为";
      control = (
        <Select<TPrefectureCode[]>
          data-testid="scenario-form-rule-prefectures-input"
          mode="multiple"
          placeholder="选择州市"
          disabled={disabled}
          value={node.codes}
          options={prefectureOptions}
          optionFilterProp="label"
          status={errors[node.id] ? "error" : undefined}
          onChange={(codes) => change(node.id, (n) => (n.type === "prefectures" ? { ...n, codes } : n))}
          style={{ minWidth: 260 }}
          virtual={false}
        />
      );
      break;
  }
  return (
    <div
      data-testid={`scenario-form-rule-${node.type}`}
      style={{
        border: `1px solid ${token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        padding: "6px 10px",
        background: token.colorBgContainer,
      }}
    >
      <Space wrap align="center">
        <Typography.Text>{label}</Typography.Text>
        {control}
        <Button size="small" type="link" danger disabled={disabled} onClick={() => change(node.id, () => null)}>
          删除
        </Button>
      </Space>
      {hint && (
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
      <NodeErrors messages={errors[node.id]} />
    </div>
  );
}
