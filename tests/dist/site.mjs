// What the dist tests share: a copy of the built site to configure, its
// pages, configure-dist run on it, and a refusal's message.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const DIST = process.env.DIST_DIR ?? 'dist';

/** A copy of the built site, in a folder of its own. */
export function copyOfDist() {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'dist-'));
  fs.cpSync(DIST, copy, { recursive: true });
  return copy;
}

/** Every page of `dir`: `[file, html]`. */
export const pages = (dir) =>
  fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.html'))
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);

export const configure = (dir, ...args) => execFileSync('scripts/configure-dist', [dir, ...args], { stdio: 'pipe', encoding: 'utf8' });

/** What configure-dist says as it refuses `args` (a failure if it takes them). */
export function refused(dir, ...args) {
  try {
    configure(dir, ...args);
  } catch (e) {
    return e.stderr;
  }
  assert.fail(`accepted: ${args.join(' ')}`);
}
