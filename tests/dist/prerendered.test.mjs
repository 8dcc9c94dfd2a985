// The built dist/: the guest pages are there as HTML (prerendered by
// src/bin/prerender.rs), the signed-in ones as the empty shell, and every
// page carries its stylesheet and allows its inline scripts and style by hash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const DIST = process.env.DIST_DIR ?? 'dist';
const read = (f) => fs.readFileSync(path.join(DIST, f), 'utf8');
// The app's markup, without Yew's comment marks.
const app = (html) => {
  const root = html.match(/<div id="app"([^>]*)>([\s\S]*)<\/div>\s*<nav id="languages"/);
  assert.ok(root, 'an app root');
  return { attributes: root[1], markup: root[2].replace(/<!--[\s\S]*?-->/g, '') };
};
const input = (markup, id) => markup.match(new RegExp(`<input[^>]*\\sid="${id}"[^>]*>`))?.[0];

test('login/index.html holds the login form as HTML', () => {
  const html = read('login/index.html');
  assert.match(html, /<title>Login<\/title>/);
  assert.match(html, /<meta name="description" content="Log in to your account[^"]*"/);
  const { attributes, markup } = app(html);
  assert.match(attributes, /data-prerendered="\/login"/);
  assert.match(markup, /<h1 id="page-heading">Login to your account<\/h1>/);
  assert.match(markup, /<label for="email">Email<\/label>/);
  assert.match(markup, /<label for="password">Password<\/label>/);
  assert.match(input(markup, 'email'), /type="email"/);
  assert.match(input(markup, 'email'), /autocomplete="email"/);
  assert.match(input(markup, 'password'), /type="password"/);
  assert.match(input(markup, 'password'), /autocomplete="current-password"/);
  // Disabled in the HTML: without JavaScript the browser would put the
  // password in the address (js/early.js enables it and
  // holds an early submit for the app, showing data-busy).
  assert.match(markup, /<button type="submit" data-busy="Logging in…" disabled="disabled">Login<\/button>/);
  assert.match(markup, /<a href="\/register">/);
});

test('index.html is the home page with its three links', () => {
  const html = read('index.html');
  assert.match(html, /<title>Altogic Auth<\/title>/);
  const { attributes, markup } = app(html);
  assert.match(attributes, /data-prerendered="\/"/);
  assert.match(markup, /<a href="\/login" class="button">Login<\/a>/);
  assert.match(markup, /<a href="\/login-with-magic-link" class="button">Login With Magic Link<\/a>/);
  assert.match(markup, /<a href="\/register" class="button">Register<\/a>/);
});

test('the other guest pages and the not-found page are prerendered', () => {
  const pages = {
    'register/index.html': ['/register', 'Register', ['email', 'name', 'password']],
    'login-with-magic-link/index.html': ['/login-with-magic-link', 'Login with magic link', ['email']],
    'forgot-password/index.html': ['/forgot-password', 'Forgot your password', ['email']],
    '404.html': ['/404', 'Page not found', []],
  };
  for (const [file, [route, title, fields]] of Object.entries(pages)) {
    const html = read(file);
    assert.ok(html.includes(`<title>${title}</title>`), `${file}: title`);
    const { attributes, markup } = app(html);
    assert.ok(attributes.includes(`data-prerendered="${route}"`), `${file}: marked`);
    assert.match(markup, /<h1 id="page-heading">/, file);
    for (const id of fields) {
      assert.ok(markup.includes(`<label for="${id}">`), `${file}: label of ${id}`);
      assert.ok(input(markup, id), `${file}: input ${id}`);
    }
  }
  // Each page its own description.
  const descriptions = ['index.html', ...Object.keys(pages), 'login/index.html'].map(
    (f) => read(f).match(/<meta name="description" content="([^"]*)"/)[1],
  );
  assert.equal(new Set(descriptions).size, descriptions.length);
});

test('the signed-in pages are the empty shell: nothing is known at build time', () => {
  for (const file of ['profile/index.html', 'auth-redirect/index.html']) {
    const html = read(file);
    assert.match(html, /<div id="app"><\/div>/, file);
    assert.doesNotMatch(app(html).attributes, /data-prerendered/, file);
  }
});

test('every page allows exactly its inline scripts by hash', () => {
  const pages = fs
    .readdirSync(DIST, { recursive: true })
    .filter((f) => f.endsWith('.html'));
  // Each page at the root, and in each built language's folder.
  const built = fs.readdirSync('i18n').filter((f) => f.endsWith('.json')).length;
  assert.equal(pages.length, 11 * (built + 1));
  for (const file of pages) {
    const html = read(file);
    const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)?.[1];
    assert.ok(csp, `${file}: CSP`);
    const scripts = [...html.matchAll(/<script(?![^>]*\ssrc=)(?![^>]*type="text\/plain")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    // The language, the signed-in check, the crash screen, Trunk's loader;
    // the catalogue is data (text/plain), which runs nowhere.
    assert.equal(scripts.length, 4, file);
    assert.equal(html.match(/<script type="text\/plain" id="altogic-texts">/g)?.length, 1, file);
    const scriptSrc = csp.split('; ').find((d) => d.startsWith('script-src '));
    const hashes = scriptSrc.match(/'sha256-[^']+'/g);
    assert.deepEqual(
      hashes,
      scripts.map((s) => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`),
      file,
    );
    assert.doesNotMatch(scriptSrc, /unsafe-inline/, file);
    // The stylesheet is in the page, allowed by its hash, and not fetched.
    const styles = [...html.matchAll(/<style(?: id="marks")?>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    assert.equal(styles.filter((s) => s.includes('.field')).length, 1, file);
    // The marks of the provider links that show are in the page, not fetched.
    const marks = html.match(/<style id="marks">([\s\S]*?)<\/style>/)?.[1] ?? '';
    const shown = [...app(html).markup.matchAll(/<a ([^>]*href="[^"]*\/_auth\/([a-z]+)"[^>]*)>/g)]
      .filter(([, attrs]) => !/\shidden/.test(` ${attrs}`))
      .map(([, , id]) => id);
    assert.deepEqual([...marks.matchAll(/_auth\/([a-z]+)"\]::before\{background-image:url\("data:image\/svg\+xml,/g)].map((m) => m[1]), shown, file);
    assert.doesNotMatch(html, /<link rel="stylesheet"/, file);
    const styleSrc = csp.split('; ').find((d) => d.startsWith('style-src '));
    assert.deepEqual(
      styleSrc.match(/'sha256-[^']+'/g),
      styles.map((s) => `'sha256-${crypto.createHash('sha256').update(s, 'utf8').digest('base64')}'`),
      file,
    );
    assert.doesNotMatch(styleSrc, /unsafe-inline/, file);
  }
});

test('every page runs one app, and the pages that open on the chunk fetch it beside the app', () => {
  const named = (html) => html.match(/<meta name="altogic-app" content="([^"]+)"/)?.[1].split(' ');
  const [js, wasm, chunk] = named(read('login/index.html'));
  assert.match(js, /^\/altogic-auth-[0-9a-f]{16}\.js$/);
  assert.match(wasm, /^\/altogic-auth-[0-9a-f]{16}_bg\.wasm$/);
  assert.match(chunk, /^\/altogic-auth-[0-9a-f]{16}-signed-in\.wasm$/);
  // The app's JS names the chunk it loads.
  assert.ok(fs.readFileSync(path.join(DIST, js.slice(1)), 'utf8').includes(`"./${chunk.slice(1)}"`));
  // The guest pages' module is the bigger part, the chunk the rest.
  const size = (f) => fs.statSync(path.join(DIST, f.slice(1))).size;
  assert.ok(size(chunk) < size(wasm), `${chunk} is smaller than ${wasm}`);
  const opensOnChunk = (html) => /<html[^>]* data-chunk[ >]/.test(html);
  for (const file of ['profile/index.html', 'auth-redirect/index.html']) {
    assert.deepEqual(named(read(file)), [js, wasm, chunk], file);
    assert.ok(opensOnChunk(read(file)), `${file} fetches the chunk at once`);
  }
  // The phone pages are the chunk's, prerendered all the same.
  for (const [file, heading] of [
    ['login-with-phone/index.html', 'Login to your account'],
    ['register-with-phone/index.html', 'Create an account'],
    ['forgot-password-with-phone/index.html', 'Forgot your password?'],
  ]) {
    const html = read(file);
    assert.deepEqual(named(html), [js, wasm, chunk], file);
    assert.ok(opensOnChunk(html), `${file} fetches the chunk at once`);
    assert.match(app(html).attributes, /data-prerendered="\/[a-z-]+"/, file);
    assert.ok(app(html).markup.includes(`<h1 id="page-heading">${heading}</h1>`), file);
    assert.match(app(html).markup, /<input[^>]*id="phone"[^>]*type="tel"/, file);
    // Someone whose way is the phone is offered the providers too.
    if (file.startsWith('login-')) assert.match(app(html).markup, /<a [^>]*href="[^"]*\/_auth\/google"/, file);
    // Sent by the app only: before it runs, the browser would put what was
    // typed in the address.
    assert.match(app(html).markup, /<button type="submit" data-busy="[^"]+" disabled="disabled">/, file);
  }
  for (const file of ['index.html', 'login/index.html', 'register/index.html', 'forgot-password/index.html', '404.html']) {
    const html = read(file);
    assert.deepEqual(named(html), [js, wasm, chunk], file);
    assert.ok(!opensOnChunk(html), `${file} leaves the chunk until someone types`);
  }
});

test('the provider links show as the page names them, and follow configure-dist', async () => {
  const { execFileSync } = await import('node:child_process');
  const os = await import('node:os');
  const links = (html) =>
    [...app(html).markup.matchAll(/<a ([^>]*href="([^"]*)\/_auth\/([a-z]+)"[^>]*)>/g)].map(([, attrs, base, id]) => ({
      id,
      base,
      shown: !/\shidden/.test(` ${attrs}`),
    }));
  const shown = (html) => links(html).filter((l) => l.shown).map((l) => l.id);
  const container = (html) => app(html).markup.match(/<div [^>]*class="providers"[^>]*>/)?.[0];
  for (const page of ['login/index.html', 'register/index.html']) {
    const html = read(page);
    const named = html.match(/<meta name="altogic-oauth-providers" content="([^"]*)"/)[1];
    assert.deepEqual(shown(html), ['google', 'github'], `${page} (meta: ${named})`);
    assert.equal(links(html).length, 6, 'every provider, the others hidden');
    const backend = html.match(/<meta name="altogic-env-url" content="([^"]*)"/)[1];
    assert.ok(links(html).every((l) => l.base === backend), page);
  }

  // Re-targeted without a rebuild: another backend, one provider, then none,
  // then two again (nothing lost on the way).
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
  fs.cpSync(DIST, copy, { recursive: true });
  const configure = (...args) =>
    execFileSync('scripts/configure-dist', [copy, 'https://c1-na.altogic.com/e:1', 'k1', ...args], { stdio: 'pipe' });
  const login = () => fs.readFileSync(path.join(copy, 'login/index.html'), 'utf8');
  configure('github');
  assert.deepEqual(shown(login()), ['github']);
  assert.ok(links(login()).every((l) => l.base === 'https://c1-na.altogic.com/e:1'));
  assert.doesNotMatch(container(login()), /hidden/);
  configure('');
  assert.deepEqual(shown(login()), []);
  assert.match(container(login()), /hidden="hidden"/);
  configure('GitHub, discord');
  assert.deepEqual(shown(login()), ['discord', 'github']);
  configure();
  assert.deepEqual(shown(login()), ['discord', 'github'], 'left out, the list stays');
  // A name without a button is refused, with the names there are; nothing changes.
  assert.throws(() => configure('google,gihtub'), /no button for gihtub \(any of google, facebook, twitter, apple, discord, github\)/s);
  assert.deepEqual(shown(login()), ['discord', 'github']);
  fs.rmSync(copy, { recursive: true });
});
