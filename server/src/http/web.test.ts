import { readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../infra/embedded/repo-root";
import { startTestServer, type TestServer } from "../../test/harness";

// The built apps (npm run build): served compressed, hashed assets cached for a year, index.html revalidated.
let t: TestServer;
const apps = [
  { prefix: "/admin", dist: path.join(repoRoot(), "admin", "dist") },
  { prefix: "/h5", dist: path.join(repoRoot(), "miniapp", "dist", "h5") },
];

beforeAll(async () => {
  t = await startTestServer({ name: "web", web: true });
});
afterAll(() => t.close());

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** The bytes as sent (fetch would decode them). */
function get(url: string, encoding: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http
      .get(`${t.baseUrl}${url}`, { headers: { "accept-encoding": encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

/** The scripts and styles index.html loads, as URLs. */
function assetsOf(prefix: string, dist: string): string[] {
  const html = readFileSync(path.join(dist, "index.html"), "utf8");
  return [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => (m[1]!.startsWith("/") ? m[1]! : `${prefix}/${m[1]}`));
}

describe.each(apps)("the built app at $prefix", ({ prefix, dist }) => {
  it("serves hashed assets compressed, decoding to the very bytes of the file, cached for a year", async () => {
    const assets = assetsOf(prefix, dist);
    expect(assets.length).toBeGreaterThan(0);
    for (const url of assets) {
      const original = readFileSync(path.join(dist, url.slice(prefix.length)));
      const br = await get(url, "gzip, deflate, br");
      expect(br.status, url).toBe(200);
      expect(br.headers["cache-control"], url).toBe("public, max-age=31536000, immutable");
      expect(br.headers.vary, url).toMatch(/accept-encoding/i);
      expect(br.headers["content-type"], url).toMatch(url.endsWith(".css") ? /text\/css/ : /javascript/);
      // Under 1 KB compression saves less than its headers cost (scripts/precompress.mjs skips those).
      if (original.length < 1024) {
        expect(br.body.equals(original), url).toBe(true);
        continue;
      }
      expect(br.headers["content-encoding"], url).toBe("br");
      expect(br.body.length, url).toBeLessThan(original.length);
      expect(brotliDecompressSync(br.body).equals(original), url).toBe(true);

      const gz = await get(url, "gzip");
      expect(gz.headers["content-encoding"], url).toBe("gzip");
      expect(gunzipSync(gz.body).equals(original), url).toBe(true);

      const plain = await get(url, "identity");
      expect(plain.headers["content-encoding"], url).toBeUndefined();
      expect(plain.body.equals(original), url).toBe(true);
    }
  });

  it("sends index.html never from a cache without asking, also for client-side routes", async () => {
    const original = readFileSync(path.join(dist, "index.html"));
    for (const url of [`${prefix}/`, `${prefix}/index.html`, `${prefix}/some/client/route`]) {
      const res = await get(url, "br, gzip");
      expect(res.status, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe("no-cache");
      expect(res.headers["content-type"], url).toMatch(/text\/html/);
      expect(res.headers["content-security-policy"], url).toContain("default-src 'self'");
      // Pages under 1 KB are sent as they are (scripts/precompress.mjs skips them).
      const body = res.headers["content-encoding"] === "br" ? brotliDecompressSync(res.body) : res.body;
      expect(body.equals(original), url).toBe(true);
    }
    const missing = await get(`${prefix}/assets/nothing-12345678.js`, "br");
    expect(missing.status).toBe(404);
    expect(missing.headers["content-encoding"]).toBeUndefined();
  });
});
