import { useEffect, useState } from "react";
import { Button, Layout, Menu, Space, Tag, Typography, theme, type MenuProps } from "antd";
import { Link, Outlet, useLocation, useNavigate } from "react-router-dom";
import { BANK_STAFF_ROLE_LABELS, ROLE_LABELS, type TMe } from "@xinyi/shared";
import { fetchMe, logout } from "../api/client";
import { useCurrentUser } from "../api/useSession";
import {
  BANK_STAFF,
  CALENDAR_KEEPERS,
  COUNTER_USERS,
  CREDIT_ADMIN_ROLES,
  LOAN_PRODUCT_VIEWERS,
  LOAN_REVIEWERS,
  LOAN_STATS_VIEWERS,
  OPERATOR_KEEPERS,
  PARTNER_ROLES,
  PLATFORM_ADMIN_ROLES,
  SCENARIO_ADMIN_ROLES,
  SCENARIO_USERS,
  bankPostOf,
  type TAudience,
  COMMITMENT_VIEWERS,
  CREDIT_EVENT_READERS,
  CREDIT_RIGHTS_HANDLERS,
  CREDIT_RIGHTS_KEEPERS,
} from "../lib/roles";

type MenuItem = Required<MenuProps>["items"][number];

interface TMenuEntry {
  path: string;
  label: string;
  testId: string;
  allow: TAudience | readonly string[];
}

/** Menu entries: path, label, test id, and who sees them (the routes in App.tsx ask the same question). */
const MENU: readonly TMenuEntry[] = [
  { path: "/scenarios", label: "场景管理", testId: "nav-scenarios", allow: SCENARIO_USERS },
  { path: "/review", label: "审核队列", testId: "nav-review", allow: SCENARIO_ADMIN_ROLES },
  { path: "/partners", label: "合作机构", testId: "nav-partners", allow: SCENARIO_ADMIN_ROLES },
  { path: "/counter", label: "核销台", testId: "nav-counter", allow: COUNTER_USERS },
  { path: "/operators", label: "机构操作员", testId: "nav-operators", allow: OPERATOR_KEEPERS },
  { path: "/subjects", label: "信用主体", testId: "nav-subjects", allow: CREDIT_ADMIN_ROLES },
  { path: "/records/new", label: "录入信用记录", testId: "nav-records-new", allow: CREDIT_ADMIN_ROLES },
  { path: "/imports", label: "批量导入", testId: "nav-imports", allow: CREDIT_ADMIN_ROLES },
  { path: "/mandates", label: "企业授权审核", testId: "nav-mandates", allow: CREDIT_ADMIN_ROLES },
  { path: "/credit-rights/objections", label: "异议处理", testId: "nav-objections", allow: CREDIT_RIGHTS_HANDLERS },
  { path: "/credit-rights/repairs", label: "信用修复审核", testId: "nav-repairs", allow: CREDIT_RIGHTS_HANDLERS },
  { path: "/credit-rights/settings", label: "异议与修复设置", testId: "nav-credit-rights-settings", allow: CREDIT_RIGHTS_KEEPERS },
  { path: "/scoring-models", label: "评分模型", testId: "nav-scoring", allow: CREDIT_ADMIN_ROLES },
  { path: "/audit", label: "审计日志", testId: "nav-audit", allow: PLATFORM_ADMIN_ROLES },
  { path: "/reports", label: "信用报告查询", testId: "nav-reports", allow: PARTNER_ROLES },
  { path: "/commitments", label: "信易批", testId: "nav-commitments", allow: COMMITMENT_VIEWERS },
  { path: "/credit-events", label: "信用变动通知", testId: "nav-credit-events", allow: CREDIT_EVENT_READERS },
];

/** 信易贷: a bank's daily work, and the administrators' review, numbers and holiday list. */
const LOAN_MENU: readonly TMenuEntry[] = [
  { path: "/loans/applications", label: "贷款审批", testId: "nav-loan-applications", allow: BANK_STAFF },
  { path: "/loans/demands", label: "融资需求", testId: "nav-loan-demands", allow: BANK_STAFF },
  { path: "/loans/products", label: "贷款产品", testId: "nav-loan-products", allow: LOAN_PRODUCT_VIEWERS },
  { path: "/loans/review", label: "产品审核", testId: "nav-loan-review", allow: LOAN_REVIEWERS },
  { path: "/loans/stats", label: "贷款统计", testId: "nav-loan-stats", allow: LOAN_STATS_VIEWERS },
  { path: "/loans/calendar", label: "节假日", testId: "nav-loan-calendar", allow: CALENDAR_KEEPERS },
];

function allows(entry: TMenuEntry, user: TMe): boolean {
  return typeof entry.allow === "function" ? entry.allow(user) : entry.allow.includes(user.role);
}

function itemsOf(entries: readonly TMenuEntry[], user: TMe): MenuItem[] {
  return entries
    .filter((entry) => allows(entry, user))
    .map((entry) => ({
      key: entry.path,
      label: (
        <Link to={entry.path} data-testid={entry.testId}>
          {entry.label}
        </Link>
      ),
    }));
}

/** A bank's staff see the loan work first; administrators find it as a group after their own sections. */
function menuFor(user: TMe): { items: MenuItem[]; keys: string[] } {
  const general = itemsOf(MENU, user);
  const loans = itemsOf(LOAN_MENU, user);
  const keys = [...general, ...loans].map((item) => String(item?.key ?? ""));
  if (loans.length === 0) return { items: general, keys };
  const group: MenuItem = { type: "group", key: "loans", label: "信易贷", children: loans };
  if (BANK_STAFF(user)) return { items: [...loans, ...(general.length > 0 ? [{ type: "divider" as const, key: "loans-divider" }] : []), ...general], keys };
  return { items: [...general, group], keys };
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

  const { items, keys } = menuFor(user);
  const selected = keys.filter((key) => location.pathname === key || location.pathname.startsWith(key + "/"));
  const post = bankPostOf(user);

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
              {post ? `${user.partner?.name ?? ROLE_LABELS[user.role]} · ${BANK_STAFF_ROLE_LABELS[post]}` : ROLE_LABELS[user.role]}
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
