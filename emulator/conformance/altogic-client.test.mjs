// Conformance: the official `altogic` JS client (2.3.x) against a started
// emulator. If the official client and the emulator agree, the app (which
// speaks the same protocol) works unchanged against the real Altogic.
//
// Run by scripts/test: `node --test emulator/conformance/`.

import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import readline from 'node:readline';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = 'local-client-key';

// The client fetches through cross-fetch, which on Node is node-fetch 2 and
// cannot send a WHATWG FormData. Hand it Node's built-in fetch, which is the
// browser's fetch API, so uploads go over the wire as a browser sends them.
const crossFetch = require.resolve('cross-fetch', { paths: [path.dirname(require.resolve('altogic'))] });
require.cache[crossFetch] = { id: crossFetch, filename: crossFetch, loaded: true, exports: globalThis.fetch };
const { createClient } = require('altogic');

/** localStorage as a browser has it, so the client saves session and user. */
class MemoryStorage {
  #items = new Map();
  getItem(key) { return this.#items.has(key) ? this.#items.get(key) : null; }
  setItem(key, value) { this.#items.set(key, String(value)); }
  removeItem(key) { this.#items.delete(key); }
}

let emulator;
let base;

before(async () => {
  const bin = process.env.EMULATOR_BIN ?? path.join(root, 'target/debug/altogic-emulator');
  emulator = spawn(bin, ['--in-memory', '--test-mode', '--port', '0', '--redirect-url', 'http://app.test/auth-redirect', '--user-fields', 'city'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = readline.createInterface({ input: emulator.stdout });
  base = await new Promise((resolve, reject) => {
    emulator.once('error', reject);
    emulator.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
    lines.on('line', (line) => {
      const m = line.match(/listening on (http:\/\/\S+)/);
      if (m) resolve(m[1]);
    });
  });
  lines.on('line', () => {}); // keep draining the request log
});

after(() => emulator?.kill());

async function reset(emailVerification) {
  const r = await fetch(`${base}/_test/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ emailVerification }),
  });
  assert.equal(r.status, 204);
}

beforeEach(() => reset(true));

/** A fresh client with its own localStorage, as one browser tab. */
function client() {
  const storage = new MemoryStorage();
  const altogic = createClient(base, KEY, { localStorage: storage });
  altogic.storage_ = storage;
  return altogic;
}

/** The newest mail to `to`, from the outbox. */
async function latestMail(to) {
  const r = await fetch(`${base}/_outbox/messages?to=${encodeURIComponent(to)}`);
  const mails = await r.json();
  assert.ok(mails.length > 0, `no mail to ${to}`);
  return mails[0];
}

/** Opens a mail link as a browser would; returns the app redirect's query. */
async function openLink(link) {
  const r = await fetch(link, { redirect: 'manual' });
  assert.ok([302, 303, 307].includes(r.status), `status ${r.status}`);
  const back = new URL(r.headers.get('location'));
  assert.equal(back.origin + back.pathname, 'http://app.test/auth-redirect');
  return back.searchParams;
}

async function signedUp(altogic, email, password = 'secret1', name = 'Ada') {
  await reset(false);
  const { user, session, errors } = await altogic.auth.signUpWithEmail(email, password, name);
  assert.equal(errors, null);
  assert.ok(session?.token);
  return { user, session };
}

/** Signs up with verification on and opens the mailed link: a verified account. */
async function verified(altogic, email, password = 'secret1') {
  const { errors } = await altogic.auth.signUpWithEmail(email, password, 'Vera');
  assert.equal(errors, null);
  const query = await openLink((await latestMail(email)).link);
  const granted = await altogic.auth.getAuthGrant(query.get('access_token'));
  assert.equal(granted.errors, null);
  return granted;
}

test('sign-up data with emailVerified: true skips the mail and signs in at once (AuthManager.ts)', async () => {
  const altogic = client();
  const { user, session, errors } = await altogic.auth.signUpWithEmail('pre@example.com', 'secret1', { name: 'Pre', emailVerified: true });
  assert.equal(errors, null);
  assert.equal(user.emailVerified, true);
  assert.equal(typeof session.token, 'string');
  assert.equal(typeof user.lastLoginAt, 'string');
});

test('sign up with email verification on: no session, a mail, its link grants one', async () => {
  const altogic = client();
  const { user, session, errors } = await altogic.auth.signUpWithEmail('ada@example.com', 'secret1', 'Ada');
  assert.equal(errors, null);
  assert.equal(session, null);
  assert.equal(user.email, 'ada@example.com');
  assert.equal(user.name, 'Ada');
  assert.equal(altogic.storage_.getItem('session'), null);

  const mail = await latestMail('ada@example.com');
  assert.equal(mail.action, 'email-confirm');
  const query = await openLink(mail.link);
  assert.equal(query.get('action'), 'email-confirm');
  assert.equal(query.get('status'), '200');

  const granted = await altogic.auth.getAuthGrant(query.get('access_token'));
  assert.equal(granted.errors, null);
  assert.equal(granted.user._id, user._id);
  assert.equal(granted.user.emailVerified, true);
  assert.equal(granted.session.userId, user._id);
  // The client keeps both in localStorage, in the shapes the app reads.
  assert.deepEqual(JSON.parse(altogic.storage_.getItem('session')), granted.session);
  assert.deepEqual(JSON.parse(altogic.storage_.getItem('user')), granted.user);
  const ua = granted.session.userAgent;
  for (const part of [ua, ua.os, ua.device]) {
    for (const key of ['family', 'major', 'minor', 'patch']) assert.equal(typeof part[key], 'string');
  }

  const again = await altogic.auth.getAuthGrant(query.get('access_token'));
  assert.equal(again.errors.status, 401);
  assert.equal(again.errors.items[0].code, 'invalid_access_token');
});

test('sign up with email verification off: a session at once', async () => {
  await reset(false);
  const altogic = client();
  const { user, session, errors } = await altogic.auth.signUpWithEmail('bo@example.com', 'secret1', { name: 'Bo', city: 'Oslo' });
  assert.equal(errors, null);
  assert.equal(user.name, 'Bo');
  assert.equal(user.city, 'Oslo');
  assert.equal(session.userId, user._id);
  assert.deepEqual(JSON.parse(altogic.storage_.getItem('session')), session);
});

test('sign in, and the wrong-password error as the client returns it', async () => {
  const altogic = client();
  await signedUp(altogic, 'cy@example.com');
  const wrong = await client().auth.signInWithEmail('cy@example.com', 'wrong-password');
  assert.equal(wrong.user, null);
  assert.equal(wrong.session, null);
  assert.equal(wrong.errors.status, 401);
  assert.equal(typeof wrong.errors.statusText, 'string');
  assert.equal(wrong.errors.items.length, 1);
  assert.equal(wrong.errors.items[0].origin, 'client_error');
  assert.equal(wrong.errors.items[0].code, 'invalid_credentials');
  assert.match(wrong.errors.items[0].message, /invalid email or password/i);

  const right = await client().auth.signInWithEmail('cy@example.com', 'secret1');
  assert.equal(right.errors, null);
  assert.equal(right.user.email, 'cy@example.com');
  assert.ok(right.session.token);
});

test('magic link through the outbox, with a + in the address', async () => {
  const altogic = client();
  await altogic.auth.signUpWithEmail('di+app@example.com', 'secret1', 'Di');
  // The client's docs: only to a verified address, else an error.
  const early = await client().auth.sendMagicLinkEmail('di+app@example.com');
  assert.equal(early.errors.status, 403);
  await openLink((await latestMail('di+app@example.com')).link);
  const { errors } = await client().auth.sendMagicLinkEmail('di+app@example.com');
  assert.equal(errors, null);
  const mail = await latestMail('di+app@example.com');
  assert.equal(mail.action, 'magic-link');
  const query = await openLink(mail.link);
  const granted = await altogic.auth.getAuthGrant(query.get('access_token'));
  assert.equal(granted.errors, null);
  assert.equal(granted.user.email, 'di+app@example.com');

  const unknown = await client().auth.sendMagicLinkEmail('nobody@example.com');
  assert.equal(unknown.errors.items[0].code, 'user_not_found');
});

test('sessions: list, sign out one, all but this one, all', async () => {
  const phone = client();
  const { session: first } = await signedUp(phone, 'ed@example.com');
  const laptop = client();
  const { session: second } = await laptop.auth.signInWithEmail('ed@example.com', 'secret1');
  const tablet = client();
  await tablet.auth.signInWithEmail('ed@example.com', 'secret1');

  let { sessions, errors } = await phone.auth.getAllSessions();
  assert.equal(errors, null);
  assert.equal(sessions.length, 3);
  assert.ok(sessions.some((s) => s.token === first.token));

  assert.equal((await phone.auth.signOut(second.token)).errors, null);
  ({ sessions } = await phone.auth.getAllSessions());
  assert.equal(sessions.length, 2);
  assert.ok(!sessions.some((s) => s.token === second.token));
  // Signing out another session leaves this one's local data alone.
  assert.ok(phone.storage_.getItem('session'));

  assert.equal((await phone.auth.signOutAllExceptCurrent()).errors, null);
  ({ sessions } = await phone.auth.getAllSessions());
  assert.deepEqual(sessions.map((s) => s.token), [first.token]);

  assert.equal((await phone.auth.signOutAll()).errors, null);
  assert.equal(phone.storage_.getItem('session'), null);
  assert.equal(phone.storage_.getItem('user'), null);
});

test('a revoked session answers invalid_session_token and the client forgets it', async () => {
  const phone = client();
  await signedUp(phone, 'fi@example.com');
  const laptop = client();
  const { session: other } = await laptop.auth.signInWithEmail('fi@example.com', 'secret1');
  await phone.auth.signOut(other.token);

  const { user, errors } = await laptop.auth.getUserFromDB();
  assert.equal(user, null);
  assert.equal(errors.status, 401);
  assert.equal(errors.items[0].code, 'invalid_session_token');
  assert.equal(laptop.storage_.getItem('session'), null);
  assert.equal(laptop.storage_.getItem('user'), null);
});

test('getUserFromDB, changePassword, changeEmail', async () => {
  const altogic = client();
  const { user } = await signedUp(altogic, 'gus@example.com');
  const me = await altogic.auth.getUserFromDB();
  assert.equal(me.errors, null);
  assert.equal(me.user._id, user._id);

  const wrongOld = await altogic.auth.changePassword('another1', 'not-it');
  assert.equal(wrongOld.errors.items[0].code, 'invalid_password');
  assert.equal((await altogic.auth.changePassword('another1', 'secret1')).errors, null);
  assert.equal((await client().auth.signInWithEmail('gus@example.com', 'another1')).errors, null);

  const changed = await altogic.auth.changeEmail('another1', 'gus2@example.com');
  assert.equal(changed.errors, null);
  assert.equal(changed.user.email, 'gus2@example.com');
  assert.equal((await client().auth.signInWithEmail('gus2@example.com', 'another1')).errors, null);
});

test('changeEmail with verification on: the link changes it and comes back without a token', async () => {
  const altogic = client();
  await verified(altogic, 'kim@example.com');
  const asked = await altogic.auth.changeEmail('secret1', 'kim2@example.com');
  assert.equal(asked.errors, null);
  assert.equal(asked.user.email, 'kim@example.com');
  const query = await openLink((await latestMail('kim2@example.com')).link);
  assert.equal(query.get('action'), 'change-email');
  assert.equal(query.get('status'), '200');
  assert.equal(query.get('access_token'), null);
  const me = await altogic.auth.getUserFromDB();
  assert.equal(me.user.email, 'kim2@example.com');
});

test('password reset with the token from the mail', async () => {
  const altogic = client();
  await verified(altogic, 'hal@example.com');
  assert.equal((await client().auth.sendResetPwdEmail('hal@example.com')).errors, null);
  const mail = await latestMail('hal@example.com');
  assert.equal(mail.action, 'reset-pwd');
  const query = await openLink(mail.link);
  assert.equal(query.get('action'), 'reset-pwd');

  const tooShort = await client().auth.resetPwdWithToken(query.get('access_token'), '12345');
  assert.equal(tooShort.errors.items[0].code, 'password_too_short');
  assert.equal((await client().auth.resetPwdWithToken(query.get('access_token'), 'new-secret')).errors, null);
  const old = await client().auth.signInWithEmail('hal@example.com', 'secret1');
  assert.equal(old.errors.items[0].code, 'invalid_credentials');
  assert.equal((await client().auth.signInWithEmail('hal@example.com', 'new-secret')).errors, null);
});

test("db.model('users').object(id).update and get", async () => {
  const altogic = client();
  const { user } = await signedUp(altogic, 'ivy@example.com');
  const updated = await altogic.db.model('users').object(user._id).update({ name: 'Ivy Two' });
  assert.equal(updated.errors, null);
  assert.equal(updated.data.name, 'Ivy Two');
  const got = await altogic.db.model('users').object(user._id).get();
  assert.equal(got.errors, null);
  assert.equal(got.data.name, 'Ivy Two');

  const forbidden = await altogic.db.model('users').object(user._id).update({ email: 'x@example.com' });
  assert.equal(forbidden.errors.status, 403);
  assert.equal(forbidden.errors.items[0].code, 'field_not_updatable');
});

test("db.model('users').object(id).delete() and endpoint.delete('/user') delete the caller", async () => {
  const altogic = client();
  const { user } = await signedUp(altogic, 'kai@example.com');
  const deleted = await altogic.db.model('users').object(user._id).delete();
  assert.equal(deleted.errors, null);
  assert.equal((await altogic.auth.getUserFromDB()).errors.items[0].code, 'invalid_session_token');
  const other = client();
  await signedUp(other, 'lou@example.com');
  const byEndpoint = await other.endpoint.delete('/user');
  assert.equal(byEndpoint.errors, null);
  assert.equal((await other.auth.getUserFromDB()).errors.items[0].code, 'invalid_session_token');
});

test("storage.bucket('root').upload(name, File), then fetch its publicPath", async () => {
  const altogic = client();
  const { user } = await signedUp(altogic, 'jo@example.com');
  const pixels = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
  const file = new File([pixels], 'avatar.png', { type: 'image/png' });
  const { data, errors } = await altogic.storage.bucket('root').upload(`user_${user._id}`, file, { contentType: file.type });
  assert.equal(errors, null);
  assert.equal(data.fileName, `user_${user._id}`);
  assert.equal(data.mimeType, 'image/png');
  assert.equal(data.size, pixels.length);

  const served = await fetch(data.publicPath);
  assert.equal(served.status, 200);
  assert.equal(served.headers.get('content-type'), 'image/png');
  assert.deepEqual(new Uint8Array(await served.arrayBuffer()), pixels);

  const saved = await altogic.db.model('users').object(user._id).update({ profilePicture: data.publicPath });
  assert.equal(saved.data.profilePicture, data.publicPath);

  // A name is stored once; the file goes by its URL, as idealy deletes a
  // replaced picture.
  const again = await altogic.storage.bucket('root').upload(`user_${user._id}`, file);
  assert.equal(again.errors.items[0].code, 'file_name_taken');
  assert.equal((await altogic.storage.deleteFile(data.publicPath)).errors, null);
  assert.equal((await fetch(data.publicPath)).status, 404);
  const unset = await altogic.db.model('users').object(user._id).update({ profilePicture: null });
  assert.equal(unset.data.profilePicture, null);
});

test('signInWithProvider opens /_auth/<provider>; the consent page approves; getAuthGrant reads the token off the URL', async () => {
  await reset(false);
  const altogic = client();
  // The client navigates by setting window.location.href.
  globalThis.window = { location: { href: 'http://app.test/login' } };
  try {
    altogic.auth.signInWithProvider('github');
    const start = globalThis.window.location.href;
    assert.equal(start, `${base}/_auth/github`);

    const page = await fetch(start);
    assert.equal(page.status, 200);
    const cookie = page.headers.get('set-cookie').split(';')[0];
    const state = (await page.text()).match(/name="state" value="([^"]+)"/)[1];
    const allowed = await fetch(start, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
      body: new URLSearchParams({ state, name: 'Grace', email: 'grace@example.com', decision: 'allow' }),
    });
    const back = new URL(allowed.headers.get('location'));
    assert.equal(back.origin + back.pathname, 'http://app.test/auth-redirect');
    // A first sign-in is a sign-up (Altogic's idealy branches on both).
    assert.equal(back.searchParams.get('action'), 'oauth-signup');
    assert.equal(back.searchParams.get('status'), '200');

    // Landed on the redirect URL: the client finds the token itself.
    globalThis.window.location.href = back.href;
    const { user, session, errors } = await altogic.auth.getAuthGrant();
    assert.equal(errors, null);
    assert.equal(user.provider, 'github');
    assert.equal(user.email, 'grace@example.com');
    assert.equal(user.emailVerified, true);
    assert.equal(session.userId, user._id);
    assert.deepEqual(JSON.parse(altogic.storage_.getItem('user')), user);

    // Deny comes back the way Altogic reports a failed provider sign-in.
    const again = await fetch(start);
    const denied = await fetch(start, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: again.headers.get('set-cookie').split(';')[0] },
      body: new URLSearchParams({ state: (await again.text()).match(/name="state" value="([^"]+)"/)[1], decision: 'deny' }),
    });
    const failed = new URL(denied.headers.get('location')).searchParams;
    assert.equal(failed.get('status'), '401');
    assert.match(failed.get('error'), /GitHub/);
    assert.equal(failed.get('access_token'), null);
  } finally {
    delete globalThis.window;
  }
});

async function phoneSettings(phoneConfirmation) {
  const r = await fetch(`${base}/_test/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ phoneConfirmation }),
  });
  assert.equal(r.status, 200);
}

/** The code in the newest SMS to `phone`. */
async function smsCode(phone) {
  const sms = await latestMail(phone);
  assert.equal(sms.kind, 'sms');
  assert.match(sms.code, /^\d{6}$/);
  return sms.code;
}

test('phone: sign up with confirmation, resend, verify (a grant), sign in with the password', async () => {
  await phoneSettings(true);
  const altogic = client();
  const up = await altogic.auth.signUpWithPhone('+14155550123', 'secret1', 'Pat');
  assert.equal(up.errors, null);
  assert.equal(up.session, null);
  assert.equal(up.user.phone, '+14155550123');
  assert.equal(up.user.phoneVerified, false);
  assert.equal(altogic.storage_.getItem('session'), null);

  const first = await smsCode('+14155550123');
  assert.equal((await altogic.auth.resendVerificationCode('+14155550123')).errors, null);
  const code = await smsCode('+14155550123');
  if (code !== first) {
    const stale = await altogic.auth.verifyPhone('+14155550123', first);
    assert.equal(stale.errors.items[0].code, 'invalid_code');
  }
  const verified = await altogic.auth.verifyPhone('+14155550123', code);
  assert.equal(verified.errors, null);
  assert.equal(verified.user.phoneVerified, true);
  assert.deepEqual(JSON.parse(altogic.storage_.getItem('session')), verified.session);

  const other = client();
  const signedIn = await other.auth.signInWithPhone('+14155550123', 'secret1');
  assert.equal(signedIn.errors, null);
  assert.equal(signedIn.user._id, up.user._id);
  const wrong = await other.auth.signInWithPhone('+14155550123', 'wrong-one');
  assert.equal(wrong.errors.status, 401);
  assert.equal(wrong.errors.items[0].code, 'invalid_credentials');
});

test('phone: sign up without confirmation signs in at once', async () => {
  await phoneSettings(false);
  const altogic = client();
  const { user, session, errors } = await altogic.auth.signUpWithPhone('+14155550123', 'secret1', 'Pat');
  assert.equal(errors, null);
  assert.ok(session.token);
  assert.deepEqual(JSON.parse(altogic.storage_.getItem('user')), user);
});

test('phone: sign in with a code, reset the password with a code, change the number', async () => {
  await phoneSettings(false);
  const altogic = client();
  const { user } = await altogic.auth.signUpWithPhone('+14155550123', 'secret1', 'Pat');
  // Signed up without confirmation, the number is not verified, which a
  // sign-in by code needs: moving to a new number verifies that one.
  assert.equal((await altogic.auth.changePhone('secret1', '+14155550124')).errors, null);
  const changed = await altogic.auth.verifyPhone('+14155550124', await smsCode('+14155550124'));
  assert.equal(changed.errors, null);
  assert.equal(changed.session, null);
  assert.equal(changed.user.phone, '+14155550124');
  assert.equal(changed.user.phoneVerified, true);

  const other = client();
  assert.equal((await other.auth.sendSignInCode('+14155550124')).errors, null);
  const byCode = await other.auth.signInWithCode('+14155550124', await smsCode('+14155550124'));
  assert.equal(byCode.errors, null);
  assert.equal(byCode.user._id, user._id);
  assert.deepEqual(JSON.parse(other.storage_.getItem('session')), byCode.session);

  // The docs: reset codes only while numbers are confirmed by code.
  assert.equal((await other.auth.sendResetPwdCode('+14155550124')).errors.status, 400);
  await phoneSettings(true);
  assert.equal((await other.auth.sendResetPwdCode('+14155550124')).errors, null);
  const reset = await other.auth.resetPwdWithCode('+14155550124', await smsCode('+14155550124'), 'better1');
  assert.equal(reset.errors, null);
  assert.equal((await client().auth.signInWithPhone('+14155550124', 'better1')).errors, null);
  const old = await client().auth.signInWithPhone('+14155550124', 'secret1');
  assert.equal(old.errors.items[0].code, 'invalid_credentials');
});
