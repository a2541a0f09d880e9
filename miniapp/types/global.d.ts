/// <reference types="@tarojs/taro" />

declare module "*.png";
declare module "*.gif";
declare module "*.jpg";
declare module "*.jpeg";
declare module "*.svg";
declare module "*.css";
declare module "*.scss";

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: "development" | "production";
    /** The platform Taro builds for. */
    TARO_ENV: "weapp" | "swan" | "alipay" | "h5" | "rn" | "tt" | "qq" | "jd" | "harmony" | "jdrn";
    TARO_APP_ID: string;
    /** Build-time only (config/index.ts): API origin for the weapp build. */
    API_BASE_URL?: string;
    /** Build-time only: where the H5 dev server proxies /api (default http://127.0.0.1:3000). */
    API_PROXY_TARGET?: string;
    /** Build-time only: H5 dev server port (default 10086). */
    H5_DEV_PORT?: string;
  }
}

/**
 * Injected by defineConstants (config/index.ts): origin of the API server, without trailing slash.
 * Empty on H5 (same origin).
 */
declare const API_ORIGIN: string;
