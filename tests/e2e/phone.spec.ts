// Phone numbers: register, confirm with the code sent by SMS (the local
// backend's outbox), sign in with a password or a code. The phone pages
// are the full app's; the guest pages offer them as a choice.
import { test, expect, settings, fault, latestMail, counts, stored, holdApp, BACKEND, REST, TEST_HEADERS } from './support';
import type { Page } from '@playwright/test';

const PHONE = '+14155550123';

async function smsCode(phone = PHONE): Promise<string> {
  const sms: any = await latestMail(phone);
  expect(sms.kind).toBe('sms');
  return sms.code;
}

/** A verified phone account, made through the API, with no session kept. */
async function phoneAccount(phone = PHONE) {
  await settings({ phoneConfirmation: true });
  const headers = { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' };
  const up = await fetch(`${REST}/auth/signup-phone`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone, password: 'secret1', nameOrUserData: 'Pat' }),
  });
  expect(up.status).toBe(200);
  const code = await smsCode(phone);
  const verified = await fetch(`${REST}/auth/verify-phone?code=${code}&phone=${encodeURIComponent(phone)}`, { method: 'POST', headers });
  const { session } = await verified.json();
  await fetch(`${REST}/auth/signout`, { method: 'POST', headers: { ...headers, Session: session.token }, body: '{}' });
}

async function choosePhone(page: Page, from: '/login' | '/register') {
  await page.goto(from);
  await page.getByRole('navigation', { name: 'Sign in with' }).getByRole('link', { name: 'Phone number' }).click();
  await expect(page).toHaveURL(from === '/login' ? /\/login-with-phone$/ : /\/register-with-phone$/);
  await expect(page.getByRole('link', { name: 'Phone number' })).toHaveAttribute('aria-current', 'page');
}

/** Fills and sends the phone registration form. */
async function registerByPhone(page: Page, phone = PHONE, name = 'Pat') {
  await page.getByLabel('Phone number').fill(phone);
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Register' }).click();
}

test('a phone sign-up left at its code: the login offers to verify the number now, and signs in', async ({ page, checks }) => {
  await settings({ phoneConfirmation: true });
  await choosePhone(page, '/register');
  await registerByPhone(page);
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  // Left there. Later, the login with the password.
  await page.goto('/login-with-phone');
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  // The code goes to the number refused, not to what the field says now.
  await page.getByLabel('Phone number').fill('+14155550199');
  await page.getByRole('button', { name: 'Verify my number now' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  await expect(page.getByText(`We sent a 6-digit code by SMS to ${PHONE}.`)).toBeVisible();
  await checks.axe(page, 'verifying a number at login');
  await page.getByLabel('Code', { exact: true }).fill(await smsCode());
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Pat');
});

test('a number registered by someone else and left unverified: its owner verifies it by code, chooses a password, and is signed in; the first password is dead', async ({ page, checks }) => {
  // Someone registers the number first, with a password of theirs.
  await settings({ phoneConfirmation: true });
  const headers = { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' };
  const up = await fetch(`${REST}/auth/signup-phone`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone: PHONE, password: 'theirs1', nameOrUserData: 'Pat' }),
  });
  expect(up.status).toBe(200);
  // The number's owner asks for a code at login.
  await page.goto('/login-with-phone');
  await page.getByRole('button', { name: 'Get a code by SMS instead' }).click();
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await page.getByRole('button', { name: 'Verify my number now' }).click();
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  await page.getByLabel('Code', { exact: true }).fill(await smsCode());
  await page.getByRole('button', { name: 'Continue' }).click();
  // Verified, not signed in: the session the code made has ended.
  await expect(page.getByRole('heading', { name: 'Your number is verified' })).toBeVisible();
  await expect(page.getByText('One more step: choose your password with the code we sent.')).toBeVisible();
  expect(await stored(page)).toEqual([null, null]);
  expect((await counts()).sessions).toBe(0);
  await checks.axe(page, 'choosing a password for a claimed number');
  const reset: any = await latestMail(PHONE);
  expect(reset.action).toBe('sms-reset');
  await page.getByLabel('Code', { exact: true }).fill(reset.code);
  await page.getByLabel('New password', { exact: true }).fill('mine-now1');
  await page.getByLabel('New password again', { exact: true }).fill('mine-now1');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Pat');
  await expect.poll(async () => (await counts()).sessions).toBe(1);
  // The first password no longer signs in.
  const theirs = await fetch(`${REST}/auth/signin-phone`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ phone: PHONE, password: 'theirs1' }),
  });
  expect(theirs.status).toBe(401);
});

test('register by phone with confirmation: a wrong code says so, the right one signs in', async ({ page, checks }) => {
  await choosePhone(page, '/register');
  await checks.axe(page, 'register with a phone number');
  await registerByPhone(page, '+1 (415) 555-0123');

  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  await expect(page.getByText(`We sent a 6-digit code by SMS to ${PHONE}.`)).toBeVisible();
  const field = page.getByLabel('Code', { exact: true });
  await expect(field).toBeFocused();
  await expect(field).toHaveAttribute('autocomplete', 'one-time-code');
  await expect(field).toHaveAttribute('inputmode', 'numeric');
  await checks.axe(page, 'the code screen');
  const code = await smsCode();
  const wrong = code === '000000' ? '111111' : '000000';
  await field.fill(wrong);
  await page.getByRole('button', { name: 'Continue' }).click();
  // The app's words, in the page's language, whatever the service said.
  await expect(page.locator('#code-error')).toHaveText('This code does not work: it is mistyped, has expired or was already used. Check it, or ask for a new one.');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveValue(wrong);
  await checks.axe(page, 'a wrong code');

  await field.fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Pat');
  await expect(page.getByText(`Signed in as ${PHONE}`)).toBeVisible();
  const user = JSON.parse((await stored(page))[1]!);
  expect([user.phone, user.phoneVerified]).toEqual([PHONE, true]);
});

test('register by phone without confirmation: the profile at once', async ({ page }) => {
  await settings({ phoneConfirmation: false });
  await choosePhone(page, '/register');
  await registerByPhone(page, PHONE, 'Quinn');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Quinn');
  // Signed in, the phone pages send the person on, as the email ones do.
  for (const path of ['/login-with-phone', '/register-with-phone', '/forgot-password-with-phone']) {
    await page.goto(path);
    await expect(page, `opening ${path}`).toHaveURL(/\/profile$/);
  }
});

test('a number dialled at home with no country chosen is refused before sending, what was typed kept', async ({ page }) => {
  await choosePhone(page, '/register');
  // The browser's country (en-US) is chosen at first.
  await expect(page.getByLabel('Country')).toHaveValue('US');
  await page.getByLabel('Country').selectOption('');
  await registerByPhone(page, '415 555 0123', 'Pat');
  await expect(page.locator('#phone-error')).toContainText('with + and the country code');
  await expect(page.getByLabel('Phone number')).toBeFocused();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('secret1');
});

test('sign in by phone with the password, then with a code pasted whole; the choice is remembered', async ({ page, checks }) => {
  await phoneAccount();
  await choosePhone(page, '/login');
  await checks.axe(page, 'login with a phone number');
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByLabel('Password', { exact: true }).fill('wrong-one');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('That phone number and password do not match an account.');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);

  // Signed out, the login page comes in the way chosen for this visit.
  await page.getByRole('button', { name: 'Logout' }).click();
  await expect(page).toHaveURL(/\/login-with-phone$/);
  await page.goto('/login');
  await expect(page).toHaveURL(/\/login-with-phone$/);

  await page.getByRole('button', { name: 'Get a code by SMS instead' }).click();
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Enter your code' })).toBeVisible();
  await checks.axe(page, 'the sign-in code screen');
  const code = await smsCode();
  await page.getByLabel('Code', { exact: true }).fill(`Your sign-in code: ${code}`);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('an expired code says so; a new one comes after the countdown and works', async ({ page, checks }) => {
  await page.clock.install();
  await choosePhone(page, '/register');
  await registerByPhone(page);
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  const code = await smsCode();
  expect((await fetch(`${BACKEND}/_test/expire-codes`, { method: 'POST', headers: TEST_HEADERS })).status).toBe(204);
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('#code-error')).toHaveText('This code does not work: it is mistyped, has expired or was already used. Check it, or ask for a new one.');

  const resend = page.getByRole('button', { name: /^Send a new code/ });
  await expect(resend).toBeDisabled();
  await expect(resend).toHaveText(/\(30 s\)|\(29 s\)/);
  await page.clock.runFor(31_000);
  await expect(resend).toHaveText('Send a new code');
  await resend.click();
  await expect(page.getByRole('status')).toHaveText(`A new code is on its way to ${PHONE}. Earlier codes no longer work.`);
  await expect(resend).toBeDisabled();
  await checks.axe(page, 'a new code sent');
  const fresh = await smsCode();
  await page.getByLabel('Code', { exact: true }).fill(fresh);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('faults on the code screen lose nothing: a 500, a cut connection, a slow answer, then it works', async ({ page, checks }) => {
  checks.expectFailures(/verify-phone/);
  await choosePhone(page, '/register');
  await registerByPhone(page);
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  const code = await smsCode();
  await fault('auth/verify-phone', 'error');
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('The backend failed');
  await expect(page.getByLabel('Code', { exact: true })).toHaveValue(code);
  await fault('auth/verify-phone', 'drop');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
  await expect(page.getByLabel('Code', { exact: true })).toHaveValue(code);
  // Slow: the button says so and takes no second press meanwhile.
  await fault('auth/verify-phone', 'delay', { delayMs: 1500 });
  await page.getByRole('button', { name: 'Continue' }).click();
  const busy = page.getByRole('button', { name: 'Checking…' });
  await expect(busy).toBeDisabled();
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await expect(page).toHaveURL(/\/profile$/);
});

test('keyboard only: the phone registration and its code, with Tab and Enter', async ({ page }) => {
  await choosePhone(page, '/register');
  await page.getByLabel('Phone number').focus();
  await page.keyboard.type(PHONE);
  await page.keyboard.press('Tab');
  await page.keyboard.type('Pat');
  await page.keyboard.press('Tab');
  await page.keyboard.type('secret1');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
  await page.keyboard.type(await smsCode());
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/profile$/);
});

test('forgot password by phone: a code, the new password twice, then login with it', async ({ page, checks }) => {
  await phoneAccount();
  await page.goto('/forgot-password');
  await page.getByRole('navigation', { name: 'Sign in with' }).getByRole('link', { name: 'Phone number' }).click();
  await expect(page).toHaveURL(/\/forgot-password-with-phone$/);
  await checks.axe(page, 'forgot password by phone');
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Choose a new password' })).toBeVisible();
  await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
  const code = await smsCode();
  await page.getByLabel('Code', { exact: true }).fill(code);
  await page.getByLabel('New password', { exact: true }).fill('better1');
  await page.getByLabel('New password again').fill('better2');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page.locator('#confirmPassword-error')).toHaveText('The passwords do not match.');
  await checks.axe(page, 'new password by code, with a mismatch');
  await page.getByLabel('New password again').fill('better1');
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(page).toHaveURL(/\/login-with-phone$/);
  await expect(page.getByRole('status')).toHaveText('Your password has been changed. Log in with your new password: your other devices will be signed out.');
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByLabel('Password', { exact: true }).fill('better1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('change the phone number on the profile: the code sent to the new number confirms it', async ({ page, checks }) => {
  await phoneAccount();
  await choosePhone(page, '/login');
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);

  await page.getByRole('button', { name: 'Change phone number' }).click();
  await checks.axe(page, 'profile: change the phone number');
  await page.getByLabel('New phone number').fill('+1 415 555 0124');
  await page.getByLabel('Current password').fill('wrong-one');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.locator('#currentPassword-error')).toContainText('not correct');
  await page.getByLabel('Current password').fill('secret1');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByText('We sent a 6-digit code by SMS to +14155550124.')).toBeVisible();
  await expect(page.getByLabel('Code', { exact: true })).toBeFocused();
  await checks.axe(page, 'profile: the code for a new number');
  await page.getByLabel('Code', { exact: true }).fill(await smsCode('+14155550124'));
  await page.getByRole('button', { name: 'Confirm number' }).click();
  await expect(page.getByRole('status')).toHaveText('Your phone number is now +14155550124.');
  await expect(page.getByText('Signed in as +14155550124')).toBeVisible();
  const user = JSON.parse((await stored(page))[1]!);
  expect(user.phone).toBe('+14155550124');
});

test('the phone pages are prerendered: shown before the app has loaded, what was typed kept', async ({ page }) => {
  const release = await holdApp(page);
  await page.goto('/login-with-phone', { waitUntil: 'commit' });
  await expect(page.getByRole('heading', { name: 'Login to your account' })).toBeVisible();
  await expect(page.locator('#app[data-prerendered="/login-with-phone"]')).toBeAttached();
  await page.getByLabel('Phone number').fill(PHONE);
  release();
  await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('data-prerendered'));
  await expect(page.getByLabel('Phone number')).toHaveValue(PHONE);
  await expect(page.getByLabel('Phone number')).toBeFocused();
});

test('a phone sign-in sent before the app has started is carried out, once, when it starts', async ({ page }) => {
  await phoneAccount();
  const signIns: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/auth/signin-phone')) signIns.push(r.method());
  });
  const release = await holdApp(page);
  await page.goto('/login-with-phone', { waitUntil: 'commit' });
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Logging in…' })).toBeDisabled();
  expect(page.url()).not.toContain('secret1');
  release();
  await expect(page).toHaveURL(/\/profile$/);
  expect(signIns).toEqual(['POST']);
});

// The official client's docs: sign-in and reset codes go only to a
// verified number, reset codes only while numbers are confirmed by code,
// and a confirmation code only to a number not verified yet; otherwise
// an error. The page shows the server's reason and keeps the number.
test('codes the backend refuses to send: the reason shown, the number kept', async ({ page, checks }) => {
  await settings({ phoneConfirmation: true });
  const unverified = '+14155550188';
  const up = await fetch(`${REST}/auth/signup-phone`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ phone: unverified, password: 'secret1', nameOrUserData: 'Una' }),
  });
  expect(up.status).toBe(200);

  await choosePhone(page, '/login');
  await page.getByRole('button', { name: 'Get a code by SMS instead' }).click();
  await page.getByLabel('Phone number').fill(unverified);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.locator('#phone-error')).toContainText('verified phone number');
  await expect(page.getByLabel('Phone number')).toHaveValue(unverified);
  await checks.axe(page, 'sign-in code refused');

  await page.goto('/forgot-password-with-phone');
  await page.getByLabel('Phone number').fill(unverified);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.locator('#phone-error')).toContainText('verified phone number');

  await phoneAccount();
  await settings({ phoneConfirmation: false });
  await page.goto('/forgot-password-with-phone');
  await page.getByLabel('Phone number').fill(PHONE);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('alert')).toContainText('does not confirm phone numbers');
  await expect(page.getByLabel('Phone number')).toHaveValue(PHONE);
});

test('a new confirmation code for a number verified meanwhile: the reason shown', async ({ page }) => {
  await page.clock.install();
  await choosePhone(page, '/register');
  await registerByPhone(page);
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  // The code is used elsewhere (another tab) first.
  const code = await smsCode();
  const used = await fetch(`${REST}/auth/verify-phone?code=${code}&phone=${encodeURIComponent(PHONE)}`, {
    method: 'POST',
    headers: { 'X-Client-Key': 'local-client-key' },
  });
  expect(used.status).toBe(200);
  await page.clock.runFor(31_000);
  await page.getByRole('button', { name: 'Send a new code' }).click();
  await expect(page.getByRole('alert')).toContainText('already verified');
});

test.describe('a phone number in your country', () => {
  test.use({ locale: 'tr-TR' });

  test("the browser's country is chosen and a number dialled at home is sent in international form; another is picked by its name", async ({ page, checks }) => {
    await settings({ phoneConfirmation: true });
    await page.goto('/tr/register-with-phone');
    const country = page.getByLabel('Ülke');
    await expect(country).toHaveValue('TR');
    await expect(country.locator('option:checked')).toHaveText('Türkiye (+90)');
    await checks.axe(page, 'phone register with its country');
    await page.getByLabel('Telefon numarası').fill('0532 123 45 67');
    await page.getByLabel('Ad', { exact: true }).fill('Deniz');
    await page.getByLabel('Parola', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Kaydol' }).click();
    await expect(page.getByText('+905321234567 numarasına SMS ile 6 haneli bir kod gönderdik.')).toBeVisible();

    await page.goto('/tr/register-with-phone');
    await page.getByLabel('Ülke').selectOption({ label: 'Almanya (+49)' });
    await page.getByLabel('Telefon numarası').fill('0151 2345678');
    await page.getByLabel('Ad', { exact: true }).fill('Jonas');
    await page.getByLabel('Parola', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Kaydol' }).click();
    await expect(page.getByText('+491512345678 numarasına SMS ile 6 haneli bir kod gönderdik.')).toBeVisible();
    const sms: any = await latestMail('+491512345678');
    expect(sms.kind).toBe('sms');
  });
});
