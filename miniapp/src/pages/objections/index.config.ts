export default definePageConfig({
  navigationBarTitleText: "我的异议",
  enablePullDownRefresh: true,
});
