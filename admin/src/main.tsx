import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { App } from "./App";
import "./styles.css";

dayjs.locale("zh-cn");

const container = document.getElementById("root");
if (!container) throw new Error("#root element missing from index.html");

createRoot(container).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      // Keep two-character button texts exact ("登录", not "登 录") for users and tests alike.
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: "#c8102e" } }}
    >
      {/* antd's App renders a wrapper div; give it the full height so pages can fill the viewport. */}
      <AntApp style={{ height: "100%" }}>
        <BrowserRouter basename="/admin">
          <App />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
