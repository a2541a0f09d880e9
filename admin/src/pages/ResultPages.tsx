import { Button, Result } from "antd";
import { useNavigate } from "react-router-dom";

/** A full-page 403/404 with a way back to the home page. */
function StatusPage({ testId, status, title, subTitle }: { testId: string; status: "403" | "404"; title: string; subTitle: string }) {
  const navigate = useNavigate();
  return (
    <div data-testid={testId}>
      <Result
        status={status}
        title={title}
        subTitle={subTitle}
        extra={
          <Button type="primary" onClick={() => navigate("/", { replace: true })}>
            返回首页
          </Button>
        }
      />
    </div>
  );
}

export function ForbiddenPage() {
  return <StatusPage testId="page-forbidden" status="403" title="没有权限" subTitle="您的账号没有权限访问此页面" />;
}

export function NotFoundPage() {
  return <StatusPage testId="page-not-found" status="404" title="页面不存在" subTitle="您访问的页面不存在或已被移除" />;
}
