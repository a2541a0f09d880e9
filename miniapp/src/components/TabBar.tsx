import { Text, View } from "@tarojs/components";
import { Gift, Home, ShieldCheck, User } from "@nutui/icons-react-taro";
import { goTab, isH5, type TabKey } from "../lib/nav";
import "./TabBar.scss";

const TABS: { key: TabKey; text: string; testId: string }[] = [
  { key: "home", text: "首页", testId: "tab-home" },
  { key: "credit", text: "我的信用", testId: "tab-credit" },
  { key: "benefits", text: "我的权益", testId: "tab-benefits" },
  { key: "mine", text: "我的", testId: "tab-mine" },
];

function TabIcon({ tab, color }: { tab: TabKey; color: string }) {
  if (tab === "home") return <Home size={22} color={color} />;
  if (tab === "credit") return <ShieldCheck size={22} color={color} />;
  if (tab === "benefits") return <Gift size={22} color={color} />;
  return <User size={22} color={color} />;
}

/** Class for a tab page's root: room for the H5 tab bar (weapp's native bar sits outside the page). */
export const TAB_PAGE_CLASS = isH5 ? "page page--with-tabbar" : "page";

/** H5 only: weapp shows the native tab bar configured in app.config.ts. */
export function TabBar({ current }: { current: TabKey }) {
  if (!isH5) return null;
  return (
    <View className="xy-tabbar">
      {TABS.map((tab) => {
        const active = tab.key === current;
        const color = active ? "#1f5eff" : "#8a8f99";
        return (
          <View
            key={tab.key}
            className={`xy-tabbar__item${active ? " xy-tabbar__item--active" : ""}`}
            data-testid={tab.testId}
            // Tapping the current tab reloads it (a fresh page, fresh data).
            onClick={() => void goTab(tab.key)}
          >
            <TabIcon tab={tab.key} color={color} />
            <Text className="xy-tabbar__text">{tab.text}</Text>
          </View>
        );
      })}
    </View>
  );
}
