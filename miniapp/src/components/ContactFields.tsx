import { useState } from "react";
import { LOAN_CONSENT_DAYS_DEFAULT, type TMe } from "@xinyi/shared";
import { dayAfter } from "../lib/credit";
import { consentUntil, isValidConsentDay } from "../lib/loans";
import { InputField } from "./InputField";
import { LoanConsent } from "./LoanConsent";
import type { useFormIssues } from "./useFormIssues";

/**
 * Who the bank calls and the consent to the bank: the part a loan application (申请贷款) and a
 * financing demand (发布融资需求) share, so that both ask and check it the same way.
 */
export function useContactConsent(me: TMe | undefined) {
  const [contactName, setContactName] = useState(me?.identity?.name ?? "");
  const [contactPhone, setContactPhone] = useState("");
  const [agreed, setAgreed] = useState(false);
  const [consentDay, setConsentDay] = useState(() => dayAfter(LOAN_CONSENT_DAYS_DEFAULT));
  return {
    contactName,
    setContactName,
    contactPhone,
    setContactPhone,
    agreed,
    setAgreed,
    consentDay,
    setConsentDay,
    /** The request's contact and consent fields, as the shared schemas name them. */
    body: () => ({ contactName, contactPhone, consent: { accepted: agreed, validUntil: consentUntil(consentDay) } }),
    /** The schema only knows a timestamp: the day itself must be after today and within a year. */
    checkDay: (found: Record<string, string>) => {
      if (!found["consent.validUntil"] && !isValidConsentDay(consentDay)) found["consent.validUntil"] = "授权截止日期须在今天之后、一年之内";
    },
  };
}

export type ContactConsent = ReturnType<typeof useContactConsent>;

/**
 * 联系人, 联系电话 and the consent box, with each refusal under its field. The test ids are
 * `<prefix>-contactName`, `<prefix>-contact-name-input`, … and `<prefix>-consent`.
 */
export function ContactFields({
  prefix,
  nameHint,
  who,
  whose,
  state: c,
  form: { issues, clearIssue, bind },
}: {
  prefix: string;
  nameHint: string;
  who: string;
  whose: string;
  state: ContactConsent;
  form: Pick<ReturnType<typeof useFormIssues>, "issues" | "clearIssue" | "bind">;
}) {
  return (
    <>
      <InputField label="联系人" hint={nameHint} inputTestId={`${prefix}-contact-name-input`} placeholder="联系人姓名" maxLength={30} {...bind("contactName", c.contactName, c.setContactName)} />
      <InputField
        label="联系电话"
        inputTestId={`${prefix}-contact-phone-input`}
        type="number"
        placeholder="11位手机号"
        maxLength={11}
        {...bind("contactPhone", c.contactPhone, c.setContactPhone)}
      />

      <LoanConsent
        testId={`${prefix}-consent`}
        who={who}
        whose={whose}
        checked={c.agreed}
        onCheck={(next) => {
          c.setAgreed(next);
          clearIssue("consent.accepted");
        }}
        day={c.consentDay}
        onDay={(d) => {
          c.setConsentDay(d);
          clearIssue("consent.validUntil");
        }}
        checkError={issues["consent.accepted"]}
        dayError={issues["consent.validUntil"]}
      />
    </>
  );
}
