// Attacks on the sign-in from outside the app, each test named for the one
// it stops: someone else's token in a link, and races between tabs.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, reset, account, verifiedAccount, login, latestMail, stored, settings, fault, signIn, counts, BACKEND, REST, TEST_HEADERS } from './support';

const KEY = { 'X-Client-Key': 'local-client-key' };

async function post(url: string, body: object) {
  const r = await fetch(url, { method: 'POST', headers: TEST_HEADERS, body: JSON.stringify(body) });
  expect(r.status, url).toBe(200);
  return r.json();
}

/** The status of a signed-in GET of REST path `path` with `token`. */
async function status(path: string, token: string) {
  return (await fetch(`${REST}/${path}`, { headers: { ...KEY, Session: token } })).status;
}

async function signInAnswer(email: string, password: string) {
  return fetch(`${REST}/auth/signin-email`, { method: 'POST', headers: TEST_HEADERS, body: JSON.stringify({ email, password }) });
}

/** A provider's access token for `email`, as an attacker gets one for
 * themselves (the consent approved, the redirect not followed). */
async function providerToken(email: string) {
  await settings({ oauthAutoApprove: { name: 'Eve', email } });
  const r = await fetch(`${BACKEND}/_auth/github`, { redirect: 'manual' });
  const token = new URL(r.headers.get('location')!).searchParams.get('access_token');
  expect(token).toBeTruthy();
  await settings({ oauthAutoApprove: null });
  return token!;
}

test('login forgery: a provider token this tab did not ask for is refused, and whoever is signed in stays', async ({ page, checks }) => {
  await reset(false);
  await account('vic@example.com', { name: 'Vic' });
  await login(page, 'vic@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Vic');
  const token = await providerToken('eve@example.com');

  await page.goto(`/auth-redirect?action=oauth-signin&status=200&access_token=${token}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("We didn't sign you in");
  await expect(page.getByRole('alert')).toContainText('not started on this page');
  expect(page.url()).not.toContain(token);
  await checks.axe(page, 'a provider sign-in refused');
  expect(JSON.parse((await stored(page))[1]!).email).toBe('vic@example.com');
  // Not even traded: the token still works for its owner.
  const granted = await fetch(`${REST}/auth/grant?key=${token}`, { headers: KEY });
  expect(granted.status).toBe(200);
});

test('login forgery by mail: another account\'s link asks first; "Not me" keeps who was here and ends the session it made', async ({ page }) => {
  await reset(true);
  await verifiedAccount('vic@example.com', { name: 'Vic' });
  await verifiedAccount('eve@example.com', { name: 'Eve' });
  await login(page, 'vic@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Vic');
  expect((await counts()).sessions).toBe(1);
  const sent = await fetch(`${REST}/auth/send-magic?email=eve@example.com`, { method: 'POST', headers: KEY });
  expect(sent.status).toBe(200);

  await page.goto((await latestMail('eve@example.com')).link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Continue as eve@example.com?');
  await expect(page.getByText('You will be signed out as Vic.')).toBeVisible();
  expect(JSON.parse((await stored(page))[1]!).email).toBe('vic@example.com');
  await page.getByRole('button', { name: 'Not me' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Vic');
  // The session the link made is ended on the server, not only ignored.
  await expect.poll(async () => (await counts()).sessions).toBe(1);
});

test('Continue replaces the sign-in, and the replaced session ends on the server too', async ({ page }) => {
  await reset(true);
  await verifiedAccount('vic@example.com', { name: 'Vic' });
  await verifiedAccount('eve@example.com', { name: 'Eve' });
  await login(page, 'vic@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Vic');
  const old = JSON.parse((await stored(page))[0]!).token;
  await fetch(`${REST}/auth/send-magic?email=eve@example.com`, { method: 'POST', headers: KEY });

  await page.goto((await latestMail('eve@example.com')).link);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Eve');
  await expect
    .poll(async () => (await fetch(`${REST}/auth/user`, { headers: { ...KEY, Session: old } })).status)
    .toBe(401);
});

test('a late "session dead" answer to a request sent with an older token does not end the sign-in another tab made since', async ({ page, context }) => {
  await reset(false);
  await account('ann@example.com', { name: 'Ann' });
  await login(page, 'ann@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ann');
  const old = JSON.parse((await stored(page))[0]!).token;

  // The profile's next read of the user is slow; its answer will say the
  // old session is dead.
  await fault('auth/user', 'delay', { delayMs: 3000 });
  const late = page.waitForResponse((r) => r.url().endsWith('/auth/user'));
  await page.reload();
  await fetch(`${REST}/auth/signout`, { method: 'POST', headers: { ...KEY, 'Content-Type': 'application/json', Session: old }, body: '{}' });
  // Meanwhile another tab signs in anew.
  const other = await context.newPage();
  await login(other, 'ann@example.com');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Hello, Ann');
  const fresh = JSON.parse((await stored(other))[0]!).token;
  await expect.poll(async () => JSON.parse((await stored(page))[0] ?? '{}').token).toBe(fresh);

  expect((await late).status()).toBe(401);
  // One frame after the answer: a sign-out would have happened by now.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
  await expect(page).toHaveURL(/\/profile$/);
  expect(JSON.parse((await stored(page))[0]!).token).toBe(fresh);
  await other.reload();
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Hello, Ann');
});


// Hardening III (#33): each test is named for the attack it stops.

test('pre-registration takeover: the owner who verifies an address someone else registered chooses her own password, and his password and sessions end', async ({ page }) => {
  // The app ends Eve's session itself, whatever the backend does at a reset.
  await settings({ resetEndsSessions: false });
  // Eve registers vic@ with her own password and never verifies.
  await post(`${REST}/auth/signup-email`, { email: 'vic@example.com', password: 'eves-pass', nameOrUserData: 'Vic' });
  // Vic tries to sign in with hers; the app offers a new verification mail.
  await login(page, 'vic@example.com', 'vics-pass');
  await expect(page.getByRole('alert')).toBeVisible();
  await page.getByRole('button', { name: 'Resend verification email' }).click();
  await expect(page.getByText('We sent a new verification email to vic@example.com.')).toBeVisible();
  await page.goto((await latestMail('vic@example.com')).link);
  // Verified, but not signed in with a password she does not know.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address is verified');
  await expect(page.getByRole('status')).toContainText('we sent a link to vic@example.com to choose your password');
  expect(await stored(page)).toEqual([null, null]);
  await expect.poll(async () => (await counts()).sessions).toBe(0);
  // Eve, now that the address is verified, signs in and keeps her session.
  const eve = await signIn('vic@example.com', 'eves-pass');
  const resetMail = await latestMail('vic@example.com');
  expect(resetMail.action).toBe('reset-pwd');

  await page.goto(resetMail.link);
  await page.getByLabel('New password', { exact: true }).fill('vics-pass');
  await page.getByLabel('New password again').fill('vics-pass');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByRole('status')).toContainText('your other devices will be signed out');
  await page.getByLabel('Email').fill('vic@example.com');
  await page.getByLabel('Password', { exact: true }).fill('vics-pass');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Vic');
  await expect.poll(() => status('auth/user', eve.token)).toBe(401);
  expect((await signInAnswer('vic@example.com', 'eves-pass')).status).toBe(401);
});

test('a thief who kept a session does not outlive a change of password on the profile', async ({ page, checks }) => {
  await reset(false);
  await account('ann@example.com', { name: 'Ann' });
  const thief = await signIn('ann@example.com');
  await login(page, 'ann@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ann');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('checkbox', { name: 'Sign out my other devices' })).toBeChecked();
  await page.getByLabel('Current password').fill('secret1');
  await page.getByLabel('New password', { exact: true }).fill('secret2');
  await page.getByLabel('New password again').fill('secret2');
  await page.getByRole('button', { name: 'Change password' }).last().click();
  await expect(page.getByRole('status')).toHaveText('Your password has been changed, and your other devices have been signed out.');
  await checks.axe(page, 'password changed, others signed out');
  expect(await status('auth/user', thief.token)).toBe(401);
  // This device stays signed in.
  expect(await status('auth/user', JSON.parse((await stored(page))[0]!).token)).toBe(200);
});

test('a thief who kept a session does not outlive a reset of the password', async ({ page }) => {
  // No source says that Altogic ends the sessions at a reset: the app must
  // end them itself (the local backend otherwise does it for it).
  await settings({ resetEndsSessions: false });
  await verifiedAccount('bea@example.com', { name: 'Bea' });
  const thief = await signIn('bea@example.com');
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill('bea@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await page.goto((await latestMail('bea@example.com')).link);
  await page.getByLabel('New password', { exact: true }).fill('secret2');
  await page.getByLabel('New password again').fill('secret2');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('Email').fill('bea@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret2');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Bea');
  await expect.poll(() => status('auth/user', thief.token)).toBe(401);
});

test('open redirect in the language chooser: every address it makes is a path of this site', async ({ page, context }) => {
  const origin = new URL(page.url() === 'about:blank' ? process.env.APP_URL! : page.url()).origin;
  // A visitor who once chose English is sent on with no click.
  await page.goto('/login');
  await page.evaluate(() => localStorage.setItem('lang', 'en'));
  for (const hostile of ['/de//login', '/de/\\login', '/de//%2F/login']) {
    await page.goto(hostile, { waitUntil: 'commit' });
    await page.waitForURL((url) => url.pathname.endsWith('/login') && !url.pathname.startsWith('/de'));
    expect(new URL(page.url()).origin, hostile).toBe(origin);
  }
  // Others with a click on "English", on a German page and on the host's
  // not-found page for an address under /de.
  await page.evaluate(() => localStorage.removeItem('lang'));
  for (const hostile of ['/de//login', '/de//evil.example/x', '/de/%2F%2Fevil.example/x']) {
    await page.goto(hostile);
    await page.locator('#languages a[hreflang="en"]').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/de'));
    expect(new URL(page.url()).origin, hostile).toBe(origin);
    await page.evaluate(() => localStorage.removeItem('lang'));
  }
});

test('a logo that runs script: any static file opened as a page runs nothing, and configure-dist refuses such an SVG', async ({ page, checks }) => {
  // The browser says it blocked the script: the sandbox at work.
  checks.expectFailures(/Blocked script execution in '.*brand-0123456789abcdef\.svg'/);

  // A file with a script, as a host might serve one (configure-dist would
  // refuse to copy it: tests/dist/brand.test.mjs).
  const name = 'brand-0123456789abcdef.svg';
  fs.writeFileSync(path.join(process.env.SERVE_DIR!, name), `<svg xmlns="http://www.w3.org/2000/svg"><script>document.documentElement.setAttribute('data-ran', localStorage.getItem('session') ?? 'nothing')</script></svg>`);
  try {
    await page.goto('/login');
    await page.evaluate(() => localStorage.setItem('session', '{"token":"stolen"}'));
    const response = await page.goto(`/${name}`);
    expect(response!.headers()['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    // The document has loaded: a script that could run has run.
    expect(await page.evaluate(() => document.documentElement.getAttribute('data-ran'))).toBeNull();
    for (const file of fs.readdirSync(process.env.SERVE_DIR!).filter((f) => /\.(js|wasm|css|svg|txt)$/.test(f))) {
      const headers = (await page.request.get(`/${file}`)).headers();
      expect(headers['content-security-policy'], file).toBe("default-src 'none'; style-src 'unsafe-inline'; sandbox");
    }
  } finally {
    fs.rmSync(path.join(process.env.SERVE_DIR!, name));
  }
});

test('login forgery after an abandoned provider sign-in: a tab that came back, or only opened the provider elsewhere, is not marked', async ({ page, context }) => {
  await reset(false);
  const token = () => providerToken('eve@example.com');
  const forged = async () => {
    await page.goto(`/auth-redirect?action=oauth-signin&status=200&access_token=${await token()}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText("We didn't sign you in");
    expect(await stored(page)).toEqual([null, null]);
  };
  // Gone to the provider, then back without signing in.
  await page.goto('/login');
  await page.getByRole('link', { name: 'Continue with GitHub' }).click();
  await expect(page).toHaveURL(`${BACKEND}/_auth/github`);
  await page.goBack();
  await expect(page).toHaveURL(/\/login$/);
  await forged();
  // The provider opened in another tab (Ctrl-click, a middle click).
  await page.goto('/login');
  const popup = context.waitForEvent('page');
  await page.getByRole('link', { name: 'Continue with GitHub' }).click({ modifiers: ['ControlOrMeta'] });
  await (await popup).close();
  await forged();
  // A mark older than a provider's sign-in can take.
  await page.goto('/login');
  await page.evaluate(() => sessionStorage.setItem('oauthProvider', `github ${Date.now() - 11 * 60 * 1000}`));
  await forged();
});
