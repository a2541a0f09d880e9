import { useEffect, useState } from "react";
import Taro, { useRouter } from "@tarojs/taro";
import { View } from "@tarojs/components";
import type { TMe } from "@xinyi/shared";
import { type BindMode } from "../../lib/nav";
import { getCachedUser } from "../../lib/session";
import { useMeOnShow } from "../../lib/usePageLoad";
import { EnterpriseSection } from "./EnterpriseSection";
import { RealNameForm } from "./RealNameForm";
import { VerifiedCard } from "./VerifiedCard";
import "./index.scss";

const MODES: { mode: BindMode; label: string }[] = [
  { mode: "citizen", label: "个人实名认证" },
  { mode: "enterprise", label: "企业认证" },
];

/** 实名认证 (the holder, checked by the identity service) and 企业认证 (法定代表人 or 经办人). */
export default function BindPage() {
  const { params } = useRouter();
  const [mode, setMode] = useState<BindMode>(params.mode === "enterprise" ? "enterprise" : "citizen");
  const [me, setMe] = useState<TMe | undefined>(getCachedUser);
  const [loaded, setLoaded] = useState(false);
  const [loadError, setLoadError] = useState<string>();
  const [shownAt, setShownAt] = useState(0);

  useMeOnShow(
    (profile) => {
      setMe(profile);
      setLoadError(undefined);
      setLoaded(true);
      setShownAt(Date.now());
    },
    (message) => {
      setLoadError(message);
      setLoaded(true);
    },
  );

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: mode === "citizen" ? "实名认证" : "企业认证" }).catch(() => undefined);
  }, [mode]);

  const verified = me?.identity?.verified === true;
  // Settled only once /me has answered: the cached profile may predate a verification.
  const pageState = !loaded ? "loading" : !me ? "error" : verified ? "verified" : "unverified";

  return (
    <View className="page bind" data-testid="bind-page" data-state={pageState} data-mode={mode}>
      {loadError && !me ? (
        <View className="card error-text" data-testid="bind-load-error">
          {loadError}
        </View>
      ) : null}

      {me ? (
        <View>
          <View className="bind__modes">
            {MODES.map((m) => (
              <View
                key={m.mode}
                className={`bind__mode${mode === m.mode ? " bind__mode--active" : ""}`}
                data-testid={`bind-mode-${m.mode}`}
                onClick={() => setMode(m.mode)}
              >
                {m.label}
              </View>
            ))}
          </View>

          {!verified ? <RealNameForm forEnterprise={mode === "enterprise"} onVerified={setMe} /> : null}
          {verified && mode === "citizen" ? <VerifiedCard me={me} onEnterprise={() => setMode("enterprise")} /> : null}
          {verified && mode === "enterprise" ? <EnterpriseSection me={me} onMe={setMe} shownAt={shownAt} /> : null}
        </View>
      ) : null}
    </View>
  );
}
