export default definePageConfig({
  navigationBarTitleText: "信用修复",
  enablePullDownRefresh: true,
});
