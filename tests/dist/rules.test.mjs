// An operator's sign-up rules set on a built dist/ without a rebuild
// (scripts/configure-dist --terms-url --privacy-url --return-to
// --account-deletion): on every
// page as the app reads them, kept by a later configuration, and each
// value that is not what it must be refused by name, nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { copyOfDist, configure, pages, refused as refusedBy } from './site.mjs';

const meta = (html, name) => html.match(new RegExp(`<meta name="${name}" content="([^"]*)"`))?.[1];

test('terms, privacy and return paths reach every page, and a later configuration keeps them', () => {
  const copy = copyOfDist();
  configure(copy, '--terms-url', '/legal/terms?v=2&lang=en', '--privacy-url', 'https://example.com/privacy', '--return-to', '/app/, /docs');
  configure(copy, '--name', 'Acme');
  for (const [file, html] of pages(copy)) {
    assert.equal(meta(html, 'altogic-terms-url'), '/legal/terms?v=2&amp;lang=en', file);
    assert.equal(meta(html, 'altogic-privacy-url'), 'https://example.com/privacy', file);
    assert.equal(meta(html, 'altogic-return-to'), '/app/ /docs', file);
  }
  // The register page is prerendered with the consent, as the app draws it.
  const register = fs.readFileSync(path.join(copy, 'register/index.html'), 'utf8');
  assert.match(register, /<input [^>]*id="termsAcceptedAt"[^>]*type="checkbox"/);
  assert.match(register, /<a href="\/legal\/terms\?v=2&amp;lang=en" target="_blank" rel="noopener">/);
  // Taken away again with empty values: no consent asked.
  configure(copy, '--terms-url', '', '--privacy-url', '');
  for (const [file, html] of pages(copy)) assert.equal(meta(html, 'altogic-terms-url'), undefined, file);
  assert.doesNotMatch(fs.readFileSync(path.join(copy, 'register/index.html'), 'utf8'), /termsAcceptedAt/);
  fs.rmSync(copy, { recursive: true });
});

test('a terms address or a return path that is not one is refused by name, and nothing is written', () => {
  const copy = copyOfDist();
  const before = pages(copy);
  const refused = (...args) => refusedBy(copy, ...args);
  const terms = (url) => refused('--terms-url', url, '--privacy-url', '/privacy');
  for (const bad of ['javascript:alert(1)', 'ftp://x.example/t', '//evil.example/terms', 'terms.html', '/\\evil.example', 'https://x.example/a b']) {
    const message = terms(bad);
    assert.ok(message.includes(`--terms-url: an http(s) URL or a path on this site (/terms), not ${JSON.stringify(bad)}`), `${bad}: ${message}`);
  }
  assert.match(refused('--terms-url', '/terms'), /--terms-url and --privacy-url go together/);
  for (const bad of ['app/', '//evil.example/', '/\\evil.example', '/app/../admin', '/%2F%2Fevil.example', 'https://x.example/app/', '/app?x=1', '/ap p/']) {
    const message = refused('--return-to', `/docs/,${bad}`);
    assert.ok(message.includes(`--return-to: a path on this site, such as /app/, not ${JSON.stringify(bad)}`), `${bad}: ${message}`);
  }
  for (const bad of ['on', 'endpoint:user', 'endpoint://evil.example/x', 'object,endpoint:/user']) {
    const message = refused('--account-deletion', bad);
    assert.ok(message.includes(`--account-deletion: off, object or endpoint:/path, not ${JSON.stringify(bad)}`), `${bad}: ${message}`);
  }
  assert.deepEqual(pages(copy), before, 'nothing written');
  fs.rmSync(copy, { recursive: true });
});

test('account deletion is offered as configured, and off takes it away', () => {
  const copy = copyOfDist();
  configure(copy, '--account-deletion', 'endpoint:/user');
  for (const [file, html] of pages(copy)) assert.equal(meta(html, 'altogic-account-deletion'), 'endpoint:/user', file);
  configure(copy, '--account-deletion', 'off');
  for (const [file, html] of pages(copy)) assert.equal(meta(html, 'altogic-account-deletion'), undefined, file);
  fs.rmSync(copy, { recursive: true });
});
