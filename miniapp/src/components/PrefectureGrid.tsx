import { Text, View } from "@tarojs/components";
import { Check } from "@nutui/icons-react-taro";
import { YUNNAN_PREFECTURES, type TPrefectureCode } from "@xinyi/shared";
import "./PrefectureGrid.scss";

/**
 * Yunnan's 16 prefectures as a two-column grid of options. Each option has the test id
 * `${testIdPrefix}<code>` and contains the prefecture name.
 */
export function PrefectureGrid({
  value,
  onChange,
  testIdPrefix = "prefecture-option-",
  compact = false,
}: {
  value: TPrefectureCode | undefined;
  onChange: (code: TPrefectureCode) => void;
  testIdPrefix?: string;
  /** Smaller options, for use inside a form. */
  compact?: boolean;
}) {
  return (
    <View className={`prefecture-grid${compact ? " prefecture-grid--compact" : ""}`}>
      {YUNNAN_PREFECTURES.map((p) => {
        const active = p.code === value;
        return (
          <View
            key={p.code}
            className={`prefecture-grid__option${active ? " prefecture-grid__option--active" : ""}`}
            data-testid={`${testIdPrefix}${p.code}`}
            onClick={() => onChange(p.code)}
          >
            <Text className="prefecture-grid__name">{p.name}</Text>
            {active ? <Check size={14} color="#1f5eff" /> : null}
          </View>
        );
      })}
    </View>
  );
}
