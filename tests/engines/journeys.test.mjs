// The core journeys in every engine: Chromium, Firefox and WebKit (Safari's
// engine), against the release build served by nginx (scripts/engines).
// Each test ends with the page checks (tests/engines/checks.js): no console
// error, no CSP violation, no failed, 5xx or third-party request.
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ENGINES, APP, open, Person } from './driver.mjs';
import { reset, fault, latestMail, account, verifiedAccount, png } from '../backend.mjs';

const engines = (process.env.ENGINES ?? Object.keys(ENGINES).join(',')).split(',');

/** A small real PNG file of one colour, for the avatar. */
function pngFile() {
  const file = path.join(os.tmpdir(), `avatar-${process.pid}.png`);
  fs.writeFileSync(file, png(16, 16, [0x80, 0x80, 0x80]));
  return file;
}

for (const engine of engines) {
  describe(engine, () => {
    let session;
    let me;
    let expected = [];

    before(async () => {
      session = await open(engine);
      me = new Person(session.browser);
    });
    after(() => session?.close());

    beforeEach(async () => {
      expected = [];
      await reset(true);
      // A new browser has nothing stored (nor cached: the first test counts
      // on that); later tests start from an empty storage.
      if ((await session.browser.getUrl()).startsWith(APP)) {
        await session.browser.execute(() => {
          localStorage.clear();
          sessionStorage.clear();
        });
      }
    });

    afterEach(async () => {
      for (const handle of await session.browser.getWindowHandles()) {
        await session.browser.switchToWindow(handle);
        assert.deepEqual(await me.problems(expected), [], `${engine}: page checks`);
      }
    });

    test('the prerendered page is taken over with what was typed, focus included', async () => {
      // The app is held back (tests/engines/checks.js, for this cookie, set
      // from a plain file of the site), and a person types into the
      // prerendered form meanwhile; then the app arrives.
      await session.browser.url(`${APP}/robots.txt`);
      await session.browser.setCookies({ name: 'hold_app', value: '1' });
      try {
        await me.goto('/login', { early: true });
        assert.ok(await session.browser.execute(() => document.getElementById('app').hasAttribute('data-prerendered')));
        await me.fill('email', 'early@example.com');
        assert.ok(await session.browser.execute(() => document.getElementById('app').hasAttribute('data-prerendered')));
        await session.browser.execute(() => (window.releaseApp = true));
        await me.started();
        assert.equal(await me.value('email'), 'early@example.com');
        assert.equal(await session.browser.execute(() => document.activeElement?.id), 'email');
      } finally {
        // The next journey runs at full speed, whatever happened here.
        await session.browser.deleteAllCookies();
      }
    });

    test("the visitor's language: the browser's on the first visit, the switch's after", async () => {
      // A browser that prefers Turkish, on a site that offers English (its
      // default), Turkish and German (scripts/engines).
      const turkish = await open(engine, { language: 'tr' });
      const visitor = new Person(turkish.browser);
      try {
        assert.equal(await turkish.browser.execute(() => navigator.languages[0].split('-')[0]), 'tr');
        await visitor.goto('/login');
        await visitor.waitForPath(/^\/tr\/login$/);
        await visitor.waitForText('h1', 'Hesabınıza giriş yapın');
        assert.equal(await turkish.browser.execute(() => document.documentElement.lang), 'tr');
        await visitor.click('Deutsch');
        await visitor.waitForPath(/^\/de\/login$/);
        await visitor.waitForText('h1', 'Bei Ihrem Konto anmelden');
        // Remembered: the next visit at the root goes to German, not Turkish.
        await visitor.goto('/register');
        await visitor.waitForPath(/^\/de\/register$/);
        await visitor.waitForText('h1', 'Konto erstellen');
        assert.deepEqual(await visitor.problems(), [], `${engine}: page checks`);
      } finally {
        await turkish.close();
      }
    });

    async function login(email, password = 'secret1') {
      await me.goto('/login');
      await me.fill('email', email);
      await me.fill('password', password);
      await me.click('Login');
    }

    test('register with verification: the mail link signs in; without: the profile at once', async () => {
      await me.goto('/register');
      await me.fill('email', 'ada@example.com');
      await me.fill('name', 'Ada');
      await me.fill('password', 'secret1');
      await me.click('Register');
      await me.waitForText('[role="status"]', 'Please check your email to verify your account.');
      assert.deepEqual(await me.stored(), [null, null]);
      // Registered in this browser: its link goes straight on, as the seed's.
      await me.goto((await latestMail('ada@example.com')).link);
      await me.waitForPath(/^\/profile$/);
      await me.waitForText('h1', 'Hello, Ada');
      assert.doesNotMatch(await session.browser.getUrl(), /access_token/);

      await reset(false);
      await session.browser.execute(() => localStorage.clear());
      await me.goto('/register');
      await me.fill('email', 'bo@example.com');
      await me.fill('name', 'Bo');
      await me.fill('password', 'secret1');
      await me.click('Register');
      await me.waitForPath(/^\/profile$/);
      await me.waitForText('h1', 'Hello, Bo');
      const [stored] = await me.stored();
      assert.ok(JSON.parse(stored).token);
    });

    test('login: a wrong password keeps what was typed; the right one signs in', async () => {
      await reset(false);
      await account('cy@example.com');
      await login('cy@example.com', 'wrong-password');
      await me.waitForText('[role="alert"]', 'That email address and password do not match an account.');
      assert.equal(await me.value('email'), 'cy@example.com');
      assert.equal(await me.value('password'), 'wrong-password');
      await me.fill('password', 'secret1');
      await me.click('Login');
      await me.waitForPath(/^\/profile$/);
    });

    test('magic link', async () => {
      await reset(true);
      await verifiedAccount('di@example.com', { name: 'Di' });
      await me.goto('/login-with-magic-link');
      await me.fill('email', 'di@example.com');
      await me.click('Send magic link');
      await me.waitForText('[role="status"]', 'Email sent! Check your inbox.');
      // Asked for in this browser: no question.
      await me.goto((await latestMail('di@example.com')).link);
      await me.waitForPath(/^\/profile$/);
      await me.waitForText('h1', 'Hello, Di');
    });

    test('profile: change the name, upload an avatar, see the sessions and revoke one', async () => {
      await reset(false);
      await account('fi@example.com', { name: 'Fi', keepSession: true }); // a second session, elsewhere
      await login('fi@example.com');
      await me.waitForText('h1', 'Hello, Fi');

      await me.click('Change name');
      await me.fill('name', 'Grace');
      await session.browser.keys('Enter');
      await me.waitForText('h1', 'Hello, Grace');
      await session.browser.waitUntil(async () => (await session.browser.getTitle()) === 'Grace - Profile');

      const picker = await session.browser.$('#avatar-file');
      // A file input takes a path, even visually hidden (behind its label).
      await picker.addValue(pngFile());
      await session.browser.waitUntil(
        () =>
          session.browser.execute(() => {
            const img = document.querySelector('img[alt="Profile picture of Grace"]');
            return Boolean(img?.src.includes('/_storage/') && img.complete && img.naturalWidth === 16);
          }),
        { timeout: 15_000, timeoutMsg: 'the uploaded picture is not shown' },
      );

      await session.browser.waitUntil(async () => (await session.browser.$$('.session')).length === 2, {
        timeout: 10_000,
        timeoutMsg: 'two sessions listed',
      });
      await (await session.browser.$('.session:not(.current) button')).click();
      await session.browser.waitUntil(async () => (await session.browser.$$('.session')).length === 1, {
        timeout: 10_000,
        timeoutMsg: 'the other session revoked',
      });
      await me.goto('/profile');
      await me.waitForText('h1', 'Hello, Grace');
    });

    test('logout leaves nothing stored; guards send guests to login and back where they were', async () => {
      await reset(false);
      await account('ed@example.com', { name: 'Ed' });
      await me.goto('/profile?tab=sessions');
      await me.waitForPath(/^\/login$/);
      assert.equal(await session.browser.execute(() => localStorage.getItem('returnTo')), '/profile?tab=sessions');
      await me.fill('email', 'ed@example.com');
      // The profile's list of sessions is still on its way when the page
      // is left: a call cut short by leaving is not a failure (checks.js).
      await fault('auth/sessions', 'delay', { delayMs: 3_000 });
      await me.fill('password', 'secret1');
      await me.click('Login');
      await me.waitForPath(/^\/profile$/);
      assert.equal(await session.browser.execute(() => localStorage.getItem('returnTo')), null);
      for (const page of ['/login', '/register']) {
        await me.goto(page);
        await me.waitForPath(/^\/profile$/);
      }
      await me.click('Logout');
      await me.waitForPath(/^\/login$/);
      assert.deepEqual(await me.stored(), [null, null]);
    });

    test('password reset by the mailed link', async () => {
      await reset(true);
      await verifiedAccount('jo@example.com');
      await me.goto('/forgot-password');
      await me.fill('email', 'jo@example.com');
      await me.click('Send reset link');
      await me.waitForText('[role="status"]', 'We sent a link to choose a new password');
      await me.goto((await latestMail('jo@example.com')).link);
      await me.fill('newPassword', 'better-secret');
      await me.fill('confirmPassword', 'better-secret');
      await me.click('Set new password');
      await me.waitForPath(/^\/login$/);
      await me.waitForText('[role="status"]', 'Your password has been changed');
      await me.fill('email', 'jo@example.com');
      await me.fill('password', 'better-secret');
      await me.click('Login');
      await me.waitForPath(/^\/profile$/);
    });

    test('two tabs sign out together', async () => {
      await reset(false);
      await account('kim@example.com', { name: 'Kim' });
      await login('kim@example.com');
      await me.waitForText('h1', 'Hello, Kim');
      const first = await session.browser.getWindowHandle();
      const { handle: second } = await session.browser.createWindow('tab');
      await session.browser.switchToWindow(second);
      await me.goto('/profile');
      await me.waitForText('h1', 'Hello, Kim');
      await me.click('Logout');
      await me.waitForPath(/^\/login$/);
      await session.browser.switchToWindow(first);
      await me.waitForPath(/^\/login$/);
      assert.deepEqual(await me.stored(), [null, null]);
      await session.browser.switchToWindow(second);
      await session.browser.closeWindow();
      await session.browser.switchToWindow(first);
    });

    test('a backend 500 and a cut connection: a clear message, nothing typed lost, then it works', async () => {
      await reset(false);
      await account('lu@example.com');
      expected = [/server error 500: .*signin-email/, /request failed: .*signin-email/, /console error: .*500/];
      await fault('auth/signin-email', 'error');
      await login('lu@example.com');
      await me.waitForText('[role="alert"]', 'The backend failed');
      assert.equal(await me.value('email'), 'lu@example.com');
      assert.equal(await me.value('password'), 'secret1');
      // Offline, as far as the page can tell: the connection is cut
      // mid-answer. WebKit (libsoup) may take the cut for the end of the
      // answer, which then cannot be read: its own clear message (README).
      await fault('auth/signin-email', 'drop');
      await me.click('Login');
      const cut = engine === 'webkit' ? ['Cannot reach the server', 'cannot read'] : 'Cannot reach the server';
      await me.waitForText('[role="alert"]', cut);
      assert.equal(await me.value('password'), 'secret1');
      await me.click('Login');
      await me.waitForPath(/^\/profile$/);
    });

  });
}
