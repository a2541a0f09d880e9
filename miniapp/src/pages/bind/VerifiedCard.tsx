import { Text, View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ShieldCheck, SuccessF } from "@nutui/icons-react-taro";
import type { TMe } from "@xinyi/shared";
import { goTab } from "../../lib/nav";

/** The account holder's verified identity (whoever the session acts for now). */
export function VerifiedCard({ me, onEnterprise }: { me: TMe; onEnterprise: () => void }) {
  const self = me.identities?.find((i) => i.authority === "self");
  const name = me.identity?.name ?? self?.name ?? "";
  const idMasked = me.identity?.idMasked ?? self?.idMasked ?? "";
  return (
    <View className="card bind__done" data-testid="bind-done" data-kind="citizen">
      <View className="bind__done-head">
        <SuccessF size={28} color="#00a870" />
        <Text className="bind__done-title">已完成实名认证</Text>
      </View>
      <View className="bind__row">
        <Text className="muted">姓名</Text>
        <Text className="bind__row-value" data-testid="bind-subject-name">
          {name}
        </Text>
      </View>
      <View className="bind__row">
        <Text className="muted">身份证号</Text>
        <Text className="bind__row-value bind__mono" data-testid="bind-id-masked">
          {idMasked}
        </Text>
      </View>
      <View className="bind__notice bind__notice--plain">
        <ShieldCheck size={14} color="#86909c" />
        <Text>身份已由身份信息核验服务确认。身份证号码加密保存，任何页面只显示脱敏后的号码。</Text>
      </View>
      {me.subject?.kind === "citizen" ? (
        <Button data-testid="bind-goto-credit" type="primary" block size="large" onClick={() => void goTab("credit")}>
          查看我的信用
        </Button>
      ) : null}
      <View className="bind__link" data-testid="bind-goto-enterprise" onClick={onEnterprise}>
        为企业办理？进行企业认证 ›
      </View>
    </View>
  );
}
