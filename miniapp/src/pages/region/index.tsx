import { useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import type { TPrefectureCode } from "@xinyi/shared";
import { errorMessage } from "../../api/client";
import { updateMe } from "../../api/endpoints";
import { PrefectureGrid } from "../../components/PrefectureGrid";
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

      <PrefectureGrid value={selected} onChange={setSelected} />

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
