// Finishes the pages of a built dist/ for deployment, without a rebuild:
// optionally points them at another Altogic environment (the <meta>
// values) and brands them (the site's name, logo and accent colours:
// scripts/brand.mjs), shows the sign-in provider links the page's
// altogic-oauth-providers names (hiding the others) and points them at its
// backend, puts the stylesheet inline, then writes each one's
// Content-Security-Policy <meta> for that backend, with the hashes of its
// inline scripts (Trunk's loader, the signed-in check and the crash screen
// of index.html) and of its inline styles. Last, compressed copies (.br,
// .gz) of every page and asset, for hosts that serve them as they are.
//
//   node scripts/dist-config.mjs DIST_DIR [ENV_URL CLIENT_KEY [PROVIDERS]]
//     [--users-model NAME] [--name NAME] [--logo FILE]
//     [--accent COLOUR] [--accent-dark COLOUR]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { minify } from 'terser';
import { accentProblem, accentStyle, copyLogo, schemeColors } from './brand.mjs';
import { brotli, gzip } from './compress.mjs';

const USAGE =
  'usage: node scripts/dist-config.mjs DIST_DIR [ENV_URL CLIENT_KEY [PROVIDERS]] [--users-model NAME] [--name NAME] [--logo FILE] [--accent COLOUR] [--accent-dark COLOUR] [--lang LANG] [--langs LANG,LANG,…]';
// Every refusal: its message, and nothing written. 2 for a command line
// that cannot be read, 1 for anything else.
const fail = (message, status = 1) => {
  console.error(message);
  process.exit(status);
};
const args = process.argv.slice(2);
// The options, each with its value; what is left is positional.
const option = {};
for (const name of ['--users-model', '--name', '--logo', '--accent', '--accent-dark', '--lang', '--langs']) {
  const at = args.indexOf(name);
  if (at === -1) continue;
  option[name] = args[at + 1];
  if (option[name] === undefined) fail(`${name}: a value is missing\n${USAGE}`);
  args.splice(at, 2);
}
// The model that holds the users, when Altogic's app settings name another
// than `users`.
const usersModel = option['--users-model'];
if (usersModel !== undefined && !/^[A-Za-z][A-Za-z0-9_]*$/.test(usersModel)) {
  fail(`--users-model: a model name (letters, digits, _), not ${JSON.stringify(usersModel)}`, 2);
}
const siteName = option['--name']?.trim();
if (siteName !== undefined && !siteName) fail('--name: the site\'s name, not an empty one');
const [dist, envUrl, clientKey, providers] = args;
if (!dist || (envUrl && !clientKey) || args.length > 4 || args.some((a) => a.startsWith('--'))) {
  fail(USAGE, 2);
}
const index = path.join(dist, 'index.html');
if (!fs.existsSync(index)) fail(`no ${index}: build first (scripts/build)`);
// The stylesheet is written to be read; every page carries it. Comments
// and layout go (the rules have no strings where that would matter, and
// no space before a `:` is touched: `a :hover` is not `a:hover`).
const minifyCss = (css) =>
  css
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
// An SVG as a data: URI, in a double-quoted attribute or url(""): its own
// double quotes made single, and only what a URI cannot hold encoded.
const svgUri = (svg) =>
  `data:image/svg+xml,${svg.trim().replace(/\s+/g, ' ').replace(/"/g, "'").replace(/[<>#%]/g, encodeURIComponent)}`;
const escape = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const metaPattern = (name) => new RegExp(`(<meta name="${name}" content=")([^"]*)(")`);

let html = fs.readFileSync(index, 'utf8');

if (envUrl) {
  let url = null;
  try {
    url = new URL(envUrl);
  } catch {}
  if (!url || !['http:', 'https:'].includes(url.protocol)) fail(`not an http(s) URL: ${envUrl}`);
  if (!/^[A-Za-z0-9._~-]+$/.test(clientKey)) fail('the client key may hold only letters, digits and . _ ~ -');
  if (providers !== undefined && !/^[A-Za-z, ]*$/.test(providers)) fail('providers: names separated by commas, e.g. google,github');

}

// The languages: the build wrote every page of each into its folder
// (`de/login/index.html`, links under /de); the site's default language
// is also served at the root, a copy of its folder with the links
// unprefixed. Each page names the languages offered, the default first, in
// <meta name="altogic-languages"> (index.html's first script picks the
// visitor's), links to itself in each (hreflang), and shows the switch.
const built = fs
  .readdirSync(dist)
  .filter((d) => /^[a-z]{2,3}(-[A-Za-z0-9]+)?$/.test(d) && fs.existsSync(path.join(dist, d, 'index.html')));
// A catalogue's first line is its language's own name (`Text::LanguageName`
// is the first key: src/i18n/keys.rs).
const firstLine = (file) => fs.readFileSync(file, 'utf8').match(/<script type="text\/plain" id="altogic-texts">([^\n<]*)/)?.[1];
const languageName = Object.fromEntries(built.map((l) => [l, firstLine(path.join(dist, l, 'index.html')) ?? l]));
let offered = null;
if (option['--lang'] !== undefined || option['--langs'] !== undefined) {
  const lang = option['--lang'] ?? option['--langs'].split(',')[0].trim();
  offered = [lang, ...(option['--langs'] ?? '').split(',').map((l) => l.trim()).filter((l) => l && l !== lang)];
  const missing = offered.filter((l) => !built.includes(l));
  if (missing.length) fail(`--lang/--langs: no pages for ${missing.join(', ')} in ${dist} (built: ${built.join(', ') || 'none'})`);
  const unprefix = (html) => html.replace(new RegExp(`href="/${lang}(/[^"]*)?"`, 'g'), (_, rest) => `href="${rest || '/'}"`);
  for (const file of fs.readdirSync(path.join(dist, lang), { recursive: true }).filter((f) => f.endsWith('.html'))) {
    fs.mkdirSync(path.dirname(path.join(dist, file)), { recursive: true });
    fs.writeFileSync(path.join(dist, file), unprefix(fs.readFileSync(path.join(dist, lang, file), 'utf8')));
  }
}

// Every page of the app: index.html, the prerendered ones, the shells, 404.html.
const pages = fs
  .readdirSync(dist, { recursive: true })
  .filter((f) => f.endsWith('.html'))
  .map((f) => path.join(dist, f))
  .sort();

// A provider the pages have no button for is a typo, not a wish: the
// buttons are those the app prerendered (src/config.rs lists them).
const known = new Set(pages.flatMap((page) => [...fs.readFileSync(page, 'utf8').matchAll(/href="[^"]*\/_auth\/([a-z]+)"/g)].map((m) => m[1])));
const unknown = (providers ?? '').split(',').map((p) => p.trim().toLowerCase()).filter((p) => p && !known.has(p));
if (unknown.length) fail(`providers: no button for ${unknown.join(', ')} (any of ${[...known].join(', ')})`);

// The brand: the accents checked against the stylesheet's colours before
// anything is written; the logo copied in once.
const sheetFile = fs.readdirSync(dist).find((f) => /^app-.*\.css$/.test(f));
const sheetCss = sheetFile ? fs.readFileSync(path.join(dist, sheetFile), 'utf8') : '';
for (const [flag, scheme] of [['--accent', 'light'], ['--accent-dark', 'dark']]) {
  if (option[flag] === undefined) continue;
  const problem = accentProblem(flag, option[flag], schemeColors(sheetCss, scheme));
  if (problem) fail(problem);
}
let logoPath;
if (option['--logo'] !== undefined) {
  try {
    logoPath = copyLogo(dist, option['--logo']);
  } catch (e) {
    fail(e.message);
  }
}
const brandStyle = accentStyle(option['--accent'], option['--accent-dark']);

for (const page of pages) {
  let html = fs.readFileSync(page, 'utf8');

  if (envUrl) {
    for (const [name, value] of [['altogic-env-url', envUrl.replace(/\/+$/, '')], ['altogic-client-key', clientKey]]) {
      if (!metaPattern(name).test(html)) fail(`no <meta name="${name}"> in ${page}`);
      html = html.replace(metaPattern(name), (_, a, __, b) => a + escape(value) + b);
    }
    if (providers !== undefined) {
      if (!metaPattern('altogic-oauth-providers').test(html)) fail(`no <meta name="altogic-oauth-providers"> in ${page}`);
      html = html.replace(metaPattern('altogic-oauth-providers'), (_, a, __, b) => a + escape(providers) + b);
    }
  }
  if (usersModel) {
    if (!metaPattern('altogic-users-model').test(html)) fail(`no <meta name="altogic-users-model"> in ${page}`);
    html = html.replace(metaPattern('altogic-users-model'), (_, a, __, b) => a + usersModel + b);
  }

  // The site's name and logo: in the <meta> the app reads, in the header
  // and in the titles that are the name (the home page's, the shells').
  const oldName = html.match(metaPattern('altogic-site-name'))?.[2];
  if (oldName === undefined) fail(`no <meta name="altogic-site-name"> in ${page}`);
  if (siteName !== undefined) {
    html = html.replace(metaPattern('altogic-site-name'), (_, a, __, b) => a + escape(siteName) + b);
    html = html.replace(`<title>${oldName}</title>`, () => `<title>${escape(siteName)}</title>`);
  }
  if (logoPath !== undefined) {
    if (!metaPattern('altogic-site-logo').test(html)) fail(`no <meta name="altogic-site-logo"> in ${page}`);
    html = html.replace(metaPattern('altogic-site-logo'), (_, a, __, b) => a + logoPath + b);
  }
  const name = html.match(metaPattern('altogic-site-name'))[2];
  const logo = html.match(metaPattern('altogic-site-logo'))?.[2];
  // As app.rs's Layout draws it, so that the app's takeover changes nothing.
  const brand = `${logo ? `<img class="brand-logo" src="${logo}" alt="">` : ''}${name}`;
  html = html.replace(/(<a [^>]*class="brand"[^>]*>)[\s\S]*?(<\/a>)/, (_, open, close) => open + brand + close);
  if (brandStyle) {
    html = html.replace(/<style id="brand">[\s\S]*?<\/style>/, '');
    html = html.replace('</head>', () => `${brandStyle}</head>`);
  }

  // The languages offered (kept from an earlier run when none are given).
  const offeredHere = offered ?? html.match(metaPattern('altogic-languages'))?.[2].split(' ').filter(Boolean);
  html = html.replace(/<meta name="altogic-languages" content="[^"]*" \/>\s*/, '');
  html = html.replace(/<link rel="alternate" hreflang="[^"]*" href="[^"]*" \/>\s*/g, '');
  if (offeredHere?.length) {
    const relative = path.relative(dist, page).split(path.sep);
    const here = html.match(/<html[^>]* lang="([^"]*)"/)?.[1];
    if (relative.length > 1 && relative[0] === here) relative.shift();
    const file = relative.join('/');
    // The page's address in each language: the default's at the root.
    const route = file === '404.html' ? null : `/${file.replace(/(^|\/)index\.html$/, '')}`;
    const at = (lang) => `${lang === offeredHere[0] ? '' : `/${lang}`}${route ?? '/'}`.replace(/(.)\/$/, '$1');
    const alternates = route === null ? [] : [...offeredHere, 'x-default'].map(
      (lang) => `<link rel="alternate" hreflang="${lang}" href="${at(lang === 'x-default' ? offeredHere[0] : lang)}" />`,
    );
    // Before index.html's first script, which reads it.
    const logoMeta = /<meta name="altogic-site-logo" content="[^"]*" \/>/;
    if (!logoMeta.test(html)) fail(`no <meta name="altogic-site-logo"> in ${page}`);
    html = html.replace(logoMeta, (meta) => `${meta}<meta name="altogic-languages" content="${offeredHere.join(' ')}" />${alternates.join('')}`);
    const links = offeredHere.map(
      (lang) => `<a href="${at(lang)}" hreflang="${lang}" lang="${lang}"${lang === here ? ' aria-current="page"' : ''}>${escape(languageName[lang] ?? lang)}</a>`,
    );
    const switcher = offeredHere.length > 1 ? `>${links.join(' ')}` : ' hidden>';
    html = html.replace(/<nav id="languages"([^>]*?)( hidden)?>[\s\S]*?<\/nav>/, (_, attrs) => `<nav id="languages"${attrs}${switcher}</nav>`);
  }

  // The provider links (components/providers.rs, the same rule): those the
  // page's meta names show, the rest are hidden; all go to its backend.
  const envAttr = html.match(metaPattern('altogic-env-url'))?.[2] ?? '';
  const named = new Set(
    (html.match(metaPattern('altogic-oauth-providers'))?.[2] ?? '').split(',').map((p) => p.trim().toLowerCase()),
  );
  const hide = (attrs, hidden) =>
    ` ${attrs}`.replace(/\s+hidden(="[^"]*")?(?=\s|$)/g, '').trimStart() + (hidden ? ' hidden="hidden"' : '');
  let shown = 0;
  html = html.replace(/<a ([^>]*href="[^"]*\/_auth\/([a-z]+)"[^>]*)>/g, (_, attrs, id) => {
    if (named.has(id)) shown++;
    return `<a ${hide(attrs.replace(/href="[^"]*"/, `href="${envAttr}/_auth/${id}"`), !named.has(id))}>`;
  });
  html = html.replace(/<div ([^>]*class="providers"[^>]*)>/g, (_, attrs) => `<div ${hide(attrs, shown === 0)}>`);
  // The marks of the links that show, in the page itself: a request for
  // each before the first paint put them in front of the page's largest
  // paint in Lighthouse's estimate (0.9 s on /login, against 0.65 s on /).
  // They override the stylesheet's rules, which name the files.
  const marks = [...html.matchAll(/<a ([^>]*href="[^"]*\/_auth\/([a-z]+)"[^>]*)>/g)]
    .filter(([, attrs]) => !/\shidden/.test(` ${attrs}`))
    .map(([, , id]) => id)
    .filter((id) => fs.existsSync(path.join(dist, 'marks', `${id}.svg`)))
    .map((id) => {
      const svg = fs.readFileSync(path.join(dist, 'marks', `${id}.svg`), 'utf8');
      return `[href$="/_auth/${id}"]::before{background-image:url("${svgUri(svg)}")}`;
    });
  html = html.replace(/<style id="marks">[\s\S]*?<\/style>/, '');
  if (marks.length) html = html.replace('</head>', () => `<style id="marks">${marks.join('')}</style></head>`);

  // The backend the page talks to and shows pictures from.
  const current = html.match(metaPattern('altogic-env-url'));
  if (!current) fail(`no <meta name="altogic-env-url"> in ${page}`);
  const backendUrl = new URL(current[2].replace(/&amp;/g, '&'));
  const backend = backendUrl.origin;
  // Pictures come from elsewhere than the API: Altogic serves files from
  // its cluster's host (`https://c1-na.altogic.com/_storage/…` beside env
  // URLs `https://<app>.c1-na.altogic.com`), and a provider's sign-in keeps
  // the provider's picture (Google's, GitHub's, … hosts). So any https
  // origin may show an image (an image runs no code); a backend on this
  // machine serves its files from its other loopback name.
  const loopback = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' }[backendUrl.hostname];
  const images = ["'self'", 'data:', backend, 'https:'];
  if (loopback) images.push(`${backendUrl.protocol}//${loopback}${backendUrl.port ? `:${backendUrl.port}` : ''}`);

  // index.html's comments are for whoever reads the source, not for every
  // visitor: 1.7 KB of each page.
  html = html.replace(/<!--[\s\S]*?-->\s*/g, '');
  // Nor is the indentation of its scripts (the loader is written to be
  // read): each inline script minified, once (a second pass changes nothing).
  // (Not the catalogue, data that runs nowhere: `i18n`.)
  for (const [whole, attrs, code] of [...html.matchAll(/<script((?![^>]*\ssrc=)(?![^>]*type="text\/plain")[^>]*)>([\s\S]*?)<\/script>/g)]) {
    const module = /type="module"/.test(attrs);
    const small = (await minify(code, { module, compress: { passes: 2 } })).code;
    html = html.replace(whole, () => `<script${attrs}>${small}</script>`);
  }

  // So does the icon (a few hundred bytes): one request less per visit.
  html = html.replace(/<link rel="icon" href="\/([^"]+\.svg)"[^>]*>/, (whole, file) => {
    return `<link rel="icon" href="${svgUri(fs.readFileSync(path.join(dist, file), 'utf8'))}">`;
  });

  // The stylesheet goes into the page itself: it is small, and a page that
  // needs nothing but its own HTML paints one round trip sooner.
  const sheet = html.match(/<link rel="stylesheet" href="\/([^"]+\.css)"[^>]*\/?>/);
  if (sheet) {
    // Without the rules that fetch the marks' files: the page carries the
    // marks it shows (above).
    const css = minifyCss(fs.readFileSync(path.join(dist, sheet[1]), 'utf8')).replace(
      /\[href\$="\/_auth\/[a-z]+"\]::before\{background-image:url\(\/marks\/[a-z]+\.svg\)\}/g,
      '',
    );
    if (css.includes('</style')) fail(`${sheet[1]} cannot go inline`);
    html = html.replace(sheet[0], () => `<style>${css}</style>`);
  }

  // Every inline script and style is allowed by its hash, nothing else.
  const hash = (m) => `'sha256-${crypto.createHash('sha256').update(m[1], 'utf8').digest('base64')}'`;
  const scripts = [...html.matchAll(/<script(?![^>]*\ssrc=)(?![^>]*type="text\/plain")[^>]*>([\s\S]*?)<\/script>/g)].map(hash);
  const styles = [...html.matchAll(/<style(?: id="(?:marks|brand)")?>([\s\S]*?)<\/style>/g)].map(hash);
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'wasm-unsafe-eval' ${scripts.join(' ')}`.trim(),
    `style-src 'self' ${styles.join(' ')}`.trim(),
    `img-src ${images.join(' ')}`,
    `connect-src 'self' ${backend}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${escape(policy)}" />`;
  const existing = /<meta http-equiv="Content-Security-Policy" content="[^"]*" \/>/;
  html = existing.test(html) ? html.replace(existing, tag) : html.replace(/(<meta charset="utf-8" \/>)/, `$1\n    ${tag}`);
  if (!html.includes(tag)) fail(`could not place the CSP in ${page}`);
  fs.writeFileSync(page, html);
  console.log(`${page}: backend ${backend}; CSP: ${policy}`);
}

// Compressed at the highest levels once here, rather than on every request
// at the server's lower ones (nginx: brotli_static, gzip_static).
const compressible = /\.(html|js|wasm|css|svg|txt)$/;
let compressed = 0;
for (const file of fs.readdirSync(dist, { recursive: true }).filter((f) => compressible.test(f))) {
  const full = path.join(dist, file);
  const body = fs.readFileSync(full);
  fs.writeFileSync(`${full}.gz`, gzip(body));
  fs.writeFileSync(`${full}.br`, brotli(body));
  compressed++;
}
console.log(`${dist}: .br and .gz copies of ${compressed} files`);
