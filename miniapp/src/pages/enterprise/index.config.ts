export default definePageConfig({
  navigationBarTitleText: "企业授权管理",
  enablePullDownRefresh: true,
});
