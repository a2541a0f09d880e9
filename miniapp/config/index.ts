import path from "node:path";
import { defineConfig, type UserConfigExport } from "@tarojs/cli";
import devConfig from "./dev";
import prodConfig from "./prod";

const taroEnv = process.env.TARO_ENV ?? "h5";
const sharedSrc = path.resolve(__dirname, "../../shared/src");

/**
 * Origin of the API for builds that cannot use same-origin requests (weapp).
 * H5 is served by the API server itself at /h5/ and always calls same-origin /api/v1.
 */
const apiOrigin = taroEnv === "h5" ? "" : (process.env.API_BASE_URL ?? "https://api.example.invalid").replace(/\/+$/, "");

/**
 * npm nests @tarojs/plugin-framework-react under miniapp/node_modules (the root holds a different
 * vite major for admin), so code compiled from the hoisted Taro packages cannot find it by walking up.
 */
const frameworkReactDir = path.dirname(require.resolve("@tarojs/plugin-framework-react/package.json"));

export default defineConfig<"webpack5">(async (merge) => {
  const baseConfig: UserConfigExport<"webpack5"> = {
    projectName: "xinyi-miniapp",
    date: "2026-1-1",
    // NutUI is drawn on a 375 px design, our own styles on 750.
    designWidth(input) {
      const file = typeof input === "object" && input !== null ? input.file : undefined;
      if (file && file.replace(/\\+/g, "/").includes("@nutui")) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: "src",
    outputRoot: `dist/${taroEnv}`,
    plugins: [],
    defineConstants: {
      API_ORIGIN: JSON.stringify(apiOrigin),
    },
    alias: {
      "@tarojs/plugin-framework-react": frameworkReactDir,
    },
    copy: { patterns: [], options: {} },
    framework: "react",
    compiler: "webpack5",
    cache: { enable: true },
    sass: {
      // NutUI theme variables are CSS custom properties; nothing to inject globally.
    },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" } },
      },
    },
    h5: {
      publicPath: "/h5/",
      staticDirectory: "static",
      router: { mode: "hash" },
      compile: { include: [sharedSrc] },
      output: {
        filename: "js/[name].[hash:8].js",
        chunkFilename: "js/[name].[chunkhash:8].js",
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: "css/[name].[hash].css",
        chunkFilename: "css/[name].[chunkhash].css",
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: "module", generateScopedName: "[name]__[local]___[hash:base64:5]" } },
      },
      // `npm run dev:h5 -w @xinyi/miniapp` → http://127.0.0.1:10086/h5/ ; API_PROXY_TARGET overrides the API server.
      devServer: {
        host: "127.0.0.1",
        port: Number(process.env.H5_DEV_PORT ?? 10086),
        proxy: {
          "/api": { target: process.env.API_PROXY_TARGET ?? "http://127.0.0.1:3000", changeOrigin: true },
        },
      },
    },
  };

  if (process.env.NODE_ENV === "development") return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
