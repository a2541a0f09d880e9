import { View } from "@tarojs/components";
import { Button } from "@nutui/nutui-react-taro";
import { ShieldCheck } from "@nutui/icons-react-taro";
import { openBind } from "../lib/nav";
import "./BindPrompt.scss";

/** Shown where a page needs a bound credit subject (GET /me/credit answers SUBJECT_NOT_BOUND). */
export function BindPrompt({ title, testId, buttonTestId }: { title: string; testId: string; buttonTestId: string }) {
  return (
    <View className="card bind-prompt" data-testid={testId}>
      <View className="bind-prompt__icon">
        <ShieldCheck size={36} color="#1f5eff" />
      </View>
      <View className="bind-prompt__title">{title}</View>
      <View className="bind-prompt__text">
        信用分由政府部门归集的公共信用信息（行政许可、行政处罚、守信红名单、失信黑名单、信用承诺等）按公开的评分模型计算。
      </View>
      <View className="bind-prompt__text">
        完成实名认证后，您名下的信用记录会与本账号关联，您可以查看信用分、影响因素和提升办法，并管理查询授权。身份证号码加密保存，仅以脱敏形式显示。
      </View>
      <Button data-testid={buttonTestId} type="primary" block size="large" onClick={() => void openBind("citizen")}>
        去实名认证
      </Button>
      <View className="bind-prompt__alt" data-testid={`${buttonTestId}-enterprise`} onClick={() => void openBind("enterprise")}>
        企业用户？进行企业认证 ›
      </View>
    </View>
  );
}
