export default definePageConfig({
  navigationBarTitleText: "异议",
  enablePullDownRefresh: true,
});
