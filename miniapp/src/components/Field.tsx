import type { ReactNode } from "react";
import { View } from "@tarojs/components";

/**
 * A labelled form field with its hint and, in place of the hint, the message that refused it
 * (from the form's own check or the server's details.issues): the error sits under the field it names.
 */
export function Field({
  label,
  hint,
  error,
  testId,
  plain,
  children,
}: {
  label: string;
  hint?: ReactNode;
  error?: string;
  testId: string;
  /** Chips or pickers that draw their own boxes. */
  plain?: boolean;
  children: ReactNode;
}) {
  return (
    <View className={`field${error ? " field--error" : ""}`} data-testid={testId}>
      <View className="field__label">{label}</View>
      {plain ? children : <View className="field__box">{children}</View>}
      {error ? (
        <View className="field__error" data-testid={`${testId}-error`}>
          {error}
        </View>
      ) : hint ? (
        <View className="field__hint">{hint}</View>
      ) : null}
    </View>
  );
}

/** Choice chips (one or several) for short vocabularies: repayment modes, guarantee modes, quick terms. */
export function Chips<T extends string | number>({
  options,
  selected,
  onToggle,
  testId,
}: {
  options: readonly { value: T; label: string }[];
  selected: readonly T[];
  onToggle: (value: T) => void;
  testId: string;
}) {
  return (
    <View className="chips" data-testid={testId}>
      {options.map((o) => {
        const active = selected.includes(o.value);
        return (
          <View
            key={String(o.value)}
            className={`chips__chip${active ? " chips__chip--active" : ""}`}
            data-testid={`${testId}-${o.value}`}
            data-active={active ? "true" : "false"}
            onClick={() => onToggle(o.value)}
          >
            {o.label}
          </View>
        );
      })}
    </View>
  );
}
