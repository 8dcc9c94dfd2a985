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

test('404.html is the app itself, CSP and backend included', () => {
  const notFound = read('404.html');
  assert.match(notFound, /<meta http-equiv="Content-Security-Policy"/);
  assert.match(notFound, /<meta name="altogic-env-url"/);
  const loader = (html) => html.match(/<script type="module">[\s\S]*?<\/script>/)?.[0];
  assert.ok(loader(notFound), 'loads the app');
  assert.equal(loader(notFound), loader(read('index.html')));
});
