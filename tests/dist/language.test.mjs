// A site in its visitors' languages, set on a built dist/ without a rebuild
// (scripts/configure-dist --lang tr --langs tr,en,de): "Acme" in Turkish
// with English and German offered. Every page of each language is in that
// language (no English string of ours on a Turkish page), says so in
// <html lang>, links to itself in the others (hreflang), shows the switch
// and the brand; the default's pages are at the root with their links
// there; a language that was not built is refused, nothing written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { englishIn } from '../english.mjs';
import { DIST, copyOfDist, configure, pages } from './site.mjs';

const LANGS = ['tr', 'en', 'de'];
// Every language built has its folder, offered or not: a page in a folder
// the site does not offer is checked by the test that offers it.
const BUILT = fs.readdirSync('i18n').map((f) => f.replace(/\.json$/, ''));
const offeredOrRoot = (folder, offered) => offered.includes(folder) || !BUILT.includes(folder);

/** What a visitor reads on a page: its title, text and labels. */
const readable = (html) =>
  [
    ...html.matchAll(/<title>([^<]*)<\/title>|<meta name="description" content="([^"]*)"|(?:aria-label|alt)="([^"]*)"/g),
  ]
    .map((m) => m[1] ?? m[2] ?? m[3])
    .concat(
      html
        .replace(/<head>[\s\S]*<\/head>/, '')
        .replace(/<script[\s\S]*?<\/script>/g, '')
        .replace(/<[^>]+>/g, '\n'),
    )
    .join('\n')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

test('Acme in Turkish, English and German offered: every page in its language, with its brand and its links', () => {
  const copy = copyOfDist();
  configure(copy, '--name', 'Acme', '--lang', 'tr', '--langs', 'tr,en,de');
  const all = pages(copy);
  assert.ok(all.length >= 4 * 11, `${all.length} pages`);
  for (const [file, html] of all) {
    const folder = file.split(path.sep)[0];
    if (!offeredOrRoot(folder, LANGS)) continue;
    const lang = LANGS.includes(folder) ? folder : 'tr';
    assert.match(html, new RegExp(`<html[^>]* lang="${lang}"`), file);
    assert.match(html, /<meta name="altogic-languages" content="tr en de" \/>/, file);
    assert.match(html, /<meta name="altogic-site-name" content="Acme"/, file);
    if (/<div id="app"[^>]*data-prerendered=/.test(html)) {
      assert.match(html, /<a [^>]*class="brand"[^>]*>Acme<\/a>/, file);
    }
    if (lang !== 'en') assert.deepEqual(englishIn(lang, readable(html)), [], `${file}: English`);
    // The switch: each language in its own words, this one marked.
    const nav = html.match(/<nav id="languages"[^>]*>([\s\S]*?)<\/nav>/)?.[1] ?? '';
    assert.deepEqual([...nav.matchAll(/hreflang="([a-z]+)"[^>]*>([^<]+)</g)].map((m) => m.slice(1)), [
      ['tr', 'Türkçe'],
      ['en', 'English'],
      ['de', 'Deutsch'],
    ], file);
    assert.match(nav, new RegExp(`hreflang="${lang}" lang="${lang}" aria-current="page"`), file);
    // The root is Turkish, with its links at the root.
    if (!LANGS.includes(folder)) assert.doesNotMatch(html, /href="\/tr[/"]/, `${file}: a link under /tr`);
  }
  // The same page in each language, the default's at the root.
  const login = fs.readFileSync(path.join(copy, 'login/index.html'), 'utf8');
  assert.deepEqual(
    [...login.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)" \/>/g)].map((m) => m.slice(1)),
    [
      ['tr', '/login'],
      ['en', '/en/login'],
      ['de', '/de/login'],
      ['x-default', '/login'],
    ],
  );
  assert.match(login, /<title>Giriş yap<\/title>/);
  assert.match(login, /<h1 id="page-heading">Hesabınıza giriş yapın<\/h1>/);
  assert.match(fs.readFileSync(path.join(copy, 'de/login/index.html'), 'utf8'), /<h1 id="page-heading">Bei Ihrem Konto anmelden<\/h1>/);
  assert.match(fs.readFileSync(path.join(copy, 'index.html'), 'utf8'), /<title>Acme<\/title>/);

  // Again, without languages: they stay as they were, nothing doubles.
  configure(copy, '--name', 'Acme');
  const again = fs.readFileSync(path.join(copy, 'login/index.html'), 'utf8');
  assert.equal(again.match(/<meta name="altogic-languages"/g).length, 1);
  assert.equal(again.match(/hreflang="x-default"/g).length, 1);
  assert.match(again, /<html[^>]* lang="tr"/);
});

test('Arabic, French and Spanish: every page in its language, the Arabic ones right to left', () => {
  const copy = copyOfDist();
  configure(copy, '--lang', 'ar', '--langs', 'ar,fr,es,en');
  const all = pages(copy);
  assert.ok(all.length >= 5 * 11, `${all.length} pages`);
  for (const [file, html] of all) {
    const folder = file.split(path.sep)[0];
    if (!offeredOrRoot(folder, ['ar', 'fr', 'es', 'en'])) continue;
    const lang = ['fr', 'es', 'en'].includes(folder) ? folder : 'ar';
    const rtl = lang === 'ar' ? ' dir="rtl"' : '';
    assert.match(html, new RegExp(`<html lang="${lang}"${rtl}[ >]`), file);
    if (lang !== 'en') assert.deepEqual(englishIn(lang, readable(html)), [], `${file}: English`);
  }
  const login = (folder) => fs.readFileSync(path.join(copy, folder, 'login/index.html'), 'utf8');
  assert.match(login(''), /<h1 id="page-heading">سجّل الدخول إلى حسابك<\/h1>/);
  assert.match(login('fr'), /<h1 id="page-heading">Connectez-vous à votre compte<\/h1>/);
  assert.match(login('es'), /<h1 id="page-heading">Inicia sesión en tu cuenta<\/h1>/);
});

test('a language the build has no pages for is refused, and nothing is written', () => {
  const copy = copyOfDist();
  const before = pages(copy);
  assert.throws(() => configure(copy, '--lang', 'tr', '--langs', 'tr,ja'), (e) => /no pages for ja/.test(e.stderr));
  assert.deepEqual(pages(copy), before);
});

test('a site that offers no languages shows no switch and sends no one anywhere', () => {
  for (const [file, html] of pages(DIST)) {
    assert.doesNotMatch(html, /<meta name="altogic-languages"/, file);
    assert.match(html, /<nav id="languages"[^>]* hidden><\/nav>/, file);
  }
});

test('the stylesheet says start and end, not left and right, so a right-to-left page reads right', () => {
  const sheets = fs.readdirSync(DIST).filter((f) => f.endsWith('.css'));
  assert.ok(sheets.length > 0, 'a stylesheet in dist/');
  for (const sheet of sheets) {
    const css = fs.readFileSync(path.join(DIST, sheet), 'utf8');
    const physical = css.match(/(?:^|[;{\s-])(?:left|right)\s*:|(?:margin|padding|border)-(?:left|right)\b|text-align\s*:\s*(?:left|right)|float\s*:\s*(?:left|right)/g);
    assert.equal(physical, null, `${sheet}: ${physical}`);
  }
});
