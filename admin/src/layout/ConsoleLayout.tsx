import { useEffect, useState } from "react";
import { Button, Layout, Menu, Space, Tag, Typography, theme, type MenuProps } from "antd";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { ROLE_LABELS, type TRole } from "@xinyi/shared";
import { fetchMe, logout } from "../api/client";
import { useCurrentUser } from "../api/useSession";
import {
  COUNTER_ROLES,
  CREDIT_ADMIN_ROLES,
  PARTNER_ROLES,
  PLATFORM_ADMIN_ROLES,
  SCENARIO_ADMIN_ROLES,
  SCENARIO_ROLES,
} from "../lib/roles";

type MenuItem = Required<MenuProps>["items"][number];

/** Menu entries: path, label, test id, and who sees them (the routes in App.tsx check the same roles). */
const MENU: readonly { path: string; label: string; testId: string; roles: readonly TRole[] }[] = [
  { path: "/scenarios", label: "场景管理", testId: "nav-scenarios", roles: SCENARIO_ROLES },
  { path: "/review", label: "审核队列", testId: "nav-review", roles: SCENARIO_ADMIN_ROLES },
  { path: "/partners", label: "合作机构", testId: "nav-partners", roles: SCENARIO_ADMIN_ROLES },
  { path: "/counter", label: "核销台", testId: "nav-counter", roles: COUNTER_ROLES },
  { path: "/operators", label: "机构操作员", testId: "nav-operators", roles: PARTNER_ROLES },
  { path: "/subjects", label: "信用主体", testId: "nav-subjects", roles: CREDIT_ADMIN_ROLES },
  { path: "/records/new", label: "录入信用记录", testId: "nav-records-new", roles: CREDIT_ADMIN_ROLES },
  { path: "/imports", label: "批量导入", testId: "nav-imports", roles: CREDIT_ADMIN_ROLES },
  { path: "/mandates", label: "企业授权审核", testId: "nav-mandates", roles: CREDIT_ADMIN_ROLES },
  { path: "/scoring-models", label: "评分模型", testId: "nav-scoring", roles: CREDIT_ADMIN_ROLES },
  { path: "/audit", label: "审计日志", testId: "nav-audit", roles: PLATFORM_ADMIN_ROLES },
  { path: "/reports", label: "信用报告查询", testId: "nav-reports", roles: PARTNER_ROLES },
];

function menuFor(role: TRole): MenuItem[] {
  return MENU.filter((entry) => entry.roles.includes(role)).map((entry) => ({
    key: entry.path,
    label: (
      <Link to={entry.path} data-testid={entry.testId}>
        {entry.label}
      </Link>
    ),
  }));
}

export function ConsoleLayout() {
  const user = useCurrentUser();
  const location = useLocation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  const { token } = theme.useToken();

  // Refresh the user (role, prefecture) once per mount; an expired session clears itself
  // in the API client and RequireAuth then sends the operator to the login page.
  useEffect(() => {
    fetchMe().catch(() => undefined);
  }, []);

  if (!user) return null;

  const items = menuFor(user.role);
  const selected = items
    .map((item) => String(item?.key ?? ""))
    .filter((key) => location.pathname === key || location.pathname.startsWith(key + "/"));

  const onLogout = async () => {
    setSigningOut(true);
    await logout();
    navigate("/login", { replace: true });
  };

  return (
    <Layout style={{ minHeight: "100%" }}>
      <Layout.Sider width={208} theme="dark">
        <div
          style={{
            height: 64,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
            color: "#fff",
            fontSize: 18,
            fontWeight: 600,
            letterSpacing: 1,
          }}
        >
          信易+ 管理后台
        </div>
        <Menu theme="dark" mode="inline" selectedKeys={selected} items={items} />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: "0 24px",
            display: "flex",
            alignItems: "center",
            justifyContent: "flex-end",
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Space size="middle">
            <Typography.Text data-testid="current-user-name" strong>
              {user.displayName}
            </Typography.Text>
            <Tag color="red" data-testid="current-user-role">
              {ROLE_LABELS[user.role]}
              {user.role === "regional_admin" && user.prefectureName ? ` · ${user.prefectureName}` : ""}
            </Tag>
            <Button data-testid="logout" onClick={onLogout} loading={signingOut}>
              退出登录
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Outlet />
        </Layout.Content>
        <Layout.Footer style={{ textAlign: "center", color: token.colorTextSecondary }}>
          信易+ 公共信用惠民平台
        </Layout.Footer>
      </Layout>
    </Layout>
  );
}
