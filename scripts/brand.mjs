// A site's brand on a built dist/ (scripts/dist-config.mjs): its name, a
// logo and the accent colour, light and dark. The colours are checked as
// axe checks text: WCAG AA, 4.5:1 between a colour and what it is drawn on.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** `#rgb` or `#rrggbb` as [r, g, b] (0-255), or null. */
export function parseColor(text) {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(text ?? '');
  if (!m) return null;
  const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

/** WCAG 2's relative luminance of [r, g, b]. */
function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2's contrast ratio of two colours, 1 to 21. */
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

export const AA = 4.5;

/** The stylesheet's colours for one scheme: `--name: #hex` in its `:root`
 * rule (light) or the one inside `prefers-color-scheme: dark`. */
export function schemeColors(css, scheme) {
  const dark = css.match(/@media\s*\(prefers-color-scheme:\s*dark\)\s*\{\s*:root\s*\{([^}]*)\}/);
  const light = css.match(/:root\s*\{([^}]*)\}/);
  const block = scheme === 'dark' ? dark?.[1] : light?.[1];
  if (!block) throw new Error(`no ${scheme} colours in the stylesheet`);
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{3,6})\b/gi)].map((m) => [m[1], m[2]]));
}

/** Why `accent` cannot be the accent of `scheme` (the stylesheet's
 * colours `colors`), or null: links are drawn in it on the page and on
 * cards, and buttons carry their text (`--accent-text`) on it. */
export function accentProblem(flag, accent, colors) {
  const rgb = parseColor(accent);
  if (!rgb) return `${flag}: a colour as #rgb or #rrggbb, not ${JSON.stringify(accent ?? '')}`;
  const against = [
    ['the page', colors.bg],
    ['the cards', colors.surface],
    ['the buttons\u2019 text', colors['accent-text']],
  ];
  for (const [what, color] of against) {
    const ratio = contrast(rgb, parseColor(color));
    if (ratio < AA) {
      return `${flag} ${accent}: contrast ${ratio.toFixed(2)}:1 against ${what} (${color}); WCAG AA needs ${AA}:1`;
    }
  }
  return null;
}

/** Why an SVG logo could do more than be drawn, or null. Opened as a
 * page of this site (/brand-….svg), an SVG runs its scripts with the
 * sign-in's origin and could read the session; the static files' CSP
 * (deploy/) stops that too, but a host without it would not. What is
 * refused: scripts, event handlers, `javascript:` and other non-local
 * references (they fetch, or lead, elsewhere), embedded HTML and
 * documents, entities (they can hide any of these), and animation that
 * can rewrite an attribute into one of them. */
export function svgProblem(text) {
  const checks = [
    [/<script\b/i, 'it has a <script>'],
    [/\son[a-z]+\s*=/i, 'it has an event handler (on… attribute)'],
    [/<foreignObject\b/i, 'it has a <foreignObject> (HTML inside)'],
    [/<(iframe|embed|object|image|feImage|a|set|animate|handler|listener)\b/i, 'it has an element that loads, links or rewrites (<$1>)'],
    [/<!(DOCTYPE|ENTITY)/i, 'it declares a DOCTYPE or entities'],
    [/<\?xml-stylesheet/i, 'it loads a stylesheet'],
    [/javascript:|data:text\/html/i, 'it has a script address'],
    [/(?:href|src)\s*=\s*["']\s*(?!#)/i, 'it refers to another file or address (only #id references are kept)'],
    [/url\(\s*["']?\s*(?!#)/i, 'it refers to another file or address in its style (only url(#id))'],
    [/@import/i, 'its style imports another file'],
  ];
  if (!/<svg[\s/>]/i.test(text)) return 'not an SVG document';
  for (const [pattern, why] of checks) {
    const m = pattern.exec(text);
    if (m) return why.replace('$1', m[1] ?? '');
  }
  return null;
}

/** The logo checked, with the name it gets in `dist` (one that changes
 * with its content: it is cached for a year like the other hashed files). */
export function logoFile(file) {
  const ext = path.extname(file).toLowerCase();
  if (!['.svg', '.png', '.webp', '.jpg', '.jpeg', '.gif', '.avif'].includes(ext)) {
    throw new Error(`--logo: an image file (svg, png, webp, jpg, gif, avif), not ${file}`);
  }
  if (!fs.existsSync(file)) throw new Error(`--logo: no file ${file}`);
  const body = fs.readFileSync(file);
  const problem = ext === '.svg' ? svgProblem(body.toString('utf8')) : null;
  if (problem) throw new Error(`--logo ${file}: ${problem}; a logo is a picture, nothing else`);
  return { name: `brand-${crypto.createHash('sha256').update(body).digest('hex').slice(0, 16)}${ext}`, body };
}
