export default definePageConfig({
  navigationBarTitleText: "信易+",
  enablePullDownRefresh: true,
});
