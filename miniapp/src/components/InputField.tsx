import type { ComponentProps, ComponentType, ReactNode } from "react";
import { Input, TextArea } from "@nutui/nutui-react-taro";
import { Field } from "./Field";

interface Labels {
  label: string;
  hint?: ReactNode;
  error?: string;
  testId: string;
  inputTestId: string;
}

/**
 * A control in its labelled Field: the box, its hint, and the refusal in place of the hint.
 * The control's own props pass through as given (an unset one keeps NutUI's default).
 */
function inField<P extends object>(Control: ComponentType<P>) {
  return function Boxed({ label, hint, error, testId, inputTestId, ...control }: Labels & P) {
    return (
      <Field label={label} hint={hint} error={error} testId={testId}>
        <Control data-testid={inputTestId} {...(control as unknown as P)} />
      </Field>
    );
  };
}

/** A one-line input in its Field. */
export const InputField = inField<ComponentProps<typeof Input>>(Input);

/** A several-line text in its Field. */
export const TextAreaField = inField<ComponentProps<typeof TextArea>>(TextArea);

/** 贷款用途 / 融资用途: 2–200 characters, three rows. */
export function PurposeField(props: Omit<ComponentProps<typeof TextAreaField>, "maxLength" | "rows">) {
  return <TextAreaField maxLength={200} rows={3} {...props} />;
}
