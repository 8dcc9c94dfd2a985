// A site with a password policy (scripts/e2e's third site):
// `--min-password-strength good` and `--breach-check` at a local stand-in
// of Have I Been Pwned's range API on another origin
// (tests/e2e/breach-standin.mjs), in English and Turkish. Sign-up asks
// for verification (the fixture's backend), so a sign-up ends on its notice.
import { test, expect, reset, account } from '../support';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const LANGS = ['en', 'tr'] as const;
const texts = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(fs.readFileSync(path.join(__dirname, `../../../i18n/${l}.json`), 'utf8'))]),
) as Record<(typeof LANGS)[number], Record<string, string>>;
const prefix = (lang: string) => (lang === 'en' ? '' : `/${lang}`);
const BREACH = process.env.BREACH_URL!;
const asked = async (): Promise<string[]> => (await fetch(`${BREACH}/asked`)).json();
const forgetAsked = () => fetch(`${BREACH}/asked`, { method: 'DELETE' });

/** The register form filled but for its password. */
async function registerAs(page: Page, T: Record<string, string>, lang: string, email: string) {
  await page.goto(`${prefix(lang)}/register`);
  await page.getByLabel(T.Email, { exact: true }).fill(email);
  await page.getByLabel(T.Name, { exact: true }).fill('Ada');
}

for (const lang of LANGS) {
  const T = texts[lang];
  const atLeastGood = T.StrengthAtLeast.replace('{level}', T.StrengthGood);

  test(`register (${lang}): below the site's minimum is refused next to the field, the minimum said; a strong one goes through`, async ({ page, checks }) => {
    await registerAs(page, T, lang, `pol-${lang}@example.com`);
    const password = page.getByLabel(T.Password, { exact: true });
    const meter = page.getByRole('meter', { name: T.PasswordStrength });
    // Long enough for the service, too weak for the site.
    await password.fill('kx9mub7');
    await expect(meter).toHaveAttribute('aria-valuenow', /^[012]$/);
    await expect(page.getByText(atLeastGood)).toBeVisible();
    await page.getByRole('button', { name: T.Register, exact: true }).click();
    await expect(page.locator('#password-error')).toHaveText(T.PasswordTooWeak);
    await expect(password).toBeFocused();
    await expect(password).toHaveValue('kx9mub7');
    await checks.axe(page, `register: a password below the site's minimum (${lang})`);

    await password.fill('violet kettle under moonlit rain');
    await expect(meter).toHaveAttribute('aria-valuenow', '4');
    await expect(page.getByText(atLeastGood)).toHaveCount(0);
    await page.getByRole('button', { name: T.Register, exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(T.AccountCreated);
  });

  test(`register (${lang}): a leaked password is said so, five characters of its hash the only thing sent`, async ({ page, checks }) => {
    await forgetAsked();
    await registerAs(page, T, lang, `leak-${lang}@example.com`);
    const password = page.getByLabel(T.Password, { exact: true });
    // Strong by its length, yet in the lists: a warning, not a refusal.
    await password.fill('correct horse battery staple');
    await expect(page.getByText(T.PasswordBreached)).toBeVisible();
    await checks.axe(page, `register: a leaked password (${lang})`);
    const sent = await asked();
    expect(sent.length).toBeGreaterThan(0);
    for (const p of sent) expect(p).toMatch(/^\/range\/[0-9A-F]{5}$/);
    // Another password: the warning goes.
    await password.fill('violet kettle under moonlit rain');
    await expect(page.getByText(T.PasswordBreached)).toHaveCount(0);
    await password.fill('correct horse battery staple');
    await expect(page.getByText(T.PasswordBreached)).toBeVisible();
    await page.getByRole('button', { name: T.Register, exact: true }).click();
    await expect(page.getByRole('status')).toHaveText(T.AccountCreated);
  });
}

test('a range API that cannot be reached says nothing, and the form goes on', async ({ page, checks }) => {
  checks.expectFailures(/\/range\//);
  await page.route(`${BREACH}/range/**`, (route) => route.abort('connectionrefused'));
  await registerAs(page, texts.en, 'en', 'offline@example.com');
  const failed = page.waitForEvent('requestfailed', (r) => r.url().startsWith(`${BREACH}/range/`));
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery staple');
  await failed;
  await expect(page.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuenow', '4');
  await expect(page.getByText(texts.en.PasswordBreached)).toHaveCount(0);
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByRole('status')).toHaveText(texts.en.AccountCreated);
});

test("change of password (tr): the site's minimum holds on the profile too", async ({ page, checks }) => {
  await reset(false);
  const T = texts.tr;
  await account('degis@example.com');
  await page.goto('/tr/login');
  await page.getByLabel(T.Email, { exact: true }).fill('degis@example.com');
  await page.getByLabel(T.Password, { exact: true }).fill('secret1');
  await page.getByRole('button', { name: T.Login, exact: true }).click();
  await expect(page).toHaveURL(/\/tr\/profile$/);
  await page.getByRole('button', { name: T.ChangePassword }).click();
  await page.getByLabel(T.CurrentPassword, { exact: true }).fill('secret1');
  const fresh = page.getByLabel(T.NewPassword, { exact: true });
  await fresh.fill('another1');
  await page.getByLabel(T.NewPasswordAgain, { exact: true }).fill('another1');
  await page.locator('form').getByRole('button', { name: T.ChangePassword }).click();
  await expect(page.locator('#newPassword-error')).toHaveText(T.PasswordTooWeak);
  await expect(fresh).toBeFocused();
  await checks.axe(page, 'change of password below the minimum (tr)');
  await fresh.fill('violet kettle under moonlit rain');
  await page.getByLabel(T.NewPasswordAgain, { exact: true }).fill('violet kettle under moonlit rain');
  await page.locator('form').getByRole('button', { name: T.ChangePassword }).click();
  await expect(page.getByRole('status')).toHaveText(T.PasswordChangedOthersOut);
});
