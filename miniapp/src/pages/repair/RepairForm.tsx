import { useState } from "react";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ZRepairApplyRequest, type TRecordRights, type TRepair, type TRepairCommitmentText } from "@xinyi/shared";
import { ApiError, errorMessage } from "../../api/client";
import { applyForRepair } from "../../api/credit-rights";
import { AttachmentPicker } from "../../components/AttachmentPicker";
import { CheckRow } from "../../components/CheckRow";
import { Field } from "../../components/Field";
import { useFormIssues } from "../../components/useFormIssues";
import { ATTACHMENTS_MAX_COUNT, dateText, fileIssue, fileIssueIndex, fileIssueKeys, kindWithSeverity, toUpload, type PickedFile } from "../../lib/credit-rights";
import { zodIssues } from "../../lib/loans";
import { RecordSummary } from "../objection/CaseSteps";

interface FormError {
  seq: number;
  message: string;
  /** REPAIR_COMMITMENT_OUTDATED: the text changed meanwhile; the page reloads it. */
  outdated?: boolean;
}

const FIELD_ORDER = [...fileIssueKeys("proofs"), "trainingCertificate", "trainingCertificate.fileName", "trainingCertificate.contentType", "trainingCertificate.dataBase64", "commitment.accepted", "commitment.textVersion"];

/** 申请信用修复: proof that the obligations are met, optionally a training certificate, and the 信用承诺书 read and signed. */
export function RepairForm({
  rights,
  commitment,
  onApplied,
  onOutdated,
}: {
  rights: TRecordRights;
  commitment: TRepairCommitmentText;
  onApplied: (created: TRepair) => void;
  onOutdated: () => void;
}) {
  const [proofs, setProofs] = useState<PickedFile[]>([]);
  const [certificate, setCertificate] = useState<PickedFile[]>([]);
  const [accepted, setAccepted] = useState(false);
  const [proofError, setProofError] = useState<string>();
  const [certError, setCertError] = useState<string>();
  const form = useFormIssues<FormError>("repair", FIELD_ORDER);
  const { issues, clearIssue, formError, submitting } = form;

  async function onSubmit() {
    if (submitting) return;
    const parsed = ZRepairApplyRequest.safeParse({
      recordId: rights.recordId,
      proofs: proofs.map(toUpload),
      commitment: { accepted, textVersion: commitment.version },
      ...(certificate[0] ? { trainingCertificate: toUpload(certificate[0]) } : {}),
    });
    const found = parsed.success ? {} : zodIssues(parsed.error.issues);
    await form.submit(found, parsed.success ? parsed.data : undefined, applyForRepair, {
      toast: "修复申请已提交",
      done: onApplied,
      unknownHint: "提交结果未知：请再点一次“提交修复申请”，不会重复提交。",
      special: (e) => {
        if (e instanceof ApiError && e.code === "REPAIR_COMMITMENT_OUTDATED") {
          onOutdated();
          setAccepted(false);
          return { message: errorMessage(e), outdated: true };
        }
        return undefined;
      },
    });
  }

  const proofsError = fileIssue(issues, "proofs", proofs) ?? proofError;
  const certIssue = Object.entries(issues).find(([k]) => k.startsWith("trainingCertificate"))?.[1];
  const commitmentError = issues["commitment.accepted"] ?? issues["commitment.textVersion"];
  const paragraphs = commitment.text.split("\n");

  return (
    <View className="card case-form" data-testid="repair-form">
      <View className="case-form__title">申请信用修复</View>
      <RecordSummary testId="repair-form-record" record={{ title: rights.title, kindLabel: kindWithSeverity(rights.kindLabel, rights.severity), decidedAt: rights.decidedAt, statusLabel: rights.statusLabel }} />
      <View className="case-form__notice" data-testid="repair-form-notice">
        {rights.repairableFrom ? `该记录自${dateText(rights.repairableFrom)}起可申请修复。` : ""}
        修复通过后，该记录停止公示、不再计入信用评价，持有您授权的合作机构和银行也会同步收到修复结果。
      </View>

      <Field label="履行义务的证明材料" error={proofsError} testId="repair-proofs" plain>
        <AttachmentPicker
          testId="repair-proof-files"
          files={proofs}
          max={ATTACHMENTS_MAX_COUNT}
          baseName="证明材料"
          flagged={fileIssueIndex(issues, "proofs")}
          hint="如罚款缴纳凭证、整改完成证明；PDF、JPG 或 PNG，每个不超过 5MB，最多 5 个"
          onChange={(next) => {
            setProofs(next);
            for (const k of FIELD_ORDER.filter((k) => k.startsWith("proofs"))) clearIssue(k);
          }}
          onError={setProofError}
        />
      </Field>

      <Field label="信用修复培训证明（选填）" error={certIssue ?? certError} testId="repair-certificate" plain>
        <AttachmentPicker
          testId="repair-certificate-files"
          files={certificate}
          max={1}
          baseName="培训证明"
          hint="当地要求参加信用修复培训的，请上传培训结业证明（1 个文件）"
          onChange={(next) => {
            setCertificate(next);
            for (const k of FIELD_ORDER.filter((k) => k.startsWith("trainingCertificate"))) clearIssue(k);
          }}
          onError={setCertError}
        />
      </Field>

      <Field label="信用承诺书" error={commitmentError} testId="repair-commitment" plain>
        <View className="repair-commitment" data-testid="repair-commitment-text" data-version={commitment.version}>
          <View className="repair-commitment__title">{commitment.title}</View>
          {paragraphs.map((p, i) => (
            <View key={i} className="repair-commitment__para">
              {p}
            </View>
          ))}
          <View className="repair-commitment__version muted">版本 {commitment.version}</View>
        </View>
        <CheckRow
          checked={accepted}
          testId="repair-commitment-check"
          onChange={(next) => {
            setAccepted(next);
            clearIssue("commitment.accepted");
          }}
        >
          <Text>我已阅读并同意以上《{commitment.title}》，本人（本单位）郑重承诺并自愿接受监督</Text>
        </CheckRow>
      </Field>

      {formError ? (
        <View className="case-form__error" data-testid="repair-error" data-seq={String(formError.seq)}>
          {formError.message}
          {formError.outdated ? "，承诺书已更新为最新版本，请重新阅读后勾选。" : ""}
        </View>
      ) : null}

      <Button data-testid="repair-submit" type="primary" block size="large" loading={submitting} onClick={() => void onSubmit()}>
        签署承诺并提交修复申请
      </Button>
    </View>
  );
}
