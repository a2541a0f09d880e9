export default definePageConfig({
  navigationBarTitleText: "融资需求",
  enablePullDownRefresh: true,
});
