import { Card, Result } from "antd";
import { useCurrentUser } from "../api/useSession";

export function PartnerWelcomePage() {
  const user = useCurrentUser();
  return (
    <Card>
      <Result
        status="info"
        title={<span data-testid="partner-welcome-title">合作机构功能即将上线</span>}
        subTitle={`${user?.displayName ?? ""}，您好！权益核销、数据统计等合作机构功能正在建设中，敬请期待。`}
      />
    </Card>
  );
}
