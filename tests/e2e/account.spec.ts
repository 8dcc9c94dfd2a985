// Account self-service beyond the seed: forgot and reset password, change
// password, change email.
import { test, expect, reset, account, verifiedAccount, login, latestMail, signIn, BACKEND, REST } from './support';

const SENT = 'We sent a link to choose a new password. Check your inbox.';

/** Follows a mail link as far as the app's redirect URL, without opening it. */
async function appUrlOf(link: string) {
  const r = await fetch(link, { redirect: 'manual' });
  return r.headers.get('location')!;
}

test('forgot password: an unknown address says so; the link sets a new password', async ({ page, checks }) => {
  await reset(true);
  await verifiedAccount('ola@example.com', { name: 'Ola' });
  await page.goto('/login');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await checks.axe(page, 'forgot password');

  // Altogic refuses an unknown address (its docs and clients): the page
  // says so in its own words (error::WORDED), the address kept to correct.
  await page.getByLabel('Email').fill('nobody@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('alert')).toHaveText('There is no account with this email address.');
  await expect(page.getByLabel('Email')).toHaveValue('nobody@example.com');
  await page.getByLabel('Email').fill('ola@example.com');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByRole('status')).toHaveText(SENT);

  const mail = await latestMail('ola@example.com');
  expect(mail.action).toBe('reset-pwd');
  await page.goto(mail.link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  expect(page.url()).not.toContain('access_token');
  await checks.axe(page, 'choose a new password');
  const fresh = page.getByLabel('New password', { exact: true });
  const again = page.getByLabel('New password again', { exact: true });
  await fresh.fill('n3w-secret');
  await again.fill('n3w-secreT');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('The passwords do not match.')).toBeVisible();
  await again.fill('n3w-secret');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('status')).toHaveText('Your password has been changed. Log in with your new password: your other devices will be signed out.');

  await page.getByLabel('Email').fill('ola@example.com');
  await page.getByLabel('Password', { exact: true }).fill('n3w-secret');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);

  // The mail's link works once.
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.goto(mail.link);
  await expect(page.getByRole('alert')).toContainText('already been used');
  await expect(page.getByRole('link', { name: 'Send a new reset link' })).toBeVisible();
});

test('a reset link whose token was used meanwhile says so and offers a new one', async ({ page, checks }) => {
  await reset(true);
  await verifiedAccount('pia@example.com');
  await fetch(`${BACKEND}/_api/rest/v1/auth/send-reset?email=pia@example.com`, {
    method: 'POST',
    headers: { 'X-Client-Key': 'local-client-key' },
  });
  const appUrl = await appUrlOf((await latestMail('pia@example.com')).link);
  await page.goto(appUrl);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose a new password');
  // Someone (another tab) used the same token first.
  const key = new URL(appUrl).searchParams.get('access_token');
  await fetch(`${BACKEND}/_api/rest/v1/auth/reset-pwd?key=${key}`, {
    method: 'POST',
    headers: { 'X-Client-Key': 'local-client-key', 'Content-Type': 'application/json' },
    body: JSON.stringify({ newPassword: 'elsewhere1' }),
  });
  await page.getByLabel('New password', { exact: true }).fill('mine-now1');
  await page.getByLabel('New password again', { exact: true }).fill('mine-now1');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.getByText('If this link has expired or was already used:')).toBeVisible();
  await page.getByRole('link', { name: 'Send a new reset link' }).first().click();
  await expect(page).toHaveURL(/\/forgot-password$/);
});

test('change password on the profile', async ({ page, checks }) => {
  await reset(false);
  await account('quin@example.com');
  await login(page, 'quin@example.com');
  await page.getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('button', { name: 'Change password' }).first()).toHaveAttribute('aria-expanded', 'true');
  await page.getByLabel('Current password', { exact: true }).fill('wrong-one');
  await page.getByLabel('New password', { exact: true }).fill('another1');
  await page.getByLabel('New password again', { exact: true }).fill('another1');
  await page.locator('form').getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByText('Your current password is not correct.')).toBeVisible();
  await expect(page.getByLabel('New password', { exact: true })).toHaveValue('another1');
  await checks.axe(page, 'change password: wrong current');
  await page.getByLabel('Current password', { exact: true }).fill('secret1');
  await page.locator('form').getByRole('button', { name: 'Change password' }).click();
  await expect(page.getByRole('status')).toHaveText('Your password has been changed, and your other devices have been signed out.');

  await page.getByRole('button', { name: 'Logout' }).click();
  await login(page, 'quin@example.com', 'another1');
  await expect(page).toHaveURL(/\/profile$/);
});

test('change email: at once without verification, after the link with it', async ({ page, checks }) => {
  await reset(false);
  await account('ray@example.com', { name: 'Ray' });
  await login(page, 'ray@example.com');
  await page.getByRole('button', { name: 'Change email' }).click();
  // Typed in capitals, kept in lower case.
  await page.getByLabel('New email').fill('Ray2@Example.COM');
  await page.getByLabel('Current password', { exact: true }).fill('secret1');
  await page.locator('form').getByRole('button', { name: 'Change email' }).click();
  await expect(page.getByRole('status')).toHaveText('Your email is now ray2@example.com.');
  await expect(page.getByText('Signed in as ray2@example.com')).toBeVisible();

  // With verification on, the change waits for the new address's link.
  await fetch(`${BACKEND}/_test/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ emailVerification: true }),
  });
  await page.getByRole('button', { name: 'Change email' }).click();
  await page.getByLabel('New email').fill('ray3@example.com');
  await page.getByLabel('Current password', { exact: true }).fill('secret1');
  await page.locator('form').getByRole('button', { name: 'Change email' }).click();
  await expect(page.getByRole('status')).toHaveText('We sent a link to ray3@example.com. Your email changes once you open it.');
  await expect(page.getByText('Signed in as ray2@example.com')).toBeVisible();
  await checks.axe(page, 'change email: link sent');
  // Altogic's link changes the address and comes back with no token: the
  // page says it is done, and the profile shows the new address.
  await page.goto((await latestMail('ray3@example.com')).link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address has been changed');
  await expect(page).toHaveURL(/\/auth-redirect$/);
  await checks.axe(page, 'email changed');
  await page.getByRole('link', { name: 'Go to your profile' }).click();
  await expect(page.getByText('Signed in as ray3@example.com')).toBeVisible();
  expect(JSON.parse((await page.evaluate(() => localStorage.getItem('user')))!).email).toBe('ray3@example.com');

  // Opened where nobody is signed in: the way on is to log in.
  await page.getByRole('button', { name: 'Logout' }).click();
  const elsewhere = await signIn('ray3@example.com');
  const asked = await fetch(`${REST}/auth/change-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key', Session: elsewhere.token },
    body: JSON.stringify({ currentPassword: 'secret1', newEmail: 'ray4@example.com' }),
  });
  expect(asked.status).toBe(200);
  await page.goto((await latestMail('ray4@example.com')).link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email address has been changed');
  await page.getByRole('link', { name: 'Go to login' }).click();
  await expect(page).toHaveURL(/\/login$/);
});

// The official client's docs: magic and reset links go only to a verified
// address, and only while the app verifies addresses; otherwise an error.
// The page shows the server's reason and keeps the address.
test('links by mail the backend refuses to send: the reason shown, the address kept', async ({ page, checks }) => {
  await reset(true);
  const up = await fetch(`${REST}/auth/signup-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ email: 'una@example.com', password: 'secret1', nameOrUserData: 'Una' }),
  });
  expect(up.status).toBe(200);
  for (const [url, button] of [
    ['/login-with-magic-link', 'Send magic link'],
    ['/forgot-password', 'Send reset link'],
  ]) {
    await page.goto(url);
    await page.getByLabel('Email').fill('una@example.com');
    await page.getByRole('button', { name: button }).click();
    await expect(page.getByRole('alert'), url).toContainText('has not been verified');
    await expect(page.getByLabel('Email')).toHaveValue('una@example.com');
  }
  await checks.axe(page, 'reset link refused');

  await reset(false);
  await account('ola@example.com');
  await page.goto('/login-with-magic-link');
  await page.getByLabel('Email').fill('ola@example.com');
  await page.getByRole('button', { name: 'Send magic link' }).click();
  await expect(page.getByRole('alert')).toContainText('Links by email are off');
  await expect(page.getByLabel('Email')).toHaveValue('ola@example.com');
});
