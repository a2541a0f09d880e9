export default definePageConfig({
  navigationBarTitleText: "登录",
  // The page draws its own header.
  navigationStyle: "custom",
});
