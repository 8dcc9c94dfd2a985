// Returning visitors (#37 points 1, 2 and 5): the way last used on this
// device, marked and offered again; nothing typed twice between the guest
// pages, and `?email=`/`?phone=` as a `login_hint`; a refusal in the page's
// language.
import { test, expect, reset, account, login, settings, continueWith, allow, REST } from './support';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const lastSignIn = (page: Page) => page.evaluate(() => localStorage.getItem('lastSignIn'));
const tabs = (page: Page) => page.getByRole('navigation', { name: 'Sign in with' });

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Logout', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

test('the way last used is marked and its address offered; Not me forgets it', async ({ page, checks }) => {
  await reset(false);
  await account('lu@example.com');
  await page.goto('/login');
  // A first visit: nothing marked, nothing offered.
  await expect(page.locator('.badge')).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Not me' })).toBeHidden();
  await login(page, 'lu@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  // The way and the address, never the password.
  expect(await lastSignIn(page)).toBe('email lu@example.com');
  await logOut(page);

  await page.goto('/login');
  await expect(tabs(page).getByRole('link', { name: 'Email Last used' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('lu@example.com');
  await expect(page.getByRole('button', { name: 'Not me' })).toBeVisible();
  await checks.axe(page, 'login: the way last used');
  // Typed the password only, and in.
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await logOut(page);

  await page.goto('/login');
  await page.getByRole('button', { name: 'Not me' }).click();
  await expect(page.getByLabel('Email')).toHaveValue('');
  await expect(page.getByLabel('Email')).toBeFocused();
  await expect(page.getByRole('button', { name: 'Not me' })).toBeHidden();
  await expect(page.locator('.badge')).toHaveCount(0);
  expect(await lastSignIn(page)).toBeNull();
  // Forgotten for the next visit too.
  await page.reload();
  await expect(page.getByLabel('Email')).toHaveValue('');
  await expect(page.locator('.badge')).toHaveCount(0);
});

test('a phone sign-in is offered on the phone page; signing out everywhere forgets it', async ({ page }) => {
  await reset(false);
  await settings({ phoneConfirmation: false });
  const up = await fetch(`${REST}/auth/signup-phone`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ phone: '+14155550188', password: 'secret1', nameOrUserData: 'Pia' }),
  });
  expect(up.status).toBe(200);
  await page.goto('/login-with-phone');
  await page.getByLabel('Phone number').fill('+14155550188');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  expect(await lastSignIn(page)).toBe('phone +14155550188');
  await logOut(page);

  // The email page marks the phone way and offers no address.
  await expect(tabs(page).getByRole('link', { name: 'Phone number Last used' })).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('');
  await tabs(page).getByRole('link', { name: /Phone number/ }).click();
  await expect(page.getByLabel('Phone number')).toHaveValue('+14155550188');
  await expect(page.getByRole('button', { name: 'Not me' })).toBeVisible();

  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  // Back to the way chosen in this visit.
  await expect(page).toHaveURL(/\/login-with-phone$/);
  expect(await lastSignIn(page)).toBeNull();
  await expect(page.locator('.badge')).toHaveCount(0);
});

test('a provider used last is marked on its button', async ({ page, checks }) => {
  await reset(false);
  await page.goto('/login');
  await continueWith(page, 'GitHub');
  await allow(page, 'Grace Hopper', 'grace@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  expect(await lastSignIn(page)).toBe('github ');
  await logOut(page);
  await expect(page.getByRole('link', { name: 'Continue with GitHub Last used' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Continue with Google' })).toHaveAccessibleName('Continue with Google');
  // No address offered in the email form for a provider's sign-in.
  await expect(page.getByLabel('Email')).toHaveValue('');
  await checks.axe(page, 'login: a provider used last');
});

test('what is typed goes along to the other guest pages; ?email= and ?phone= prefill', async ({ page }) => {
  await reset(false);
  // A page opened with a hint (a full load of the prerendered page).
  await page.goto('/register?email=hint%2Bx%40example.com');
  await expect(page.getByLabel('Email')).toHaveValue('hint+x@example.com');
  await page.goto('/login-with-phone?phone=%2B14155550100');
  await expect(page.getByLabel('Phone number')).toHaveValue('+14155550100');
  await tabs(page).getByRole('link', { name: 'Email' }).click();

  await page.goto('/login');
  await page.getByLabel('Email').fill('ty@example.com');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByLabel('Email')).toHaveValue('ty@example.com');
  // Changed here, it goes on changed.
  await page.getByLabel('Email').fill('ty2@example.com');
  await page.goBack();
  await expect(page.getByLabel('Email')).toHaveValue('ty2@example.com');
  await page.getByRole('link', { name: 'Login with magic link' }).click();
  await expect(page.getByLabel('Email')).toHaveValue('ty2@example.com');
  await page.goBack();
  await page.getByRole('link', { name: "Don't have an account? Register now" }).click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(page.getByLabel('Email')).toHaveValue('ty2@example.com');

  await tabs(page).getByRole('link', { name: 'Phone number' }).click();
  await page.getByLabel('Phone number').fill('+14155550199');
  await page.getByRole('link', { name: 'Already have an account?' }).click();
  await expect(page).toHaveURL(/\/login-with-phone$/);
  await expect(page.getByLabel('Phone number')).toHaveValue('+14155550199');

});

test.describe('a Turkish visitor on an English-speaking browser', () => {
  test.use({ locale: 'en-US' });

  test("hears the server's refusals in Turkish", async ({ page, checks }) => {
    await reset(false);
    await account('ayse@example.com');
    await page.goto('/tr/login');
    await page.getByLabel('E-posta').fill('ayse@example.com');
    await page.getByLabel('Parola', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'Giriş yap', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('Bu e-posta adresi ve parola bir hesapla eşleşmiyor.');
    await checks.axe(page, 'login refused in Turkish');
    // A form's own checks, not the browser's bubble: the form takes novalidate.
    await page.getByLabel('E-posta').fill('ayse@');
    await page.getByRole('button', { name: 'Giriş yap', exact: true }).click();
    await expect(page.getByText('ad@ornek.com gibi bir e-posta adresi girin.')).toBeVisible();
    expect(await page.locator('form').first().getAttribute('novalidate')).not.toBeNull();

    await page.goto('/tr/register');
    await page.getByLabel('E-posta').fill('ayse@example.com');
    await page.getByLabel('Ad', { exact: true }).fill('Ayşe');
    await page.getByLabel('Parola', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Kaydol', exact: true }).click();
    await expect(page.getByText('Bu e-posta adresiyle bir hesap zaten var', { exact: false })).toBeVisible();
  });
});

test('the strength of a new password, as it is typed, and why', async ({ page, checks }) => {
  await page.goto('/register');
  const meter = page.getByRole('meter', { name: 'Password strength' });
  await expect(meter).toHaveCount(0);
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Name').fill('Ada Lovelace');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('password1');
  await expect(meter).toHaveAttribute('aria-valuenow', '0');
  await expect(meter).toHaveAttribute('aria-valuetext', 'Very weak');
  await expect(page.getByText('This is one of the most common passwords: it is guessed first.')).toBeVisible();
  await checks.axe(page, 'register: a common password');
  await password.fill('adalovelace1815');
  await expect(page.getByText('Leave your name and email address out of it.')).toBeVisible();
  await password.fill('correct horse battery staple');
  await expect(meter).toHaveAttribute('aria-valuenow', '4');
  await expect(meter).toHaveAttribute('aria-valuetext', 'Strong');
  // It advises, it does not refuse: a weak one the server takes goes through.
  await password.fill('kx9mub');
  await expect(meter).toHaveAttribute('aria-valuenow', /^[01]$/);
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByRole('status')).toContainText('Your account has been created');
});

test.describe('in Turkish', () => {
  const T = JSON.parse(fs.readFileSync(path.join(__dirname, '../../i18n/tr.json'), 'utf8')) as Record<string, string>;
  const trTabs = (page: Page) => page.getByRole('navigation', { name: T.SignInWith });

  test('the way last used is marked and offered, Not me forgets it, and what is typed goes along', async ({ page, checks }) => {
    await reset(false);
    await account('son@example.com');
    await page.goto('/tr/login');
    await page.getByLabel(T.Email, { exact: true }).fill('son@example.com');
    await page.getByLabel(T.Password, { exact: true }).fill('secret1');
    await page.getByRole('button', { name: T.Login, exact: true }).click();
    await expect(page).toHaveURL(/\/tr\/profile$/);
    await page.getByRole('button', { name: T.Logout, exact: true }).click();
    await expect(page).toHaveURL(/\/tr\/login$/);
    await expect(trTabs(page).getByRole('link', { name: `${T.Email} ${T.LastUsed}` })).toBeVisible();
    await expect(page.getByLabel(T.Email, { exact: true })).toHaveValue('son@example.com');
    await checks.axe(page, 'login: the way last used (tr)');
    await page.getByRole('button', { name: T.NotMe }).click();
    await expect(page.getByLabel(T.Email, { exact: true })).toHaveValue('');
    await expect(page.getByLabel(T.Email, { exact: true })).toBeFocused();
    expect(await lastSignIn(page)).toBeNull();

    // Typed once, on every guest page after.
    await page.getByLabel(T.Email, { exact: true }).fill('yeni@example.com');
    await page.getByRole('link', { name: T.ForgotHeading }).click();
    await expect(page).toHaveURL(/\/tr\/forgot-password$/);
    await expect(page.getByLabel(T.Email, { exact: true })).toHaveValue('yeni@example.com');
    await page.goto('/tr/register?email=ipucu%40example.com');
    await expect(page.getByLabel(T.Email, { exact: true })).toHaveValue('ipucu@example.com');
  });
});
