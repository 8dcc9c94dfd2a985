// The compressed copies the build writes beside every page and asset, for
// hosts that serve them as they are (deploy/nginx.conf: brotli_static,
// gzip_static): each one must be its file, as it is now (configure-dist
// rewrites the pages, so it must write their copies again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const DIST = process.env.DIST_DIR ?? 'dist';

test('every page and asset has .br and .gz copies of exactly its bytes', () => {
  const files = fs
    .readdirSync(DIST, { recursive: true })
    .filter((f) => /\.(html|js|wasm|css|svg|txt)$/.test(f));
  for (const ext of ['.html', '.js', '.wasm', '.css']) {
    assert.ok(files.some((f) => f.endsWith(ext)), `a ${ext} file in ${DIST}`);
  }
  for (const file of files) {
    const body = fs.readFileSync(path.join(DIST, file));
    const br = fs.readFileSync(path.join(DIST, `${file}.br`));
    const gz = fs.readFileSync(path.join(DIST, `${file}.gz`));
    assert.ok(zlib.brotliDecompressSync(br).equals(body), `${file}.br`);
    assert.ok(zlib.gunzipSync(gz).equals(body), `${file}.gz`);
    if (body.length > 1000) assert.ok(br.length < body.length / 2, `${file}.br is compressed`);
  }
});
