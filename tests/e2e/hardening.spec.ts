// Attacks on the sign-in from outside the app, each test named for the one
// it stops: someone else's token in a link, and races between tabs.
import { test, expect, reset, account, verifiedAccount, login, latestMail, stored, settings, fault, BACKEND, REST, TEST_HEADERS } from './support';

const KEY = { 'X-Client-Key': 'local-client-key' };

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

async function sessions() {
  return (await (await fetch(`${BACKEND}/_test/counts`, { headers: TEST_HEADERS })).json()).sessions;
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
  expect(await sessions()).toBe(1);
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
  await expect.poll(sessions).toBe(1);
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

