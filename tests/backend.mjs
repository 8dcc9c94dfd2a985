// What the e2e journeys (tests/e2e, Playwright) and the engine journeys
// (tests/engines, WebdriverIO) both ask of the local backend in test mode:
// one module, plain JavaScript, so that both suites import it. Each helper
// throws when the backend does not answer as expected.
import zlib from 'node:zlib';

/** The backend the scripts started (scripts/serve-release.sh sets it). */
export const BACKEND = process.env.BACKEND_URL ?? 'http://127.0.0.1:8787';
export const REST = `${BACKEND}/_api/rest/v1`;
/** Where the local backend serves uploaded files: its other loopback name,
 * another origin than the API's, as Altogic's storage host is. */
export const FILES = BACKEND.replace('//127.0.0.1:', '//localhost:');
export const KEY = 'local-client-key';
/** What the backend's /_test endpoints ask of a caller: JSON and the key. */
export const TEST_HEADERS = { 'Content-Type': 'application/json', 'X-Client-Key': KEY };

async function post(url, body, expected, headers = TEST_HEADERS) {
  const r = await fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
  if (r.status !== expected) throw new Error(`${url}: ${r.status}, not ${expected}: ${await r.text()}`);
  return r;
}

/** An empty backend, with email verification on or off. */
export async function reset(emailVerification) {
  await post(`${BACKEND}/_test/reset`, { emailVerification }, 204);
}

/** Test-mode settings: `{emailVerification, oauthProviders,
 * oauthAutoApprove}`, each optional. */
export async function settings(body) {
  await post(`${BACKEND}/_test/settings`, body, 200);
}

/** The next `count` requests to REST path `path` fail as `kind`: 'error',
 * 'delay' (by `delayMs`), 'malformed', 'drop', or 'code' (an error
 * envelope of `status`, `code` and `message`). */
export async function fault(path, kind, { count = 1, delayMs = 0, ...code } = {}) {
  await post(`${BACKEND}/_test/faults`, { path: `/_api/rest/v1/${path}`, kind, count, delayMs, ...code }, 204);
}

/** How many users, sessions and mail tokens the backend holds. */
export async function counts() {
  return (await fetch(`${BACKEND}/_test/counts`, { headers: TEST_HEADERS })).json();
}

/** The newest mail to `to`: `{link, action, …}`. */
export async function latestMail(to) {
  const mails = await (await fetch(`${BACKEND}/_outbox/messages?to=${encodeURIComponent(to)}`)).json();
  if (!mails.length) throw new Error(`no mail to ${to}`);
  return mails[0];
}

/** Signs in through the API, as another device would: its session. */
export async function signIn(email, password = 'secret1') {
  const r = await post(`${REST}/auth/signin-email`, { email, password }, 200, TEST_HEADERS);
  return (await r.json()).session;
}

/** An account made through the API (after reset(false)): its user. Its
 * session is ended, so the test signs in as a person would, unless
 * `keepSession` (a second device, say). */
export async function account(email, { name = 'Ada', password = 'secret1', keepSession = false } = {}) {
  const r = await post(`${REST}/auth/signup-email`, { email, password, nameOrUserData: name }, 200);
  const { user, session } = await r.json();
  if (!keepSession) await post(`${REST}/auth/signout`, {}, 200, { ...TEST_HEADERS, Session: session.token });
  return user;
}

/** A verified account (after reset(true)): signed up through the API and
 * its mailed link opened, no session kept. Altogic sends magic and reset
 * links only to verified addresses. */
export async function verifiedAccount(email, { name = 'Ada', password = 'secret1' } = {}) {
  const r = await post(`${REST}/auth/signup-email`, { email, password, nameOrUserData: name }, 200);
  const opened = await fetch((await latestMail(email)).link, { redirect: 'manual' });
  if (new URL(opened.headers.get('location')).searchParams.get('status') !== '200') throw new Error(`${email}: the link was refused`);
  return (await r.json()).user;
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small real PNG of one colour. */
export function png(width = 8, height = 8, rgb = [200, 40, 40]) {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const raw = Buffer.concat(Array(height).fill(row));
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
