import { useState } from "react";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { OBJECTION_GROUND_LABELS, OBJECTION_GROUNDS, ZObjectionRequest, type TMyObjection, type TObjectionGround, type TRecordRights } from "@xinyi/shared";
import { submitObjection } from "../../api/credit-rights";
import { AttachmentPicker } from "../../components/AttachmentPicker";
import { Chips, Field } from "../../components/Field";
import { TextAreaField } from "../../components/InputField";
import { useFormIssues } from "../../components/useFormIssues";
import { ATTACHMENTS_MAX_COUNT, fileIssue, fileIssueIndex, fileIssueKeys, kindWithSeverity, toUpload, type PickedFile } from "../../lib/credit-rights";
import { zodIssues } from "../../lib/loans";
import { RecordSummary } from "./CaseSteps";

interface FormError {
  seq: number;
  message: string;
}

/** Fields in the order the form shows them (the first refused one is scrolled to). */
const FIELD_ORDER = ["ground", "explanation", ...fileIssueKeys("attachments")];

/** 提出异议: the ground, what is wrong in the person's words, and files that show it. */
export function ObjectionForm({ rights, onSubmitted }: { rights: TRecordRights; onSubmitted: (created: TMyObjection) => void }) {
  const [ground, setGround] = useState<TObjectionGround>();
  const [explanation, setExplanation] = useState("");
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [fileError, setFileError] = useState<string>();
  const form = useFormIssues<FormError>("objection", FIELD_ORDER);
  const { issues, clearIssue, bind, formError, submitting } = form;

  async function onSubmit() {
    if (submitting) return;
    const parsed = ZObjectionRequest.safeParse({ recordId: rights.recordId, ground, explanation, attachments: files.map(toUpload) });
    const found = parsed.success ? {} : zodIssues(parsed.error.issues);
    await form.submit(found, parsed.success ? parsed.data : undefined, submitObjection, {
      toast: "异议已提交",
      done: onSubmitted,
      unknownHint: "提交结果未知：请再点一次“提交异议”，不会重复提交。",
    });
  }

  const filesError = fileIssue(issues, "attachments", files) ?? fileError;

  return (
    <View className="card case-form" data-testid="objection-form">
      <View className="case-form__title">提出异议</View>
      <RecordSummary testId="objection-form-record" record={{ title: rights.title, kindLabel: kindWithSeverity(rights.kindLabel, rights.severity), decidedAt: rights.decidedAt, statusLabel: rights.statusLabel }} />
      <View className="case-form__notice" data-testid="objection-form-notice">
        提交后该记录立即进入异议处理，处理期间暂不计入您的信用评价；信用主管部门将在规定的工作日内受理、核查并答复您。
      </View>

      <Field label="异议理由" error={issues.ground} testId="objection-ground" plain>
        <Chips
          testId="objection-ground-chips"
          options={OBJECTION_GROUNDS.map((g) => ({ value: g, label: OBJECTION_GROUND_LABELS[g] }))}
          selected={ground ? [ground] : []}
          onToggle={(g) => {
            setGround(g);
            clearIssue("ground");
          }}
        />
      </Field>

      <TextAreaField
        label="具体说明"
        hint={`请写明哪里有误、正确的情况是什么（10–1000字），已写 ${explanation.trim().length} 字`}
        inputTestId="objection-explanation-input"
        placeholder="如：处罚决定已于复议中撤销，见所附复议决定书"
        maxLength={1000}
        rows={5}
        {...bind("explanation", explanation, setExplanation)}
      />

      <Field label="证明材料（选填）" error={filesError} testId="objection-attachments" plain>
        <AttachmentPicker
          testId="objection-files"
          files={files}
          max={ATTACHMENTS_MAX_COUNT}
          baseName="证明材料"
          flagged={fileIssueIndex(issues, "attachments")}
          onChange={(next) => {
            setFiles(next);
            for (const k of FIELD_ORDER.filter((k) => k.startsWith("attachments"))) clearIssue(k);
          }}
          onError={setFileError}
        />
      </Field>

      {formError ? (
        <View className="case-form__error" data-testid="objection-error" data-seq={String(formError.seq)}>
          {formError.message}
        </View>
      ) : null}

      <Button data-testid="objection-submit" type="primary" block size="large" loading={submitting} onClick={() => void onSubmit()}>
        提交异议
      </Button>
    </View>
  );
}
