export default definePageConfig({
  navigationBarTitleText: "我的券码",
});
