import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
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
import { ProductListPage } from "./pages/loans/products/ProductListPage";
import { ProductEditorPage } from "./pages/loans/products/ProductEditorPage";
import { ProductDetailPage } from "./pages/loans/products/ProductDetailPage";
import { QueuePage } from "./pages/loans/applications/QueuePage";
import { ApplicationDetailPage } from "./pages/loans/applications/ApplicationDetailPage";
import { DemandsPage } from "./pages/loans/demands/DemandsPage";
import { LoanStatsPage } from "./pages/loans/stats/LoanStatsPage";
import { CalendarPage } from "./pages/loans/CalendarPage";
import { ObjectionQueuePage } from "./pages/credit-rights/objections/ObjectionQueuePage";
import { ObjectionCasePage } from "./pages/credit-rights/objections/ObjectionCasePage";
import { RepairQueuePage } from "./pages/credit-rights/repairs/RepairQueuePage";
import { RepairCasePage } from "./pages/credit-rights/repairs/RepairCasePage";
import { CreditRightsSettingsPage } from "./pages/credit-rights/settings/CreditRightsSettingsPage";
import { CaseListPage as CommitmentCaseListPage } from "./pages/commitments/CaseListPage";
import { OpenCasePage as CommitmentOpenCasePage } from "./pages/commitments/OpenCasePage";
import { CaseDetailPage as CommitmentCaseDetailPage } from "./pages/commitments/CaseDetailPage";
import { CreditEventsPage } from "./pages/CreditEventsPage";
import {
  BANK_MANAGER,
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
  homePathFor,
  type TAudience,
  COMMITMENT_DEPARTMENTS,
  COMMITMENT_VIEWERS,
  CREDIT_EVENT_READERS,
  CREDIT_RIGHTS_HANDLERS,
  CREDIT_RIGHTS_KEEPERS,
} from "./lib/roles";

function RequireAuth({ children }: { children: ReactNode }) {
  const user = useCurrentUser();
  const location = useLocation();
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}

/** A route's audience: roles, or a finer question (a bank's staff and their post). */
function RequireAccess({ allow, children }: { allow: TAudience | readonly string[]; children: ReactNode }) {
  const user = useCurrentUser();
  const allowed = user !== null && (typeof allow === "function" ? allow(user) : allow.includes(user.role));
  if (!allowed) return <ForbiddenPage />;
  return <>{children}</>;
}

function HomeRedirect() {
  const user = useCurrentUser();
  return <Navigate to={user ? homePathFor(user) : "/login"} replace />;
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
            ["scenarios", SCENARIO_USERS, <ScenarioListPage />],
            ["scenarios/new", SCENARIO_USERS, <ScenarioEditorPage />],
            ["scenarios/:id", SCENARIO_USERS, <ScenarioDetailPage />],
            ["scenarios/:id/edit", SCENARIO_USERS, <ScenarioEditorPage />],
            ["review", SCENARIO_ADMIN_ROLES, <ScenarioListPage review />],
            ["partners", SCENARIO_ADMIN_ROLES, <PartnersPage />],
            ["counter", COUNTER_USERS, <CounterPage />],
            ["operators", OPERATOR_KEEPERS, <OperatorsPage />],
            ["subjects", CREDIT_ADMIN_ROLES, <SubjectListPage />],
            ["subjects/:id", CREDIT_ADMIN_ROLES, <SubjectDetailPage />],
            ["records/new", CREDIT_ADMIN_ROLES, <RecordCreatePage />],
            ["imports", CREDIT_ADMIN_ROLES, <ImportPage />],
            ["mandates", CREDIT_ADMIN_ROLES, <MandateReviewPage />],
            ["scoring-models", CREDIT_ADMIN_ROLES, <ScoringModelListPage />],
            ["scoring-models/:version", CREDIT_ADMIN_ROLES, <ScoringModelPage />],
            ["audit", PLATFORM_ADMIN_ROLES, <AuditPage />],
            ["reports", PARTNER_ROLES, <ReportLookupPage />],
            ["loans/products", LOAN_PRODUCT_VIEWERS, <ProductListPage />],
            ["loans/products/new", BANK_MANAGER, <ProductEditorPage />],
            ["loans/products/:id", LOAN_PRODUCT_VIEWERS, <ProductDetailPage />],
            ["loans/products/:id/edit", BANK_MANAGER, <ProductEditorPage />],
            ["loans/review", LOAN_REVIEWERS, <ProductListPage review />],
            ["loans/applications", BANK_STAFF, <QueuePage />],
            ["loans/applications/:id", BANK_STAFF, <ApplicationDetailPage />],
            ["loans/demands", BANK_STAFF, <DemandsPage />],
            ["loans/stats", LOAN_STATS_VIEWERS, <LoanStatsPage />],
            ["loans/calendar", CALENDAR_KEEPERS, <CalendarPage />],
            ["credit-rights/objections", CREDIT_RIGHTS_HANDLERS, <ObjectionQueuePage />],
            ["credit-rights/objections/:id", CREDIT_RIGHTS_HANDLERS, <ObjectionCasePage />],
            ["credit-rights/repairs", CREDIT_RIGHTS_HANDLERS, <RepairQueuePage />],
            ["credit-rights/repairs/:id", CREDIT_RIGHTS_HANDLERS, <RepairCasePage />],
            ["credit-rights/settings", CREDIT_RIGHTS_KEEPERS, <CreditRightsSettingsPage />],
            ["commitments", COMMITMENT_VIEWERS, <CommitmentCaseListPage />],
            ["commitments/new", COMMITMENT_DEPARTMENTS, <CommitmentOpenCasePage />],
            ["commitments/:id", COMMITMENT_VIEWERS, <CommitmentCaseDetailPage />],
            ["credit-events", CREDIT_EVENT_READERS, <CreditEventsPage />],
          ] as const
        ).map(([path, roles, page]) => (
          <Route key={path} path={path} element={<RequireAccess allow={roles}>{page}</RequireAccess>} />
        ))}
        {/* The partner's former welcome page: 信用报告查询 replaced it. */}
        <Route path="welcome" element={<Navigate to="/reports" replace />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
