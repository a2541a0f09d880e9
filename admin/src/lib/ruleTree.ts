import type { TEligibilityRule, TPrefectureCode, TSubjectKind } from "@xinyi/shared";

/**
 * The eligibility rule as the console edits it: the same tree as `TEligibilityRule`, with an id
 * on every node (React keys) and a minimum score or grade that may still be empty while typing.
 * Thresholds name the subject kind whose scale they are on.
 */
export type TRuleNode =
  | { id: string; type: "all" | "any"; rules: TRuleNode[] }
  | { id: string; type: "minScore"; subjectKind: TSubjectKind; score: number | null }
  | { id: string; type: "minGrade"; subjectKind: TSubjectKind; grade: string | null }
  | { id: string; type: "grades"; subjectKind: TSubjectKind; grades: string[] }
  | { id: string; type: "subjectKinds"; kinds: TSubjectKind[] }
  | { id: string; type: "redList" }
  | { id: string; type: "prefectures"; codes: TPrefectureCode[] };

export type TRuleGroup = Extract<TRuleNode, { type: "all" | "any" }>;
export type TRuleLeafType = Exclude<TRuleNode["type"], "all" | "any">;
export type TThresholdNode = Extract<TRuleNode, { type: "minScore" | "minGrade" | "grades" }>;

export function isThreshold(node: TRuleNode): node is TThresholdNode {
  return node.type === "minScore" || node.type === "minGrade" || node.type === "grades";
}

export function isGroup(node: TRuleNode): node is TRuleGroup {
  return node.type === "all" || node.type === "any";
}

let nextId = 0;
function newId(): string {
  nextId += 1;
  return `r${nextId}`;
}

export function emptyGroup(type: "all" | "any" = "all"): TRuleGroup {
  return { id: newId(), type, rules: [] };
}

/** A new condition; thresholds start on the scale of `kind`. */
export function newLeaf(type: TRuleLeafType, kind: TSubjectKind = "citizen"): TRuleNode {
  switch (type) {
    case "minScore":
      return { id: newId(), type, subjectKind: kind, score: null };
    case "minGrade":
      return { id: newId(), type, subjectKind: kind, grade: null };
    case "grades":
      return { id: newId(), type, subjectKind: kind, grades: [] };
    case "subjectKinds":
      return { id: newId(), type, kinds: [] };
    case "redList":
      return { id: newId(), type };
    case "prefectures":
      return { id: newId(), type, codes: [] };
  }
}

/** Server/stored rule → editable tree. The root is always a group (a lone condition becomes 全部满足 of one). */
export function fromRule(rule: TEligibilityRule): TRuleGroup {
  const node = toNode(rule);
  return isGroup(node) ? node : { id: newId(), type: "all", rules: [node] };
}

function toNode(rule: TEligibilityRule): TRuleNode {
  switch (rule.type) {
    case "all":
    case "any":
      return { id: newId(), type: rule.type, rules: rule.rules.map(toNode) };
    case "minScore":
      return { id: newId(), type: rule.type, subjectKind: rule.subjectKind, score: rule.score };
    case "minGrade":
      return { id: newId(), type: rule.type, subjectKind: rule.subjectKind, grade: rule.grade };
    case "grades":
      return { id: newId(), type: rule.type, subjectKind: rule.subjectKind, grades: [...rule.grades] };
    case "subjectKinds":
      return { id: newId(), type: rule.type, kinds: [...rule.kinds] };
    case "redList":
      return { id: newId(), type: rule.type };
    case "prefectures":
      return { id: newId(), type: rule.type, codes: [...rule.codes] };
  }
}

/**
 * Editable tree → the rule to send. An empty minimum score is sent as NaN (an empty grade as "")
 * so that zod (and the server) reject it under the right path rather than the console inventing a value.
 */
export function toRule(node: TRuleNode): TEligibilityRule {
  switch (node.type) {
    case "all":
    case "any":
      return { type: node.type, rules: node.rules.map(toRule) };
    case "minScore":
      return { type: "minScore", subjectKind: node.subjectKind, score: node.score ?? Number.NaN };
    case "minGrade":
      return { type: "minGrade", subjectKind: node.subjectKind, grade: node.grade ?? "" };
    case "grades":
      return { type: "grades", subjectKind: node.subjectKind, grades: node.grades };
    case "subjectKinds":
      return { type: "subjectKinds", kinds: node.kinds };
    case "redList":
      return { type: "redList" };
    case "prefectures":
      return { type: "prefectures", codes: node.codes };
  }
}

/** The tree with the node `id` replaced by `fn(node)` (or removed when `fn` returns null). */
export function updateNode(root: TRuleGroup, id: string, fn: (node: TRuleNode) => TRuleNode | null): TRuleGroup {
  const visit = (node: TRuleNode): TRuleNode | null => {
    if (node.id === id) return fn(node);
    if (isGroup(node)) {
      const rules: TRuleNode[] = [];
      for (const child of node.rules) {
        const next = visit(child);
        if (next) rules.push(next);
      }
      return { ...node, rules };
    }
    return node;
  };
  const next = visit(root);
  return next && isGroup(next) ? next : root;
}

/**
 * Path segments of a validation issue below `rule` (e.g. ["rules","0","score"]) → the id of the
 * node it is about, or undefined when the path leads nowhere in this tree.
 */
export function nodeIdForPath(root: TRuleNode, segments: readonly string[]): string | undefined {
  let node: TRuleNode = root;
  let i = 0;
  while (i < segments.length) {
    if (segments[i] !== "rules" || !isGroup(node)) break;
    const index = Number(segments[i + 1]);
    if (!Number.isInteger(index)) break;
    const child: TRuleNode | undefined = node.rules[index];
    if (!child) break;
    node = child;
    i += 2;
  }
  return node.id;
}

/** Depth of nesting, to stop groups inside groups from going on for ever. */
export function depthOf(root: TRuleNode, id: string, depth = 0): number | undefined {
  if (root.id === id) return depth;
  if (!isGroup(root)) return undefined;
  for (const child of root.rules) {
    const found = depthOf(child, id, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The rule without the conditions still being filled in (empty score, nothing chosen, empty
 * groups), for the live description while editing; null when nothing is left (read: no condition).
 */
export function completeRule(node: TRuleNode): TEligibilityRule | null {
  switch (node.type) {
    case "all":
    case "any": {
      const rules = node.rules.map(completeRule).filter((r): r is TEligibilityRule => r !== null);
      return rules.length === 0 ? null : { type: node.type, rules };
    }
    case "minScore":
      return node.score === null ? null : { type: "minScore", subjectKind: node.subjectKind, score: node.score };
    case "minGrade":
      return node.grade === null ? null : { type: "minGrade", subjectKind: node.subjectKind, grade: node.grade };
    case "grades":
      return node.grades.length === 0 ? null : { type: "grades", subjectKind: node.subjectKind, grades: node.grades };
    case "subjectKinds":
      return node.kinds.length === 0 ? null : { type: "subjectKinds", kinds: node.kinds };
    case "redList":
      return { type: "redList" };
    case "prefectures":
      return node.codes.length === 0 ? null : { type: "prefectures", codes: node.codes };
  }
}

/** Whether any condition is still being filled in (so the preview says it leaves them out); an empty root is fine. */
export function hasIncomplete(node: TRuleNode, isRoot = true): boolean {
  if (isGroup(node)) {
    if (node.rules.length === 0) return !(isRoot && node.type === "all");
    return node.rules.some((child) => hasIncomplete(child, false));
  }
  return completeRule(node) === null;
}

export function findNode(root: TRuleNode, id: string): TRuleNode | undefined {
  if (root.id === id) return root;
  if (!isGroup(root)) return undefined;
  for (const child of root.rules) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return undefined;
}
