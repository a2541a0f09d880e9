// Must stay the first import: configures zod before @xinyi/shared defines its schemas.
import "./lib/zod-setup";
import type { PropsWithChildren } from "react";
import { useLaunch } from "@tarojs/taro";
import "@nutui/nutui-react-taro/dist/style.css";
import { onSessionExpired } from "./api/client";
import { checkAgreementsOnLaunch } from "./lib/agreements";
import { goLogin } from "./lib/nav";
import "./app.scss";

function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    onSessionExpired(goLogin);
    void checkAgreementsOnLaunch();
  });
  // children are the pages
  return children;
}

export default App;
