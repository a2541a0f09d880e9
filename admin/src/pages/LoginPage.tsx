import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { ZConsoleLoginRequest, type TMe } from "@xinyi/shared";
import { ApiError, errorMessage, login } from "../api/client";
import { useCurrentUser } from "../api/useSession";
import { mapIssuesToFields } from "../lib/formErrors";
import { canVisit, homePathFor } from "../lib/roles";

type LoginField = "username" | "password";
interface LoginValues {
  username?: string;
  password?: string;
}

function returnPath(state: unknown): string | undefined {
  if (state && typeof state === "object" && "from" in state && typeof state.from === "string") return state.from;
  return undefined;
}

export function LoginPage() {
  const [form] = Form.useForm<LoginValues>();
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const user = useCurrentUser();
  const navigate = useNavigate();
  const location = useLocation();
  const from = returnPath(location.state);

  const destination = (me: TMe) => (from && canVisit(me, from) ? from : homePathFor(me));

  // Already signed in (or just signed in: the router's navigation is a transition and may
  // render after this page does), so go where the operator was heading.
  if (user) return <Navigate to={destination(user)} replace />;

  const onFinish = async (values: LoginValues) => {
    setError(null);
    const parsed = ZConsoleLoginRequest.safeParse({ username: values.username ?? "", password: values.password ?? "" });
    if (!parsed.success) {
      const { fields } = mapIssuesToFields<LoginField>(parsed.error.issues, ([first]) =>
        first === "username" || first === "password" ? first : undefined,
      );
      form.setFields((["username", "password"] as const).map((name) => ({ name, errors: fields[name] ?? [] })));
      return;
    }
    setSubmitting(true);
    try {
      const session = await login(parsed.data.username, parsed.data.password);
      navigate(destination(session.user), { replace: true });
    } catch (err) {
      // The server deliberately does not say which field was wrong: show its message as is.
      setError(err instanceof ApiError ? err.message : errorMessage(err));
      form.setFieldValue("password", "");
      setSubmitting(false);
    }
  };

  return (
    <div
      style={{
        minHeight: "100%",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        background: "linear-gradient(135deg, #fff1f0 0%, #f5f5f5 60%)",
        padding: 24,
      }}
    >
      <Card style={{ width: 380 }}>
        <Typography.Title level={3} style={{ textAlign: "center", marginBottom: 4 }}>
          信易+ 管理后台
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          守信激励 · 信用惠民
        </Typography.Paragraph>
        {error && (
          <Alert
            type="error"
            showIcon
            title={<span data-testid="login-error">{error}</span>}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<LoginValues> form={form} layout="vertical" onFinish={onFinish} requiredMark={false} disabled={submitting}>
          <Form.Item label="用户名" name="username">
            <Input data-testid="login-username" autoComplete="username" placeholder="请输入用户名" autoFocus />
          </Form.Item>
          <Form.Item label="密码" name="password">
            <Input.Password data-testid="login-password" autoComplete="current-password" placeholder="请输入密码" />
          </Form.Item>
          <Form.Item style={{ marginBottom: 0 }}>
            <Button data-testid="login-submit" type="primary" htmlType="submit" block loading={submitting}>
              登录
            </Button>
          </Form.Item>
        </Form>
        <div style={{ textAlign: "center", marginTop: 16 }}>
          <Link to="/apply" data-testid="login-apply-link">
            合作机构入驻申请
          </Link>
        </div>
      </Card>
    </div>
  );
}
