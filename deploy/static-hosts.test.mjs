// The static-host recipes that ship in dist/: Netlify-style _redirects and
// _headers, and a 404.html that is the app, for hosts without rewrites.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const DIST = process.env.DIST_DIR ?? 'dist';
const read = (f) => fs.readFileSync(path.join(DIST, f), 'utf8');

test('_redirects sends every path that is not a file to the app', () => {
  const rules = read('_redirects')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.trim().split(/\s+/));
  assert.deepEqual(rules, [['/*', '/index.html', '200']]);
});

test('_headers sends the security and cache headers of the nginx recipe', () => {
  const headers = read('_headers');
  for (const needed of [
    "frame-ancestors 'none'",
    'Referrer-Policy: no-referrer',
    'X-Content-Type-Options: nosniff',
    'Cache-Control: no-cache',
    'Cache-Control: public, max-age=31536000, immutable',
  ]) {
    assert.ok(headers.includes(needed), needed);
  }
  const nginx = fs.readFileSync('deploy/nginx.conf', 'utf8');
  const header = headers.match(/Content-Security-Policy: (.+)/)[1];
  assert.ok(nginx.includes(header), 'the same CSP header as deploy/nginx.conf');
});

test('404.html is the app itself, CSP and backend included', () => {
  const index = read('index.html');
  assert.equal(read('404.html'), index);
  assert.match(index, /<meta http-equiv="Content-Security-Policy"/);
  assert.match(index, /<meta name="altogic-env-url"/);
});
