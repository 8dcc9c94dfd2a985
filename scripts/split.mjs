// Splits the release wasm into the guest pages' module and the chunk of the
// signed-in and phone pages (`src/chunk.rs`), and puts them in
// a built dist/ in place of the one wasm Trunk made. Trunk cannot run the
// splitter itself yet (trunk#1022), so scripts/build runs this after it:
//
//   node scripts/split.mjs LINKED_WASM DIST_DIR
//
// LINKED_WASM is cargo's output (linked with --emit-relocs, which the
// splitter reads its call graph from). The steps: wasm-split-cli, then
// wasm-bindgen on the main module (--keep-lld-exports: the chunk links to
// its function table), wasm-opt on both modules, the splitter's small
// chunk loader folded into the app's JS (one request less on the critical
// path), the wasm's imports renamed to short names in both (wasm-bindgen
// names each after its function and a hash: 7 KB of the wasm that brotli
// cannot shrink), that JS minified by terser (1.7 KB less brotli on every first
// load: wasm-bindgen writes it for reading), every file named by the hash
// of their contents. It prints the files it made (js, wasm, chunk), which
// scripts/build hands to the site writer.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { minify } from 'terser';

const [linked, dist] = process.argv.slice(2);
if (!linked || !dist) {
  console.error('usage: node scripts/split.mjs LINKED_WASM DIST_DIR');
  process.exit(2);
}
const fail = (message) => {
  console.error(`split: ${message}`);
  process.exit(1);
};
const run = (tool, args) => execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'inherit'] });
// Every edit of generated text must find what it replaces: a new version
// of a tool that writes it otherwise fails the build here, not in a browser.
const replaceOnce = (text, from, to, what) => {
  if (text.split(from).length !== 2) fail(`${what}: expected exactly one ${JSON.stringify(from)}`);
  return text.replace(from, () => to);
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'altogic-split-'));
const NAME = 'altogic-auth';
run('wasm-split-cli', ['--out-name', NAME, linked, path.join(work, 'split')]);
const split = path.join(work, 'split');
const chunks = fs.readdirSync(split).filter((f) => f.startsWith('split_') && f.endsWith('.wasm'));
if (chunks.length !== 1) fail(`expected one chunk, found ${JSON.stringify(chunks)}`);
const [chunk] = chunks;
run('wasm-bindgen', ['--target', 'web', '--keep-lld-exports', '--no-typescript', '--out-name', NAME, '--out-dir', path.join(work, 'bindgen'), path.join(split, `${NAME}.wasm`)]);
const mainWasm = path.join(work, `${NAME}_bg.wasm`);
const chunkWasm = path.join(work, chunk);
// Trunk's `-Oz` twice, after flattening and rebuilding the control flow:
// 1.2 KB less brotli than `-Oz` alone for the two modules, 5 s more.
const OPT = ['--flatten', '--rereloop', '-Oz', '-Oz', '--strip-producers', '--strip-target-features'];
run('wasm-opt', [...OPT, '--output', mainWasm, path.join(work, 'bindgen', `${NAME}_bg.wasm`)]);
run('wasm-opt', [...OPT, '--output', chunkWasm, path.join(split, chunk)]);

let glue = fs.readFileSync(path.join(work, 'bindgen', `${NAME}.js`), 'utf8');

// The imports from the app's JS get names of one or two characters, in the
// wasm and in the JS object that provides them (each key found once).
const [wasmRenamed, renamed] = renameImports(fs.readFileSync(mainWasm), `./${NAME}_bg.js`, (i) => i.toString(36));
new WebAssembly.Module(wasmRenamed);
fs.writeFileSync(mainWasm, wasmRenamed);
for (const [from, to] of renamed) {
  const key = new RegExp(`(?<=^\\s*)${from}(?=: function\\()`, 'gm');
  if ((glue.match(key) ?? []).length !== 1) fail(`the app's JS must provide the import ${from} once`);
  glue = glue.replace(key, () => JSON.stringify(to));
}

// The chunk loader imports the app's JS, which imports it back: folded into
// one file, the import and the export become plain names in one module.
let loader = fs.readFileSync(path.join(split, '__wasm_split.js'), 'utf8');
loader = replaceOnce(loader, `import { initSync } from "./${NAME}.js";`, '', 'the chunk loader');
const exported = [...loader.matchAll(/^export const (\w+) =/gm)].map((m) => m[1]);
if (exported.length === 0) fail('the chunk loader exports no load function');
loader = loader.replace(/^export const /gm, 'const ');
const importLine = glue.match(/^import \* as (\w+) from "\.\/__wasm_split\.js";?\n/m);
if (!importLine) fail("the app's JS does not import the chunk loader");
glue = glue.replace(importLine[0], '');
glue += `\n${loader}\nconst ${importLine[1]} = { ${exported.join(', ')} };\n`;

// Exports and the keys of the wasm's imports are kept: terser renames only
// what is local to the module.
glue = (await minify(glue, { module: true, compress: { passes: 2 } })).code;

// Named by what they hold, for a CDN to keep forever.
const hash = crypto.createHash('sha256');
for (const body of [glue, fs.readFileSync(mainWasm), fs.readFileSync(chunkWasm)]) hash.update(body);
const id = hash.digest('hex').slice(0, 16);
const files = {
  js: `${NAME}-${id}.js`,
  wasm: `${NAME}-${id}_bg.wasm`,
  chunk: `${NAME}-${id}-${chunk.replace(/^split_/, '').replace(/_/g, '-')}`,
};
glue = replaceOnce(glue, `"./${chunk}"`, `"./${files.chunk}"`, "the chunk's address");

// In place of Trunk's own files (the same name before its hash).
const trunks = new RegExp(`^${NAME}-[0-9a-f]+(_bg\\.wasm|\\.js)$`);
for (const old of fs.readdirSync(dist).filter((f) => trunks.test(f))) fs.rmSync(path.join(dist, old));
fs.writeFileSync(path.join(dist, files.js), glue);
fs.copyFileSync(mainWasm, path.join(dist, files.wasm));
fs.copyFileSync(chunkWasm, path.join(dist, files.chunk));
fs.rmSync(work, { recursive: true, force: true });
// The report: the files made, in the order the loader reads them
// (<meta name="altogic-app">, written by the site writer).
for (const file of [files.js, files.wasm, files.chunk]) console.log(file);

// The wasm binary's import section, rewritten with the imports from `module`
// named by `rename(index)`; everything else is copied as it is. Returns the
// new binary and the names given (old -> new).
function renameImports(wasm, module, rename) {
  const uleb = (at) => {
    let n = 0;
    let shift = 0;
    let byte;
    do {
      byte = wasm[at++];
      n += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return [n, at];
  };
  const encode = (n) => {
    const out = [];
    do {
      let byte = n & 0x7f;
      n = Math.floor(n / 128);
      if (n) byte |= 0x80;
      out.push(byte);
    } while (n);
    return Buffer.from(out);
  };
  const name = (text) => Buffer.concat([encode(Buffer.byteLength(text)), Buffer.from(text)]);
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map();
  let at = 8;
  while (at < wasm.length) {
    const [size, body] = uleb(at + 1);
    const end = body + size;
    if (wasm[at] !== 2) {
      parts.push(wasm.subarray(at, end));
      at = end;
      continue;
    }
    let [count, p] = uleb(body);
    const entries = [encode(count)];
    const text = () => {
      const [length, from] = uleb(p);
      p = from + length;
      return wasm.toString('utf8', from, p);
    };
    for (let i = 0; i < count; i++) {
      const [from, field] = [text(), text()];
      const desc = p;
      const kind = wasm[p++];
      if (kind === 0) [, p] = uleb(p); // a function: its type
      else if (kind === 3) p += 2; // a global: type, mutability
      else if (kind === 1 || kind === 2) {
        if (kind === 1) p++; // a table: its element type
        const flags = wasm[p++];
        [, p] = uleb(p);
        if (flags & 1) [, p] = uleb(p);
      } else fail(`an import of kind ${kind} in the wasm`);
      const to = from === module ? rename(renamed.size) : field;
      if (from === module) renamed.set(field, to);
      entries.push(name(from), name(to), wasm.subarray(desc, p));
    }
    if (p !== end) fail('the wasm\'s import section was not read to its end');
    const content = Buffer.concat(entries);
    parts.push(Buffer.from([2]), encode(content.length), content);
    at = end;
  }
  return [Buffer.concat(parts), renamed];
}
