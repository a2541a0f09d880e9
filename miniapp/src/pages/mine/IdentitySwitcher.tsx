import { View } from "@tarojs/components";
import type { TMe } from "@xinyi/shared";
import { IdentityList } from "../../components/IdentityList";
import "./IdentitySwitcher.scss";

/** 切换身份: shown once the account may act for more than its own citizen identity. */
export function IdentitySwitcher({ me, onSwitched }: { me: TMe; onSwitched: (me: TMe) => void }) {
  if ((me.identities?.length ?? 0) < 2) return null;
  return (
    <View className="card mine__identities" data-testid="mine-identities">
      <View className="section-title mine__identities-title">切换身份</View>
      <IdentityList me={me} onSwitched={onSwitched} />
    </View>
  );
}
