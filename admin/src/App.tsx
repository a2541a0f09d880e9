import type { ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import type { TRole } from "@xinyi/shared";
import { useCurrentUser } from "./api/useSession";
import { ConsoleLayout } from "./layout/ConsoleLayout";
import { LoginPage } from "./pages/LoginPage";
import { ScenarioListPage } from "./pages/ScenarioListPage";
import { ScenarioCreatePage } from "./pages/ScenarioCreatePage";
import { PartnerWelcomePage } from "./pages/PartnerWelcomePage";
import { ForbiddenPage, NotFoundPage } from "./pages/ResultPages";
import { SCENARIO_ADMIN_ROLES, homePathFor } from "./lib/roles";

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
        <Route
          path="welcome"
          element={
            <RequireRole roles={["partner_operator"]}>
              <PartnerWelcomePage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
