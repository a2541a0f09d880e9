// Writes .br and .gz beside every compressible file of a built web app, once at build time:
// brotli at its best level costs seconds per megabyte, too slow to do per request.
// The server (server/src/http/web.ts) serves a sibling only when it is at least as new as its file.
import { readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|wasm)$/i;
// Below this, headers outweigh the saving.
const MIN_BYTES = 1024;

async function* files(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

const root = path.resolve(process.argv[2] ?? "dist");
let before = 0;
let afterBr = 0;
let afterGz = 0;
for await (const file of files(root)) {
  if (file.endsWith(".br") || file.endsWith(".gz")) {
    // Left from an earlier build whose file is gone or changed: rewritten below or removed here.
    const original = file.slice(0, -3);
    if (!(await stat(original).catch(() => null))) await unlink(file);
    continue;
  }
  if (!COMPRESSIBLE.test(file)) continue;
  const body = await readFile(file);
  if (body.length < MIN_BYTES) continue;
  const [br, gz] = await Promise.all([
    brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip(body, { level: zlib.constants.Z_BEST_COMPRESSION }),
  ]);
  before += body.length;
  afterBr += br.length;
  afterGz += gz.length;
  await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
}
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
console.log(`precompressed ${path.relative(process.cwd(), root) || "."}: ${kb(before)} → brotli ${kb(afterBr)}, gzip ${kb(afterGz)}`);
