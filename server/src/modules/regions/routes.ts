import { YUNNAN_PREFECTURES, ZPrefectureList } from "@xinyi/shared";
import type { ApiRouter } from "../../http/api-router";

export function registerRegionRoutes(api: ApiRouter): void {
  api.publicRoute({
    method: "get",
    path: "/regions",
    tag: "regions",
    summary: "Yunnan's prefectures (GB/T 2260)",
    response: ZPrefectureList,
    handler: async () => ({ items: YUNNAN_PREFECTURES.map((p) => ({ code: p.code, name: p.name })) }),
  });
}
