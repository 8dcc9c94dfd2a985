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

// The operator's own sign-up fields (--signup-fields FILE.json).
const FIELDS = [
  { key: 'company', type: 'text', required: true, label: { en: 'Company', tr: 'Şirket' } },
  { key: 'role', type: 'choice', label: { en: 'Role', tr: 'Rol' }, options: [{ value: 'dev', label: { en: 'Developer', tr: 'Geliştirici' } }] },
];
const fieldsFile = (fields) => {
  const file = path.join(fs.mkdtempSync('/tmp/fields-'), 'fields.json');
  fs.writeFileSync(file, typeof fields === 'string' ? fields : JSON.stringify(fields));
  return file;
};
const unescape = (value) => value?.replaceAll('&quot;', '"').replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');

test('sign-up fields reach every page, show on the register pages in their language, and go again with an empty value', () => {
  const copy = copyOfDist();
  configure(copy, '--langs', 'en,tr', '--signup-fields', fieldsFile(FIELDS));
  configure(copy, '--name', 'Acme');
  for (const [file, html] of pages(copy)) {
    assert.deepEqual(JSON.parse(unescape(meta(html, 'altogic-signup-fields'))), FIELDS, file);
  }
  for (const [file, label, option] of [['register/index.html', 'Company', 'Developer'], ['tr/register/index.html', 'Şirket', 'Geliştirici'], ['tr/register-with-phone/index.html', 'Şirket', 'Geliştirici']]) {
    const html = fs.readFileSync(path.join(copy, file), 'utf8');
    assert.match(html, new RegExp(`<label for="company">${label}</label><input [^>]*id="company" name="company" type="text"[^>]*aria-required="true"`), file);
    assert.match(html, new RegExp(`<select id="role" name="role"[^>]*>.*<option value="dev">${option}</option></select>`), file);
  }
  // The login page asks nothing of them.
  assert.doesNotMatch(fs.readFileSync(path.join(copy, 'login/index.html'), 'utf8'), /id="company"/);
  configure(copy, '--signup-fields', '');
  for (const [file, html] of pages(copy)) assert.equal(meta(html, 'altogic-signup-fields'), undefined, file);
  assert.doesNotMatch(fs.readFileSync(path.join(copy, 'register/index.html'), 'utf8'), /id="company"/);
  fs.rmSync(copy, { recursive: true });
});

test('sign-up fields the pages cannot show or the service treats specially are refused by name, and nothing is written', () => {
  const copy = copyOfDist();
  configure(copy, '--langs', 'en,tr');
  const before = pages(copy);
  const refused = (fields, ...more) => refusedBy(copy, '--signup-fields', fieldsFile(fields), ...more);
  const text = { type: 'text', label: { en: 'A', tr: 'A' } };
  assert.match(refused('not json'), /--signup-fields: a JSON list of fields/);
  assert.match(refused([{ key: 'a', type: 'colour', label: { en: 'A', tr: 'A' } }]), /colour/);
  assert.match(refused([{ key: 'company', type: 'text', label: { en: 'Company' } }]), /--signup-fields: company: no label in tr/);
  assert.match(refused([{ ...text, key: 'emailVerified' }]), /the key "emailVerified" is one the service or the app sets itself/);
  assert.match(refused([{ ...text, key: 'phoneVerified' }]), /"phoneVerified" is one the service/);
  assert.match(refused([{ ...text, key: '_id' }]), /the key "_id" is not a field name/);
  assert.match(refused([{ ...text, key: 'a' }, { ...text, key: 'a' }]), /the key "a" is given twice/);
  assert.match(refused([{ key: 'r', type: 'choice', label: { en: 'R', tr: 'R' }, options: [{ value: 'x', label: { en: 'X' } }] }]), /r, option "x": no label in tr/);
  // A language added later without the fields' labels is refused too.
  configure(copy, '--signup-fields', fieldsFile(FIELDS));
  const withFields = pages(copy);
  assert.match(refusedBy(copy, '--langs', 'en,tr,de'), /--signup-fields: company: no label in de/);
  assert.deepEqual(pages(copy), withFields, 'nothing written');
  assert.match(refusedBy(copy, '--signup-fields', '/nonexistent/fields.json'), /--signup-fields: cannot read \/nonexistent\/fields.json \(ENOENT\)/);
  configure(copy, '--signup-fields', '');
  assert.deepEqual(pages(copy), before, 'nothing written by a refusal');
  fs.rmSync(copy, { recursive: true });
});

test('a default country reaches every page and the phone pages choose it; an unknown one is refused by name', () => {
  const copy = copyOfDist();
  configure(copy, '--default-country', 'tr');
  for (const [file, html] of pages(copy)) assert.equal(meta(html, 'altogic-default-country'), 'TR', file);
  // Prerendered with it chosen: a number typed before the app starts is
  // dialled in it.
  const phone = fs.readFileSync(path.join(copy, 'register-with-phone/index.html'), 'utf8');
  assert.match(phone, /<select id="country" autocomplete="country">[\s\S]*?<option value="TR" selected(="[^"]*")?>TR \(\+90\)<\/option>/);
  const before = pages(copy);
  for (const bad of ['ZZ', 'Turkey', 'T1']) {
    assert.match(refusedBy(copy, '--default-country', bad), new RegExp(`--default-country: .*${bad}`), bad);
  }
  assert.deepEqual(pages(copy), before);
  // '' leaves it to the browser's region.
  configure(copy, '--default-country', '');
  for (const [file, html] of pages(copy)) assert.equal(meta(html, 'altogic-default-country'), undefined, file);
});

test('a password policy reaches every page; the range API is the only other host the CSP lets a page call; bad values are refused by name', () => {
  const copy = copyOfDist();
  configure(copy, '--min-password-strength', 'Good', '--breach-check', 'https://api.pwnedpasswords.com/range/');
  for (const [file, html] of pages(copy)) {
    assert.equal(meta(html, 'altogic-min-password-strength'), '3', file);
    assert.equal(meta(html, 'altogic-breach-check'), 'https://api.pwnedpasswords.com/range/', file);
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
    assert.match(csp, /connect-src 'self' \S+ https:\/\/api\.pwnedpasswords\.com;/, file);
  }
  const before = pages(copy);
  for (const [flag, bad] of [['--min-password-strength', 'perfect'], ['--min-password-strength', '5'], ['--breach-check', 'javascript:alert(1)'], ['--breach-check', 'ftp://x.example/range/']]) {
    assert.match(refusedBy(copy, flag, bad), new RegExp(`${flag}: `), `${flag} ${bad}`);
  }
  assert.deepEqual(pages(copy), before);
  // '' takes each away, the CSP back to the backend alone.
  configure(copy, '--min-password-strength', '', '--breach-check', '');
  for (const [file, html] of pages(copy)) {
    assert.equal(meta(html, 'altogic-min-password-strength'), undefined, file);
    assert.equal(meta(html, 'altogic-breach-check'), undefined, file);
    assert.doesNotMatch(html, /pwnedpasswords/, file);
  }
});
