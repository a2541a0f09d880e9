import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import type { TRole } from "@xinyi/shared";
import { useCurrentUser } from "./api/useSession";
import { ConsoleLayout } from "./layout/ConsoleLayout";
import { LoginPage } from "./pages/LoginPage";
import { ScenarioListPage } from "./pages/ScenarioListPage";
import { ScenarioEditorPage } from "./pages/ScenarioEditorPage";
import { ScenarioDetailPage } from "./pages/ScenarioDetailPage";
import { PartnersPage } from "./pages/PartnersPage";
import { ApplyPage } from "./pages/ApplyPage";
import { CounterPage } from "./pages/CounterPage";
import { OperatorsPage } from "./pages/OperatorsPage";
import { SubjectListPage } from "./pages/SubjectListPage";
import { SubjectDetailPage } from "./pages/SubjectDetailPage";
import { RecordCreatePage } from "./pages/RecordCreatePage";
import { ImportPage } from "./pages/ImportPage";
import { ScoringModelListPage } from "./pages/ScoringModelListPage";
import { ScoringModelPage } from "./pages/ScoringModelPage";
import { AuditPage } from "./pages/AuditPage";
import { ReportLookupPage } from "./pages/ReportLookupPage";
import { MandateReviewPage } from "./pages/MandateReviewPage";
import { ForbiddenPage, NotFoundPage } from "./pages/ResultPages";
import {
  COUNTER_ROLES,
  CREDIT_ADMIN_ROLES,
  PARTNER_ROLES,
  PLATFORM_ADMIN_ROLES,
  SCENARIO_ADMIN_ROLES,
  SCENARIO_ROLES,
  homePathFor,
} from "./lib/roles";

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
      {/* 机构入驻申请: public, no sign-in. */}
      <Route path="/apply" element={<ApplyPage />} />
      <Route
        element={
          <RequireAuth>
            <ConsoleLayout />
          </RequireAuth>
        }
      >
        <Route index element={<HomeRedirect />} />
        {(
          [
            ["scenarios", SCENARIO_ROLES, <ScenarioListPage />],
            ["scenarios/new", SCENARIO_ROLES, <ScenarioEditorPage />],
            ["scenarios/:id", SCENARIO_ROLES, <ScenarioDetailPage />],
            ["scenarios/:id/edit", SCENARIO_ROLES, <ScenarioEditorPage />],
            ["review", SCENARIO_ADMIN_ROLES, <ScenarioListPage review />],
            ["partners", SCENARIO_ADMIN_ROLES, <PartnersPage />],
            ["counter", COUNTER_ROLES, <CounterPage />],
            ["operators", PARTNER_ROLES, <OperatorsPage />],
            ["subjects", CREDIT_ADMIN_ROLES, <SubjectListPage />],
            ["subjects/:id", CREDIT_ADMIN_ROLES, <SubjectDetailPage />],
            ["records/new", CREDIT_ADMIN_ROLES, <RecordCreatePage />],
            ["imports", CREDIT_ADMIN_ROLES, <ImportPage />],
            ["mandates", CREDIT_ADMIN_ROLES, <MandateReviewPage />],
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
