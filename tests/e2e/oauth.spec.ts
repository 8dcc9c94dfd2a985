// Sign-in with a provider, through the local backend's consent page, which
// stands in for the provider. The build lists google and github
// (index.html's altogic-oauth-providers, which the build's pages keep); the backend has the same on.
import { test, expect, reset, settings, counts, BACKEND, stored, continueWith, allow } from './support';
import type { Page } from '@playwright/test';

test('a first sign-in with a provider creates the user and lands on the profile; the next reaches the same user', async ({ page, checks }) => {
  await reset(false);
  await page.goto('/login');
  await expect(page.getByRole('link', { name: 'Continue with GitHub' })).toHaveAttribute('href', `${BACKEND}/_auth/github`);
  await continueWith(page, 'GitHub');
  await expect(page.getByRole('heading', { name: /Sign in to 127\.0\.0\.1:\d+ with GitHub/ })).toBeVisible();
  await checks.axe(page, 'the consent page');
  await allow(page, 'Grace Hopper', 'grace@example.com');

  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { name: 'Grace Hopper' })).toBeVisible();
  await expect(page.getByText('grace@example.com')).toBeVisible();
  const [, user] = await stored(page);
  const first = JSON.parse(user!);
  expect(first.provider).toBe('github');
  expect(first.emailVerified).toBe(true);
  // No password to change, nor to confirm a change of email or number
  // with (the JS client's AuthManager.ts): none of those forms is offered.
  await expect(page.getByText('Signed in with GitHub.')).toBeVisible();
  for (const form of ['Change password', 'Change email', 'Add a phone number']) {
    await expect(page.getByRole('button', { name: form })).toHaveCount(0);
  }
  // The provider's picture, on the provider's host (here the backend).
  const picture = page.getByRole('img', { name: 'Profile picture of Grace Hopper' });
  await expect(picture).toHaveAttribute('src', `${BACKEND}/_auth/github/picture`);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(48);
  await checks.axe(page, 'a provider user\'s profile');
  // Removed from the profile, never deleted: it is not a stored file.
  const deletes: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/storage/delete-file')) deletes.push(r.url()); });
  const saved = page.waitForResponse((r) => r.url().includes('/db/object/update'));
  await page.getByRole('button', { name: 'Remove picture' }).click();
  await saved;
  await expect(page.getByRole('img', { name: /initials of Grace Hopper/ })).toHaveText('GH');
  expect(deletes).toEqual([]);

  await page.getByRole('button', { name: 'Logout' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await continueWith(page, 'GitHub');
  await allow(page, 'Grace Hopper', 'grace@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  expect(JSON.parse((await stored(page))[1]!)._id).toBe(first._id);
  expect((await counts()).users).toBe(1);
});

test('Deny comes back with the reason, the provider named, and a way back to login', async ({ page, checks }) => {
  await page.goto('/register');
  await continueWith(page, 'Google');
  await page.getByRole('button', { name: 'Deny' }).click();
  await expect(page).toHaveURL(/\/auth-redirect$/);
  await expect(page.getByRole('heading', { name: "We couldn't sign you in with Google" })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveText('The sign-in was cancelled or not allowed.');
  await checks.axe(page, 'a refused provider sign-in');
  await page.getByRole('link', { name: 'Go to login' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await stored(page))[0]).toBeNull();
});

test('a provider that is off shows no button, and a hand-typed /_auth/x comes back with an error', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('link', { name: /^Continue with / })).toHaveCount(2);
  await expect(page.getByRole('link', { name: 'Continue with Facebook' })).toHaveCount(0);
  await page.goto(`${BACKEND}/_auth/facebook`);
  await expect(page).toHaveURL(/\/auth-redirect$/);
  await expect(page.getByRole('alert')).toHaveText('Sign-in with this provider did not work. If you already have an account with this email address, sign in to it with its password or a magic link; or try again.');
  await expect(page.getByRole('link', { name: 'Go to login' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Send a new magic link' })).toHaveCount(0);
});

test('an email that belongs to a password account is refused, with a clear message', async ({ page }) => {
  await reset(false);
  const r = await fetch(`${BACKEND}/_api/rest/v1/auth/signup-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ email: 'ada@example.com', password: 'secret1', nameOrUserData: 'Ada' }),
  });
  expect(r.status).toBe(200);
  await page.goto('/login');
  await continueWith(page, 'GitHub');
  await allow(page, 'Ada', 'ada@example.com');
  await expect(page.getByRole('heading', { name: "We couldn't sign you in with GitHub" })).toBeVisible();
  // Altogic answers it with some status from 400 to 599 (the Flutter
  // client's auth.dart), not one the app can rely on: the way on is said
  // for any of them.
  await expect(page.getByRole('alert')).toContainText('If you already have an account with this email address, sign in to it');
  await expect(page.getByText('Status 400.')).toBeVisible();
});

test('return-to survives the round trip through the provider', async ({ page }) => {
  await page.goto('/profile?tab=sessions');
  await expect(page).toHaveURL(/\/login$/);
  expect(await page.evaluate(() => localStorage.getItem('returnTo'))).toBe('/profile?tab=sessions');
  await continueWith(page, 'GitHub');
  await allow(page, 'Lin', 'lin@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  expect(await page.evaluate(() => localStorage.getItem('returnTo'))).toBeNull();
});

test('the links work on the prerendered page, before the app has loaded', async ({ page, checks }) => {
  // The app's wasm never arrives: the page stays the prerendered one.
  checks.expectFailures(/\.wasm$/);
  await page.route(/\.wasm$/, () => {});
  await page.goto('/login', { waitUntil: 'commit' });
  await expect(page.locator('#app[data-prerendered]')).toBeAttached();
  await settings({ oauthAutoApprove: { name: 'Early', email: 'early@example.com' } });
  await page.getByRole('link', { name: 'Continue with GitHub' }).click();
  // Approved at once (test mode), back on /auth-redirect, which needs the
  // full app: let it load from here on.
  await page.unroute(/\.wasm$/);
  await expect(page).toHaveURL(/\/profile$/);
  expect(JSON.parse((await stored(page))[1]!).email).toBe('early@example.com');
});

test('a token in the fragment, as the official client also accepts, signs in and leaves the address bar', async ({ page }) => {
  await settings({ oauthAutoApprove: { name: 'Frag', email: 'frag@example.com' } });
  const r = await fetch(`${BACKEND}/_auth/github`, { redirect: 'manual' });
  const token = new URL(r.headers.get('location')!).searchParams.get('access_token');
  expect(token).toBeTruthy();
  // What a click on "Continue with GitHub" leaves in this tab.
  await page.goto('/login');
  await page.evaluate(() => sessionStorage.setItem('oauthProvider', `github ${Date.now()}`));
  await page.goto(`/auth-redirect#action=oauth-signin&status=200&access_token=${token}`);
  await expect(page).toHaveURL(/\/profile$/);
  expect(page.url()).not.toContain(token!);
});

test('an unknown provider name in the page is ignored with a warning in the console', async ({ page }) => {
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  await page.route(/\/login$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      /(<meta name="altogic-oauth-providers" content=")[^"]*"/,
      '$1github,myspace"',
    );
    await route.fulfill({ response, body });
  });
  await page.goto('/login');
  await expect.poll(() => warnings.join('\n')).toContain("altogic-oauth-providers: 'myspace' is not a provider Altogic knows; ignored");
  await expect(page.getByRole('link', { name: /^Continue with / })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Continue with GitHub' })).toBeVisible();
});
