// Writes the pages of a built dist/ for one site, without rebuilding the
// wasm: at build (scripts/build, with --app: the files scripts/split.mjs
// made) and at each deploy (scripts/configure-dist). It checks what it is
// given (the backend's address, the brand: scripts/brand.mjs), prepares
// what every page carries inline (the stylesheet and the scripts of js/,
// minified; the icon; the providers' marks), and has the site writer
// (src/bin/prerender.rs) write every page from the site's values: each
// page in one piece, by one function, its CSP hashed from what it inlines.
// What is left out stays as the built pages have it. Last, compressed
// copies (.br, .gz) of every page and asset, for hosts that serve them as
// they are.
//
//   node scripts/dist-config.mjs DIST_DIR [ENV_URL CLIENT_KEY [PROVIDERS]]
//     [--users-model NAME] [--name NAME] [--logo FILE]
//     [--accent COLOUR] [--accent-dark COLOUR] [--lang LANG] [--langs LANG,…]
//     [--terms-url URL --privacy-url URL] [--return-to /PATH/,…]
//     [--account-deletion off|object|endpoint:/PATH] [--signup-fields FILE.json]
//     [--default-country CC] [--min-password-strength weak|fair|good|strong]
//     [--breach-check URL]
//     [--app "JS WASM CHUNK"]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { minify } from 'terser';
import { accentProblem, logoFile, schemeColors } from './brand.mjs';
import { brotli, gzip } from './compress.mjs';

const USAGE =
  'usage: node scripts/dist-config.mjs DIST_DIR [ENV_URL CLIENT_KEY [PROVIDERS]] [--users-model NAME] [--name NAME] [--logo FILE] [--accent COLOUR] [--accent-dark COLOUR] [--lang LANG] [--langs LANG,LANG,…] [--terms-url URL --privacy-url URL] [--return-to /PATH/,…] [--account-deletion off|object|endpoint:/PATH] [--signup-fields FILE.json|\'\'] [--default-country CC|\'\'] [--min-password-strength weak|fair|good|strong|\'\'] [--breach-check URL|\'\']';
// Every refusal: its message, and nothing written. 2 for a command line
// that cannot be read, 1 for anything else.
const fail = (message, status = 1) => {
  console.error(message);
  process.exit(status);
};
const args = process.argv.slice(2);
// The options, each with its value; what is left is positional.
const option = {};
for (const name of ['--users-model', '--name', '--logo', '--accent', '--accent-dark', '--lang', '--langs', '--terms-url', '--privacy-url', '--return-to', '--account-deletion', '--signup-fields', '--default-country', '--min-password-strength', '--breach-check', '--app']) {
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

// What changes: each value given, nothing else (the site writer keeps the
// rest as the built pages have it).
const changes = {};
if (envUrl) {
  let url = null;
  try {
    url = new URL(envUrl);
  } catch {}
  if (!url || !['http:', 'https:'].includes(url.protocol)) fail(`not an http(s) URL: ${envUrl}`);
  if (!/^[A-Za-z0-9._~-]+$/.test(clientKey)) fail('the client key may hold only letters, digits and . _ ~ -');
  if (providers !== undefined && !/^[A-Za-z, ]*$/.test(providers)) fail('providers: names separated by commas, e.g. google,github');
  Object.assign(changes, { envUrl, clientKey });
  if (providers !== undefined) changes.providers = providers;
}
if (usersModel) changes.usersModel = usersModel;
if (siteName !== undefined) changes.name = siteName;
if (option['--app'] !== undefined) changes.app = option['--app'];

// The terms and the privacy policy sign-up asks consent to: both, each an
// http(s) URL or a path on this site; '' for both takes the consent away.
const legal = [option['--terms-url'], option['--privacy-url']];
if (legal.some((v) => v !== undefined)) {
  if (legal.some((v) => v === undefined)) fail('--terms-url and --privacy-url go together: consent is asked to both');
  for (const [flag, value] of [['--terms-url', legal[0]], ['--privacy-url', legal[1]]]) {
    if (legal.every((v) => v === '')) break;
    if (!isPageAddress(value)) fail(`${flag}: an http(s) URL or a path on this site (/terms), not ${JSON.stringify(value)}`);
  }
  [changes.terms, changes.privacy] = legal;
}
// The operator's pages a sign-in may go back to: same-origin path
// prefixes, each plain (no //, \\, %, query or fragment: nothing that a
// browser could read as another host); '' for none.
if (option['--return-to'] !== undefined) {
  const prefixes = option['--return-to'].split(',').map((p) => p.trim()).filter(Boolean);
  for (const prefix of prefixes) {
    if (!/^\/[A-Za-z0-9._~!$&'()*+;=:@-][A-Za-z0-9._~!$&'()*+;=:@\/-]*$/.test(prefix) || prefix.includes('//') || /(^|\/)\.\.?(\/|$)/.test(prefix)) {
      fail(`--return-to: a path on this site, such as /app/, not ${JSON.stringify(prefix)}`);
    }
  }
  changes.returnTo = prefixes.join(' ');
}

// The languages offered, the default first (each built in its folder:
// `de/login/index.html`, links under /de; the default also at the root).
if (option['--lang'] !== undefined || option['--langs'] !== undefined) {
  const lang = option['--lang'] ?? option['--langs'].split(',')[0].trim();
  changes.languages = [lang, ...(option['--langs'] ?? '').split(',').map((l) => l.trim()).filter((l) => l && l !== lang)];
}

// How a person deletes their account: not at all (off), by the users
// model's own delete, or by an endpoint of the operator's on the backend.
const deletion = option['--account-deletion'];
if (deletion !== undefined) {
  if (!/^(off|object|endpoint:\/[A-Za-z0-9._~!$&'()*+,;=:@\/-]*)$/.test(deletion) || deletion.startsWith('endpoint://')) {
    fail(`--account-deletion: off, object or endpoint:/path, not ${JSON.stringify(deletion)}`);
  }
  changes.accountDeletion = deletion === 'off' ? '' : deletion;
}

// The country phone numbers are dialled in unless the visitor picks
// another: an ISO 3166 code, checked against the phone fields' table by
// the site writer; '' for the browser's region.
if (option['--default-country'] !== undefined) {
  const country = option['--default-country'].trim();
  if (country !== '' && !/^[A-Za-z]{2}$/.test(country)) {
    fail(`--default-country: a country's two-letter code, such as TR, not ${JSON.stringify(country)}`);
  }
  changes.defaultCountry = country;
}

// The least strength of a new password, by the meter's words (its score
// 1 to 4: src/strength.rs); '' for any the service takes.
const STRENGTHS = ['weak', 'fair', 'good', 'strong'];
if (option['--min-password-strength'] !== undefined) {
  const level = option['--min-password-strength'].trim().toLowerCase();
  if (level !== '' && !STRENGTHS.includes(level)) {
    fail(`--min-password-strength: one of ${STRENGTHS.join(', ')}, not ${JSON.stringify(level)}`);
  }
  changes.minPasswordStrength = level === '' ? '' : String(STRENGTHS.indexOf(level) + 1);
}

// A range API of leaked passwords (Have I Been Pwned's:
// https://api.pwnedpasswords.com/range/), which the five characters are
// added to; the page's CSP allows its origin. '' for no check.
if (option['--breach-check'] !== undefined) {
  const url = option['--breach-check'].trim();
  if (url !== '' && !(isPageAddress(url) && /^https?:/.test(url))) {
    fail(`--breach-check: the http(s) address of a range API, such as https://api.pwnedpasswords.com/range/, not ${JSON.stringify(url)}`);
  }
  changes.breachCheck = url;
}

// The operator's own sign-up fields: a JSON file, checked by the site
// writer against the languages offered (config::check_signup_fields);
// '' takes them away.
const signupFields = option['--signup-fields'];
if (signupFields !== undefined) {
  try {
    changes.signupFields = signupFields === '' ? '' : fs.readFileSync(signupFields, 'utf8');
  } catch (e) {
    fail(`--signup-fields: cannot read ${signupFields} (${e.code ?? e.message})`);
  }
}

// A page a link may point to: an http(s) URL, or a path on this site.
function isPageAddress(value) {
  if (/^\/(?![\/\\])/.test(value)) return !/[\s\\<>"]/.test(value);
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol) && !/[\s<>"]/.test(value);
  } catch {
    return false;
  }
}

// The brand: the accents checked against the stylesheet's colours.
const sheetFile = fs.readdirSync(dist).find((f) => /^app-.*\.css$/.test(f));
if (!sheetFile) fail(`no stylesheet (app-….css) in ${dist}: build first (scripts/build)`);
const sheetCss = fs.readFileSync(path.join(dist, sheetFile), 'utf8');
for (const [flag, scheme, key] of [['--accent', 'light', 'accent'], ['--accent-dark', 'dark', 'accentDark']]) {
  if (option[flag] === undefined) continue;
  const problem = accentProblem(flag, option[flag], schemeColors(sheetCss, scheme));
  if (problem) fail(problem);
  changes[key] = option[flag];
}
// The logo, checked, and copied in once the pages are written.
let logo;
if (option['--logo'] !== undefined) {
  try {
    logo = logoFile(option['--logo']);
  } catch (e) {
    fail(e.message);
  }
  changes.logo = `/${logo.name}`;
}

// What every page carries inline. The stylesheet, without the rules that
// fetch the marks' files: a page carries the marks it shows (a request for
// each before the first paint put them in front of the page's largest
// paint in Lighthouse's estimate: 0.9 s on /login, against 0.65 s on /).
const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const assets = fs.mkdtempSync(path.join(os.tmpdir(), 'altogic-site-'));
const css = minifyCss(sheetCss).replace(/\[href\$="\/_auth\/[a-z]+"\]::before\{background-image:url\(\/marks\/[a-z]+\.svg\)\}/g, '');
if (css.includes('</style')) fail(`${sheetFile} cannot go inline`);
fs.writeFileSync(path.join(assets, 'app.css'), css);
// The page's scripts (js/), each minified once.
for (const name of ['languages', 'early', 'crash', 'loader']) {
  const code = fs.readFileSync(path.join(root, 'js', `${name}.js`), 'utf8');
  const small = (await minify(code, { module: name === 'loader', compress: { passes: 2 } })).code;
  if (small.includes('</script')) fail(`js/${name}.js cannot go inline`);
  fs.writeFileSync(path.join(assets, `${name}.js`), small);
}
fs.copyFileSync(path.join(root, 'favicon.svg'), path.join(assets, 'favicon.svg'));
fs.cpSync(path.join(root, 'styles', 'marks'), path.join(assets, 'marks'), { recursive: true });

// The writer refuses as this script does: its reason, and nothing written.
const writer = spawnSync('cargo', ['run', '--quiet', '--features', 'ssr', '--bin', 'prerender', '--', path.resolve(dist), assets], {
  cwd: root,
  input: JSON.stringify(changes),
  encoding: 'utf8',
});
fs.rmSync(assets, { recursive: true });
if (writer.status !== 0) fail(writer.stderr.trim() || `the site writer failed (${writer.error ?? writer.status})`);
const written = writer.stdout.trim().split('\n');
if (logo) fs.writeFileSync(path.join(dist, logo.name), logo.body);
console.log(`${dist}: ${written.length} pages written`);

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
