import { useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { Check } from "@nutui/icons-react-taro";
import { YUNNAN_PREFECTURES, type TPrefectureCode } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { updateMe } from "../../api/endpoints";
import { getCachedUser } from "../../lib/session";
import { goHome } from "../../lib/nav";
import "./index.scss";

/** Asks for the prefecture the citizen lives in (benefits are regional). */
export default function RegionPage() {
  const router = useRouter();
  const fromMine = router.params.from === "mine";
  const [selected, setSelected] = useState<TPrefectureCode | undefined>(() => getCachedUser()?.prefectureCode);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string>();

  async function onConfirm() {
    if (!selected || saving) return;
    setSaving(true);
    setError(undefined);
    try {
      await updateMe({ prefectureCode: selected });
      await Taro.showToast({ title: "已保存", icon: "success", duration: 1200 });
      if (fromMine) void Taro.navigateBack();
      else void goHome();
    } catch (e) {
      setError(errorMessage(e));
      setSaving(false);
    }
  }

  return (
    <View className="page region" data-testid="prefecture-picker">
      <View className="region__intro">
        <View className="region__title">您在哪个州市生活或工作？</View>
        <View className="muted">信易+ 权益按州市发放，选择后可查看当地可领取的权益。</View>
      </View>

      <View className="region__grid">
        {YUNNAN_PREFECTURES.map((p) => {
          const active = p.code === selected;
          return (
            <View
              key={p.code}
              className={`region__option${active ? " region__option--active" : ""}`}
              data-testid={`prefecture-option-${p.code}`}
              onClick={() => setSelected(p.code)}
            >
              <Text className="region__name">{p.name}</Text>
              {active ? <Check size={14} color="#1f5eff" /> : null}
            </View>
          );
        })}
      </View>

      {error ? (
        <View className="error-text region__error" data-testid="prefecture-error">
          {error}
        </View>
      ) : null}

      <View className="region__footer">
        <Button
          data-testid="prefecture-confirm"
          type="primary"
          block
          size="large"
          disabled={!selected}
          loading={saving}
          onClick={onConfirm}
        >
          确定
        </Button>
      </View>
    </View>
  );
}
