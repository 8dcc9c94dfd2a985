// A backend that answers with an error code the app has never heard of (a
// newer Altogic, say): every screen shows the server's own message and a way
// on, and keeps what was typed.
import type { Page } from '@playwright/test';
import { test, expect, reset, verifiedAccount, settings, login, latestMail, png, fault, BACKEND } from './support';

const MESSAGE = 'A rule this app has never heard of';

/** The next call to REST path `path` fails with a code nobody knows. */
async function unknownCode(path: string) {
  await fault(path, 'code', { status: 422, code: 'brand_new_rule', message: MESSAGE });
}

async function said(page: Page) {
  await expect(page.getByRole('alert').filter({ hasText: MESSAGE })).toBeVisible();
}

// Verified, so that magic and reset links may be sent to her.
test.beforeEach(async () => {
  await reset(true);
  await verifiedAccount('uma@example.com', { name: 'Uma' });
});

test('login', async ({ page }) => {
  await unknownCode('auth/signin-email');
  await login(page, 'uma@example.com');
  await said(page);
  await expect(page.getByLabel('Email')).toHaveValue('uma@example.com');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('an error in each shape the official clients read keeps its message, and one without a message says the status', async ({ page }) => {
  // JS client Fetcher.ts: {errors:[item]}, {errors:item}, [item], item.
  for (const shape of ['envelope', 'object', 'array', 'bare']) {
    await fault('auth/signin-email', 'code', { status: 422, code: 'brand_new_rule', message: `${MESSAGE} (${shape})`, shape });
    await login(page, 'uma@example.com');
    await expect(page.getByRole('alert').filter({ hasText: `${MESSAGE} (${shape})` })).toBeVisible();
  }
  await fault('auth/signin-email', 'code', { status: 422, code: 'brand_new_rule', shape: 'object', noMessage: true });
  await login(page, 'uma@example.com');
  await expect(page.getByRole('alert')).toHaveText('The server refused the request.');
});

test('register', async ({ page }) => {
  await settings({ emailVerification: false });
  await unknownCode('auth/signup-email');
  await page.goto('/register');
  await page.getByLabel('Email').fill('new@example.com');
  await page.getByLabel('Name').fill('New');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Register' }).click();
  await said(page);
  await expect(page.getByLabel('Name')).toHaveValue('New');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

for (const [path, url, button] of [
  ['auth/send-magic', '/login-with-magic-link', 'Send magic link'],
  ['auth/send-reset', '/forgot-password', 'Send reset link'],
]) {
  test(`email link: ${url}`, async ({ page }) => {
    await unknownCode(path);
    await page.goto(url);
    await page.getByLabel('Email').fill('uma@example.com');
    await page.getByRole('button', { name: button }).click();
    await said(page);
    await expect(page.getByLabel('Email')).toHaveValue('uma@example.com');
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByRole('status')).toBeVisible();
  });
}

test('the auth redirect of a magic link', async ({ page }) => {
  await fetch(`${BACKEND}/_api/rest/v1/auth/send-magic?email=uma@example.com`, {
    method: 'POST',
    headers: { 'X-Client-Key': 'local-client-key' },
  });
  await unknownCode('auth/grant');
  await page.goto((await latestMail('uma@example.com')).link);
  await said(page);
  await page.getByRole('link', { name: 'Go to login' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('choosing a new password', async ({ page }) => {
  await fetch(`${BACKEND}/_api/rest/v1/auth/send-reset?email=uma@example.com`, {
    method: 'POST',
    headers: { 'X-Client-Key': 'local-client-key' },
  });
  await page.goto((await latestMail('uma@example.com')).link);
  await unknownCode('auth/reset-pwd');
  await page.getByLabel('New password', { exact: true }).fill('n3w-secret');
  await page.getByLabel('New password again', { exact: true }).fill('n3w-secret');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await said(page);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

test('resend the verification mail', async ({ page }) => {
  await settings({ emailVerification: true });
  await fetch(`${BACKEND}/_api/rest/v1/auth/signup-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ email: 'vic@example.com', password: 'secret1', nameOrUserData: 'Vic' }),
  });
  await login(page, 'vic@example.com');
  const resend = page.getByRole('button', { name: 'Resend verification email' });
  await unknownCode('auth/resend');
  await resend.click();
  await said(page);
  await resend.click();
  await expect(page.getByRole('status')).toBeVisible();
});

test.describe('profile', () => {
  test.beforeEach(async ({ page }) => {
    await login(page, 'uma@example.com');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Uma');
    await page.locator('.session').first().waitFor();
  });

  test('name', async ({ page }) => {
    await unknownCode('db/object/update');
    await page.getByRole('button', { name: 'Change name' }).click();
    await page.getByLabel('Your name').fill('Uma B');
    await page.getByLabel('Your name').press('Enter');
    await said(page);
    await expect(page.getByLabel('Your name')).toHaveValue('Uma B');
    await page.getByLabel('Your name').press('Enter');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Uma B');
  });

  test('change password', async ({ page }) => {
    await unknownCode('auth/change-pwd');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByLabel('Current password', { exact: true }).fill('secret1');
    await page.getByLabel('New password', { exact: true }).fill('n3w-secret');
    await page.getByLabel('New password again', { exact: true }).fill('n3w-secret');
    await page.getByRole('button', { name: 'Change password' }).last().click();
    await said(page);
    await page.getByRole('button', { name: 'Change password' }).last().click();
    await expect(page.getByRole('status')).toContainText('Your password has been changed');
  });

  test('change email', async ({ page }) => {
    await unknownCode('auth/change-email');
    await page.getByRole('button', { name: 'Change email' }).click();
    await page.getByLabel('New email').fill('uma2@example.com');
    await page.getByLabel('Current password', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Change email' }).last().click();
    await said(page);
    await expect(page.getByLabel('New email')).toHaveValue('uma2@example.com');
    await page.getByRole('button', { name: 'Change email' }).last().click();
    await expect(page.getByRole('status')).toContainText('uma2@example.com');
  });

  test('avatar', async ({ page }) => {
    await unknownCode('storage/bucket/upload-formdata');
    const picker = page.locator('#avatar-file');
    await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(16, 16) });
    await expect(page.getByRole('alert')).toContainText(MESSAGE);
    await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(16, 16) });
    await expect(page.locator('.avatar img')).toBeVisible();
  });

  test('sign out one session', async ({ page }) => {
    // A second session, from elsewhere.
    await fetch(`${BACKEND}/_api/rest/v1/auth/signin-email`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
      body: JSON.stringify({ email: 'uma@example.com', password: 'secret1' }),
    });
    await page.reload();
    await expect(page.locator('.session')).toHaveCount(2);
    await unknownCode('auth/signout');
    await page.locator('.session button').click();
    await said(page);
    await expect(page.locator('.session')).toHaveCount(2);
    await page.locator('.session button').click();
    await expect(page.locator('.session')).toHaveCount(1);
  });

  test('sign out everywhere', async ({ page }) => {
    await unknownCode('auth/signout-all');
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
    await said(page);
    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the sessions list', async ({ page }) => {
    await unknownCode('auth/sessions');
    await page.reload();
    await said(page);
    // The rest of the profile still works.
    await page.getByRole('button', { name: 'Logout' }).click();
    await expect(page).toHaveURL(/\/login$/);
  });
});
