export default definePageConfig({
  navigationBarTitleText: "贷款产品",
});
