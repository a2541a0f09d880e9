const isH5 = process.env.TARO_ENV === "h5";

export default defineAppConfig({
  pages: [
    "pages/home/index",
    "pages/credit/index",
    "pages/benefits/index",
    "pages/mine/index",
    "pages/login/index",
    "pages/region/index",
    "pages/scenario/index",
    "pages/bind/index",
    "pages/consent/index",
    "pages/voucher/index",
    "pages/agreement/index",
    "pages/privacy/index",
    "pages/close-account/index",
    "pages/enterprise/index",
    "pages/loans/index",
    "pages/loan-product/index",
    "pages/loan-applications/index",
    "pages/loan-application/index",
    "pages/loan-demand/index",
    "pages/credit-record/index",
    "pages/objection/index",
    "pages/objections/index",
    "pages/repair/index",
    "pages/repairs/index",
    "pages/commitments/index",
    "pages/commitment/index",
    "pages/messages/index",
  ],
  window: {
    backgroundTextStyle: "light",
    backgroundColor: "#f4f6fb",
    navigationBarBackgroundColor: "#1f5eff",
    navigationBarTitleText: "信易+",
    navigationBarTextStyle: "white",
    // H5 shows Taro's navigation bar (title and back button) only when asked for explicitly.
    navigationStyle: "default",
  },
  tabBar: {
    // Taro H5 cannot render a custom tab bar, and its built-in one offers no hooks for test ids;
    // on H5 the pages draw their own (components/TabBar) and the built-in one is switched off.
    custom: isH5,
    color: "#8a8f99",
    selectedColor: "#1f5eff",
    backgroundColor: "#ffffff",
    borderStyle: "white",
    // Icons: NutUI icons (MIT) rendered to 81x81 PNG, as weapp's tab bar wants raster files.
    list: [
      { pagePath: "pages/home/index", text: "首页", iconPath: "assets/tabbar/home.png", selectedIconPath: "assets/tabbar/home-active.png" },
      {
        pagePath: "pages/credit/index",
        text: "我的信用",
        iconPath: "assets/tabbar/credit.png",
        selectedIconPath: "assets/tabbar/credit-active.png",
      },
      {
        pagePath: "pages/benefits/index",
        text: "我的权益",
        iconPath: "assets/tabbar/benefits.png",
        selectedIconPath: "assets/tabbar/benefits-active.png",
      },
      { pagePath: "pages/mine/index", text: "我的", iconPath: "assets/tabbar/mine.png", selectedIconPath: "assets/tabbar/mine-active.png" },
    ],
  },
});
