import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import type { TRole } from "@xinyi/shared";
import { useCurrentUser } from "./api/useSession";
import { ConsoleLayout } from "./layout/ConsoleLayout";
import { LoginPage } from "./pages/LoginPage";
import { ScenarioListPage } from "./pages/ScenarioListPage";
import { ScenarioCreatePage } from "./pages/ScenarioCreatePage";
import { SubjectListPage } from "./pages/SubjectListPage";
import { SubjectDetailPage } from "./pages/SubjectDetailPage";
import { RecordCreatePage } from "./pages/RecordCreatePage";
import { ImportPage } from "./pages/ImportPage";
import { ScoringModelListPage } from "./pages/ScoringModelListPage";
import { ScoringModelPage } from "./pages/ScoringModelPage";
import { AuditPage } from "./pages/AuditPage";
import { ReportLookupPage } from "./pages/ReportLookupPage";
import { ForbiddenPage, NotFoundPage } from "./pages/ResultPages";
import { CREDIT_ADMIN_ROLES, PARTNER_ROLES, PLATFORM_ADMIN_ROLES, SCENARIO_ADMIN_ROLES, homePathFor } from "./lib/roles";

function RequireAuth({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocation();
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

function RequireRole({ roles, children }: { roles: readonly TRole[]; children: ReactNode }) {
  const user = useCurrentUser();
  if (!user || !roles.includes(user.role)) return <ForbiddenPage />;
  return <>{children}</>;
}

function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={user ? homePathFor(user.role) : "/login"} replace />;
}

export function App() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <ConsoleLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        <Route
          path="scenarios"
          element={
            <RequireRole roles={SCENARIO_ADMIN_ROLES}>
              <ScenarioListPage />
            </RequireRole>
          }
        />
        <Route
          path="scenarios/new"
          element={
            <RequireRole roles={SCENARIO_ADMIN_ROLES}>
              <ScenarioCreatePage />
            </RequireRole>
          }
        />
        {(
          [
            ["subjects", CREDIT_ADMIN_ROLES, <SubjectListPage />],
            ["subjects/:id", CREDIT_ADMIN_ROLES, <SubjectDetailPage />],
            ["records/new", CREDIT_ADMIN_ROLES, <RecordCreatePage />],
            ["imports", CREDIT_ADMIN_ROLES, <ImportPage />],
            ["scoring-models", CREDIT_ADMIN_ROLES, <ScoringModelListPage />],
            ["scoring-models/:version", CREDIT_ADMIN_ROLES, <ScoringModelPage />],
            ["audit", PLATFORM_ADMIN_ROLES, <AuditPage />],
            ["reports", PARTNER_ROLES, <ReportLookupPage />],
          ] as const
        ).map(([path, roles, page]) => (
          <Route key={path} path={path} element={<RequireRole roles={roles}>{page}</RequireRole>} />
        ))}
        {/* The partner's former welcome page: 信用报告查询 replaced it. */}
        <Route path="welcome" element={<Navigate to="/reports" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
