export default definePageConfig({
  navigationBarTitleText: "我的权益",
  enablePullDownRefresh: true,
});
