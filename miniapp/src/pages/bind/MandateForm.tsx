import { useState } from "react";
import Taro from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button, Input } from "@nutui/nutui-react-taro";
import { ArrowDown, ArrowUp } from "@nutui/icons-react-taro";
import { prefectureName, ZMandateRequest, type TMandate, type TMandateApprover, type TPrefectureCode } from "@xinyi/shared";
import { identityErrorMessage, requestMandate } from "../../api/identity";
import { PrefectureGrid } from "../../components/PrefectureGrid";
import type { PickedLetter } from "../../lib/letter";
import { firstIssue, useFormError } from "./form";
import { LetterPicker } from "./LetterPicker";

const APPROVERS: { value: TMandateApprover; title: string; text: string }[] = [
  { value: "legal_rep", title: "法定代表人在其小程序中审批", text: "法定代表人登录信易+，在「企业授权管理」中同意后即生效。" },
  { value: "administrator", title: "上传授权书由州市管理员审核", text: "上传加盖公章的授权委托书，由企业所在州市的管理员审核。" },
];

/**
 * 经办人授权申请 for an enterprise the account may not bind by itself. `adminOnly` when the
 * platform has no legal representative on file, or does not know the enterprise yet: only an
 * administrator's review can bind it, and the form asks where it is registered (the server
 * takes it for an enterprise it does not know, and ignores it otherwise).
 */
export function MandateForm({
  uscc,
  initialName,
  adminOnly,
  defaultPrefecture,
  onSubmitted,
}: {
  uscc: string;
  initialName?: string;
  adminOnly: boolean;
  defaultPrefecture?: TPrefectureCode;
  onSubmitted: (mandate: TMandate) => void;
}) {
  const [enterpriseName, setEnterpriseName] = useState(initialName ?? "");
  const [approver, setApprover] = useState<TMandateApprover>(adminOnly ? "administrator" : "legal_rep");
  const [letter, setLetter] = useState<PickedLetter>();
  const [note, setNote] = useState("");
  const [prefecture, setPrefecture] = useState<TPrefectureCode | undefined>(defaultPrefecture);
  const [choosingPrefecture, setChoosingPrefecture] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const { error, fail, clear } = useFormError();

  async function onSubmit() {
    if (submitting) return;
    if (adminOnly && !prefecture) {
      fail("请选择企业登记所在州市");
      return;
    }
    const parsed = ZMandateRequest.safeParse({
      uscc,
      enterpriseName,
      approver,
      ...(approver === "administrator" && letter ? { letter: { fileName: letter.fileName, contentType: letter.contentType, dataBase64: letter.dataBase64 } } : {}),
      ...(note.trim() ? { note } : {}),
      ...(adminOnly && prefecture ? { prefectureCode: prefecture } : {}),
    });
    if (!parsed.success) {
      fail(firstIssue(parsed.error, ["uscc", "enterpriseName", "approver", "letter", "note"]));
      return;
    }
    clear();
    setSubmitting(true);
    try {
      const mandate = await requestMandate(parsed.data);
      void Taro.showToast({ title: "授权申请已提交", icon: "success", duration: 1500 });
      onSubmitted(mandate);
    } catch (e) {
      fail(identityErrorMessage(e));
    } finally {
      setSubmitting(false);
    }
  }

  const choices = adminOnly ? APPROVERS.filter((a) => a.value === "administrator") : APPROVERS;

  return (
    <View className="card bind__form" data-testid="mandate-form">
      <View className="section-title bind__form-title">申请成为企业经办人</View>
      <View className="bind__row">
        <Text className="muted">统一社会信用代码</Text>
        <Text className="bind__row-value bind__mono">{uscc}</Text>
      </View>
      <View className="bind__label bind__label--spaced">企业名称</View>
      <View className="bind__field">
        <Input data-testid="mandate-enterprise-name" placeholder="与营业执照一致" maxLength={100} value={enterpriseName} onChange={setEnterpriseName} clearable />
      </View>
      {adminOnly ? (
        <>
          <View className="bind__label">企业登记所在州市</View>
          <View className="bind__select" data-testid="mandate-prefecture" onClick={() => setChoosingPrefecture((v) => !v)}>
            <Text className={prefecture ? "" : "muted"}>{prefecture ? prefectureName(prefecture) : "请选择"}</Text>
            {choosingPrefecture ? <ArrowUp size={12} color="#86909c" /> : <ArrowDown size={12} color="#86909c" />}
          </View>
          {choosingPrefecture ? (
            <View className="bind__prefectures">
              <PrefectureGrid
                compact
                value={prefecture}
                testIdPrefix="mandate-prefecture-option-"
                onChange={(code) => {
                  setPrefecture(code);
                  setChoosingPrefecture(false);
                }}
              />
            </View>
          ) : null}
        </>
      ) : null}
      <View className="bind__label">审批方式</View>
      <View className="bind__choices">
        {choices.map((c) => (
          <View
            key={c.value}
            className={`bind__choice${approver === c.value ? " bind__choice--active" : ""}`}
            data-testid={`mandate-approver-${c.value}`}
            onClick={() => setApprover(c.value)}
          >
            <View className="bind__choice-title">{c.title}</View>
            <View className="bind__choice-text">{c.text}</View>
          </View>
        ))}
      </View>
      {approver === "administrator" ? (
        <LetterPicker
          letter={letter}
          onPicked={(picked) => {
            setLetter(picked);
            clear();
          }}
          onError={fail}
        />
      ) : null}
      <View className="bind__label">说明（选填）</View>
      <View className="bind__field">
        <Input data-testid="mandate-note" placeholder="如：财务部，负责办理信易贷" maxLength={200} value={note} onChange={setNote} clearable />
      </View>
      {error ? (
        <View className="bind__error" data-testid="mandate-error" data-seq={String(error.seq)}>
          {error.message}
        </View>
      ) : null}
      <Button data-testid="mandate-submit" type="primary" block size="large" loading={submitting} onClick={onSubmit}>
        提交授权申请
      </Button>
    </View>
  );
}
