import { Button, Result } from "antd";
import { useNavigate } from "react-router-dom";

export function ForbiddenPage() {
  const navigate = useNavigate();
  return (
    <div data-testid="page-forbidden">
      <Result
        status="403"
        title="没有权限"
        subTitle="您的账号没有权限访问此页面"
        extra={
          <Button type="primary" onClick={() => navigate("/", { replace: true })}>
            返回首页
          </Button>
        }
      />
    </div>
  );
}

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <div data-testid="page-not-found">
      <Result
        status="404"
        title="页面不存在"
        subTitle="您访问的页面不存在或已被移除"
        extra={
          <Button type="primary" onClick={() => navigate("/", { replace: true })}>
            返回首页
          </Button>
        }
      />
    </div>
  );
}
