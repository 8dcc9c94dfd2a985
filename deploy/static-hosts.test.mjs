// The static-host recipes that ship in dist/: Netlify-style _redirects and
// _headers, and a 404.html that is the app, for any path without a page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const DIST = process.env.DIST_DIR ?? 'dist';
const read = (f) => fs.readFileSync(path.join(DIST, f), 'utf8');

test('_redirects answers every path that is not a file with the not-found page', () => {
  const rules = read('_redirects')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/));
  assert.deepEqual(rules, [['/*', '/404.html', '404']]);
});

test('_headers sends the security and cache headers of the nginx recipe', () => {
  const headers = read('_headers');
  for (const needed of [
    "frame-ancestors 'none'",
    'Referrer-Policy: no-referrer',
    'X-Content-Type-Options: nosniff',
    'Cache-Control: public, max-age=31536000, immutable',
  ]) {
    assert.ok(headers.includes(needed), needed);
  }
  const nginx = fs.readFileSync('deploy/nginx.conf', 'utf8');
  const header = headers.match(/Content-Security-Policy: (.+)/)[1];
  assert.ok(nginx.includes(header), 'the same CSP header as deploy/nginx.conf');
});

test('every file that is not a page is served under a CSP that runs nothing, in both recipes', () => {
  const SANDBOX = "default-src 'none'; style-src 'unsafe-inline'; sandbox";
  // nginx: each location that serves files by extension says it (its
  // add_header replaces the server's).
  const nginx = fs.readFileSync('deploy/nginx.conf', 'utf8');
  const locations = [...nginx.matchAll(/location ~\* "([^"]+)" \{([^}]*)\}/g)];
  assert.ok(locations.length >= 2, 'the hashed files and the other files');
  for (const [, pattern, body] of locations) {
    assert.ok(body.includes(`Content-Security-Policy "${SANDBOX}"`), pattern);
  }
  for (const file of ['brand-0123456789abcdef.svg', 'altogic-auth-0123456789abcdef_bg.wasm', 'styles/marks/github.svg', 'robots.txt', 'logo.png']) {
    assert.ok(locations.some(([, pattern]) => new RegExp(pattern, 'i').test(`/${file}`)), `nginx serves ${file} under the CSP`);
  }
  assert.ok(!locations.some(([, pattern]) => new RegExp(pattern, 'i').test('/login/index.html')), 'not the pages');
  // Netlify: each file rule has it.
  const headers = read('_headers');
  const rules = headers.split('\n').filter((l) => l.startsWith('/*.'));
  for (const ext of ['svg', 'js', 'wasm', 'css', 'png', 'txt']) {
    assert.ok(rules.includes(`/*.${ext}`), `_headers has a rule for .${ext}`);
  }
  for (const block of headers.split(/\n(?=\/)/).filter((b) => b.startsWith('/*.'))) {
    assert.ok(block.includes(`Content-Security-Policy: ${SANDBOX}`), block.split('\n')[0]);
  }
});

test('404.html is the app itself, CSP and backend included', () => {
  const notFound = read('404.html');
  assert.match(notFound, /<meta http-equiv="Content-Security-Policy"/);
  assert.match(notFound, /<meta name="altogic-env-url"/);
  const loader = (html) => html.match(/<script type="module">[\s\S]*?<\/script>/)?.[0];
  assert.ok(loader(notFound), 'loads the app');
  assert.equal(loader(notFound), loader(read('index.html')));
});
