export default definePageConfig({
  navigationBarTitleText: "我的信用修复",
  enablePullDownRefresh: true,
});
