import { useCallback, useMemo, useState } from "react";
import { Alert, Button, Form, Select, Space, type FormInstance } from "antd";
import { describeRule } from "@xinyi/shared";
import { clearErrors, mapIssuesToFields, setErrorsAt } from "../lib/formErrors";
import { completeRule, emptyGroup, findNode, hasIncomplete, type TRuleGroup } from "../lib/ruleTree";
import { GRADE_OPTIONS } from "../lib/scenarios";
import { testId } from "../lib/testId";
import { FormErrorAlert } from "./FormErrorAlert";

/**
 * The parts the two editors with a RuleBuilder share (场景 and 贷款产品): the errors from zod or the
 * server placed under their fields and rule nodes, the rule's preview, the banners above the form
 * and the buttons under it.
 */

export type TFormIssue = { path: string | readonly PropertyKey[]; message: string };
export type TEditorFormError = { title: string; lines: string[]; conflict?: boolean };

/** "tiers.0.summary" → ["tiers", 0, "summary"], the form's name path. */
export function namePath(key: string): (string | number)[] {
  return key.split(".").map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Issues land on plain fields (keys turned into name paths) and on rule nodes as `rule:<node id>`;
 * what lands nowhere, and the rule's messages under `ruleLabel` ("申领条件", "申请条件"), go in the banner.
 */
export function useRuleFormIssues<V extends { rule?: TRuleGroup }>(form: FormInstance<V>, fieldKeyFor: (segments: string[], rule: TRuleGroup) => string | undefined, ruleLabel: string) {
  const [formError, setFormError] = useState<TEditorFormError | null>(null);
  const [ruleErrors, setRuleErrors] = useState<Record<string, string[]>>({});

  const clearAllErrors = useCallback(() => {
    clearErrors(form);
    setRuleErrors({});
  }, [form]);

  const showIssues = (issues: readonly TFormIssue[], bannerTitle: string) => {
    const rule = ((form as FormInstance).getFieldValue("rule") as TRuleGroup | undefined) ?? emptyGroup();
    const { fields, unmatched } = mapIssuesToFields<string>(issues, (segments) => fieldKeyFor(segments, rule));
    clearAllErrors();
    const nodeErrors: Record<string, string[]> = {};
    const formFields: { name: (string | number)[]; errors: string[] }[] = [];
    for (const [key, messages] of Object.entries(fields) as [string, string[]][]) {
      if (key.startsWith("rule:")) {
        const nodeId = key.slice("rule:".length);
        const node = findNode(rule, nodeId);
        // An empty score is sent to zod as NaN: say what is missing instead of zod's type message.
        nodeErrors[nodeId] = node?.type === "minScore" && node.score === null ? ["请填写最低信用分"] : messages;
      } else {
        formFields.push({ name: namePath(key), errors: messages });
      }
    }
    setErrorsAt(form, formFields);
    setRuleErrors(nodeErrors);
    const ruleMessages = Object.values(nodeErrors).flat();
    const banner = [...unmatched, ...(ruleMessages.length > 0 ? [`${ruleLabel}：${ruleMessages.join("；")}`] : [])];
    setFormError(banner.length > 0 || formFields.length === 0 ? { title: bannerTitle, lines: banner } : null);
    // Form.Item ids join the name path with "_" (tiers.0.summary → tiers_0_summary); the rule builder's is "rule".
    const firstId = formFields[0]?.name.join("_") ?? (ruleMessages.length > 0 ? "rule" : undefined);
    if (firstId) document.getElementById(firstId)?.scrollIntoView({ block: "center", behavior: "smooth" });
  };

  /** Errors come from zod or the server, not Form rules: drop them once the form is edited. Returns the changed keys. */
  const onValuesChange = (changed: object): string[] => {
    const keys = Object.keys(changed);
    if (keys.includes("rule")) setRuleErrors({});
    clearErrors(form, keys);
    return keys;
  };

  return { formError, setFormError, ruleErrors, showIssues, onValuesChange };
}

/** The rule being edited in words, and whether some of it is not yet complete. */
export function useRulePreview<V extends { rule?: TRuleGroup }>(form: FormInstance<V>, initialRule: TRuleGroup | undefined) {
  const ruleTree = (Form.useWatch("rule", form) as TRuleGroup | undefined) ?? initialRule ?? emptyGroup();
  return useMemo(() => {
    const rule = completeRule(ruleTree) ?? { type: "all" as const, rules: [] };
    return { text: describeRule(rule), incomplete: hasIncomplete(ruleTree) };
  }, [ruleTree]);
}

export function RulePreviewAlert({ testId: tid, preview }: { testId: string; preview: { text: string; incomplete: boolean } }) {
  return (
    <Alert
      type="info"
      data-testid={tid}
      title={
        <span>
          条件预览：<b>{preview.text}</b>
        </span>
      }
      description={preview.incomplete ? "尚未填写完整的条件不计入预览，保存前请补全或删除。" : undefined}
      style={{ marginBottom: 24 }}
    />
  );
}

/** Above the form: why the item was rejected (while it is), and the form's error banner with 重新加载 on a conflict. */
export function EditorFormBanners({
  item,
  formError,
  testId: tid,
  reload,
}: {
  /** The item being edited; null for a new one. */
  item: { status: string; rejectionReason?: string | null } | null;
  formError: TEditorFormError | null;
  testId: string;
  reload: () => void;
}) {
  const rejectionReason = item?.status === "rejected" ? item.rejectionReason : undefined;
  return (
    <>
      {rejectionReason && <Alert type="warning" showIcon title={`驳回原因：${rejectionReason}`} description="修改后请重新提交审核。" style={{ marginBottom: 16 }} />}
      {formError && (
        <FormErrorAlert testId={tid} title={formError.title} lines={formError.lines} action={formError.conflict ? <Button onClick={reload}>重新加载</Button> : undefined} />
      )}
    </>
  );
}

/** 保存修改 / 保存为草稿 and 取消: `<prefix>-submit`, `<prefix>-cancel`. */
export function EditorFormButtons({ prefix, editing, submitting, onCancel }: { prefix: string; editing: boolean; submitting: boolean; onCancel: () => void }) {
  return (
    <Form.Item style={{ marginBottom: 0, marginTop: 8 }}>
      <Space>
        <Button type="primary" htmlType="submit" loading={submitting} data-testid={`${prefix}-submit`}>
          {editing ? "保存修改" : "保存为草稿"}
        </Button>
        <Button onClick={onCancel} disabled={submitting} {...testId(`${prefix}-cancel`)}>
          取消
        </Button>
      </Space>
    </Form.Item>
  );
}

/** The grades a tier applies to, in a tier row of either editor. */
export function TierGradesItem({ name, testId: tid }: { name: number; testId: string }) {
  return (
    <Form.Item name={[name, "grades"]} style={{ marginBottom: 8 }}>
      <Select<string[]> data-testid={tid} mode="multiple" placeholder="适用等级" options={[...GRADE_OPTIONS]} style={{ width: 260 }} virtual={false} />
    </Form.Item>
  );
}
