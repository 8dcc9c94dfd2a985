// A site configured with an operator's sign-up rules (scripts/e2e's second
// site): consent to the terms and privacy policy on every register page,
// "Continue with …" there and a provider's new user; fields of the
// operator's own (signup-fields.json), on register and the profile; sign-ins that go back
// to the operator's app under /app/ and /docs/; "Keep me signed in".
import { test, expect, reset, account, verifiedAccount, latestMail, counts, stored, continueWith, allow } from '../support';
import type { Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const LANGS = ['en', 'tr', 'de'] as const;
const texts = Object.fromEntries(
  LANGS.map((l) => [l, JSON.parse(fs.readFileSync(path.join(__dirname, `../../../i18n/${l}.json`), 'utf8'))]),
) as Record<(typeof LANGS)[number], Record<string, string>>;
const prefix = (lang: string) => (lang === 'en' ? '' : `/${lang}`);

/** The consent checkbox, found by the label it has in `lang`. */
const consentBox = (page: Page, lang: (typeof LANGS)[number]) =>
  page.getByRole('checkbox', { name: new RegExp(texts[lang].TermsOfService) });

const fields = JSON.parse(fs.readFileSync(path.join(__dirname, 'signup-fields.json'), 'utf8'));
const [company, role, newsletter] = fields as { label: Record<string, string>; options?: { label: Record<string, string> }[] }[];

/** Signs in on the login page open now, in its language's words. */
async function signInHere(page: Page, T: Record<string, string>, email: string) {
  await page.getByLabel(T.Email, { exact: true }).fill(email);
  await page.getByLabel(T.Password, { exact: true }).fill('secret1');
  await page.getByRole('button', { name: T.Login, exact: true }).click();
}

for (const lang of LANGS) {
  test(`register (${lang}): the site's own fields and consent are asked for; given, the user document keeps them and the profile edits them`, async ({ page, checks }) => {
    await reset(false);
    const t = texts[lang];
    await page.goto(`${prefix(lang)}/register`);
    const box = consentBox(page, lang);
    await expect(box).not.toBeChecked();
    // Both links, opening beside the form.
    await expect(page.getByRole('link', { name: new RegExp(t.TermsOfService) })).toHaveAttribute('href', '/legal/terms');
    await expect(page.getByRole('link', { name: new RegExp(t.PrivacyPolicy) })).toHaveAttribute('href', 'https://example.com/privacy');
    await expect(page.getByRole('link', { name: new RegExp(t.PrivacyPolicy) })).toHaveAttribute('target', '_blank');
    await page.getByLabel(t.Email, { exact: true }).fill(`ada-${lang}@example.com`);
    await page.getByLabel(t.Name, { exact: true }).fill('Ada');
    await page.getByLabel(t.Password, { exact: true }).fill('secret1');
    // The required field of the operator's is checked as ours are.
    await page.getByRole('button', { name: t.Register, exact: true }).click();
    const companyField = page.getByLabel(company.label[lang], { exact: true });
    await expect(page.locator('#company-error')).toHaveText(t.FillIn);
    await expect(companyField).toBeFocused();
    await expect(companyField).toHaveAttribute('aria-required', 'true');
    await checks.axe(page, `register without the site's field (${lang})`);
    await companyField.fill('Acme');
    await page.getByLabel(role.label[lang], { exact: true }).selectOption({ label: role.options![0].label[lang] });
    await page.getByRole('button', { name: t.Register, exact: true }).click();
    await expect(page.getByText(t.ConsentNeeded)).toBeVisible();
    await expect(box).toBeFocused();
    await expect(box).toHaveAttribute('aria-invalid', 'true');
    await checks.axe(page, `register without consent (${lang})`);
    expect((await counts()).users).toBe(0);
    // Nothing typed is lost.
    await expect(page.getByLabel(t.Email, { exact: true })).toHaveValue(`ada-${lang}@example.com`);

    const before = new Date().toISOString();
    await page.keyboard.press('Space');
    await expect(box).toBeChecked();
    await page.getByRole('button', { name: t.Register, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${prefix(lang)}/profile$`));
    const user = JSON.parse((await stored(page))[1]!);
    expect(user.termsAcceptedAt >= before && user.termsAcceptedAt <= new Date().toISOString(), user.termsAcceptedAt).toBe(true);
    expect([user.company, user.role, user.newsletter]).toEqual(['Acme', 'dev', false]);

    // The profile shows them in the page's language, and changes them.
    const details = page.getByRole('region', { name: t.YourDetails });
    await expect(details.locator('dd')).toHaveText(['Acme', role.options![0].label[lang], t.No]);
    await details.getByRole('button', { name: t.ChangeDetails }).click();
    const draft = details.getByLabel(company.label[lang], { exact: true });
    await expect(draft).toHaveValue('Acme');
    await draft.fill(' ');
    await details.getByRole('button', { name: t.SaveDetails }).click();
    await expect(details.locator('#company-error')).toHaveText(t.FillIn);
    await expect(draft).toBeFocused();
    await draft.fill('Acme 2');
    await details.getByLabel(role.label[lang], { exact: true }).selectOption('');
    await details.getByLabel(newsletter.label[lang], { exact: true }).check();
    await details.getByRole('button', { name: t.SaveDetails }).click();
    await expect(details.getByText(t.DetailsSaved)).toBeVisible();
    await expect(details.locator('dd')).toHaveText(['Acme 2', t.NotGiven, t.Yes]);
    await checks.axe(page, `the profile's details (${lang})`);
    const saved = JSON.parse((await stored(page))[1]!);
    expect([saved.company, saved.role ?? null, saved.newsletter]).toEqual(['Acme 2', null, true]);
  });
}

test("the server's refusal of a field of the site's own is said next to it", async ({ page }) => {
  await reset(false);
  await page.route('**/auth/signup-email', (route) =>
    route.fulfill({
      status: 400,
      contentType: 'application/json',
      body: JSON.stringify({ errors: [{ origin: 'client_error', code: 'validation_error', message: 'This company has an account already.', details: { field: 'company' } }] }),
    }),
  );
  await page.goto('/register');
  await page.getByLabel('Email', { exact: true }).fill('ada@example.com');
  await page.getByLabel('Name', { exact: true }).fill('Ada');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByLabel('Company', { exact: true }).fill('Acme');
  await consentBox(page, 'en').check();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.locator('#company-error')).toHaveText('This company has an account already.');
  await expect(page.getByLabel('Company', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('register by phone asks for the same consent, and sends it', async ({ page, checks }) => {
  await reset(false);
  await page.goto('/register-with-phone');
  await page.getByLabel('Phone number').fill('+905551112233');
  await page.getByLabel('Name').fill('Pat');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByLabel('Company', { exact: true }).fill('Pat & Co');
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByText(texts.en.ConsentNeeded)).toBeVisible();
  await checks.axe(page, 'phone register without consent');
  expect((await counts()).users).toBe(0);
  await consentBox(page, 'en').check();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  // Confirmation on: the code step; the user was made with the consent.
  await expect(page.getByRole('heading', { name: 'Confirm your number' })).toBeVisible();
  expect((await counts()).users).toBe(1);
});

test('"Continue with GitHub" on the register page waits for the consent, which the new user then has', async ({ page, checks }) => {
  await reset(false);
  await page.goto('/register');
  await page.getByRole('link', { name: 'Continue with GitHub' }).click();
  await expect(page.getByText(texts.en.ConsentNeeded)).toBeVisible();
  await expect(page).toHaveURL(/\/register$/);
  await expect(consentBox(page, 'en')).toBeFocused();
  // The click that stayed leaves no provider mark behind.
  expect(await page.evaluate(() => sessionStorage.getItem('oauthProvider'))).toBeNull();
  await consentBox(page, 'en').check();
  await continueWith(page, 'GitHub');
  await allow(page, 'Grace', 'grace@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  // Written as the profile opens, without asking again.
  await expect(page.getByRole('heading', { name: 'Grace' })).toBeVisible();
  const user = JSON.parse((await stored(page))[1]!);
  expect(user.termsAcceptedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  await checks.axe(page, 'profile after a provider sign-up with consent');
});

test('a provider\'s new user from the login page agrees first; Cancel ends the session it made', async ({ page, checks }) => {
  await reset(false);
  await page.goto('/login');
  await continueWith(page, 'GitHub');
  await allow(page, 'Lin', 'lin@example.com');
  await expect(page.getByRole('heading', { name: texts.en.ConsentTitle })).toBeVisible();
  await checks.axe(page, 'consent after a provider sign-up');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await stored(page))[0]).toBeNull();
  await expect.poll(async () => (await counts()).sessions).toBe(0);

  // Again: the same person (no longer new, still without consent), agreeing this time.
  await continueWith(page, 'GitHub');
  await allow(page, 'Lin', 'lin@example.com');
  await expect(page.getByRole('heading', { name: texts.en.ConsentTitle })).toBeVisible();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByText(texts.en.ConsentNeeded)).toBeVisible();
  await consentBox(page, 'en').check();
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.getByRole('heading', { name: 'Lin' })).toBeVisible();
  expect(JSON.parse((await stored(page))[1]!).termsAcceptedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
});

for (const lang of ['tr', 'de'] as const) {
  test(`a sign-in goes back to the operator's app named by return_to (${lang})`, async ({ page }) => {
    await reset(false);
    await account('ro@example.com');
    await page.goto(`/${lang}/login?return_to=%2Fapp%2Fx%3Ftab%3D2`);
    await signInHere(page, texts[lang], 'ro@example.com');
    await expect(page).toHaveURL(/\/app\/x\?tab=2$/);
  });
}

test('a sign-in goes back to the operator\'s app named by return_to, through the mail link too', async ({ page }) => {
  // Magic links go to verified addresses only, with verification on.
  await verifiedAccount('ro@example.com');
  await page.goto('/login?return_to=%2Fapp%2Fx%3Ftab%3D2');
  await page.getByLabel('Email').fill('ro@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/app\/x\?tab=2$/);
  await expect(page.getByRole('heading', { name: 'Operator app' })).toBeVisible();
  // The operator's app on this origin reads the same sign-in.
  expect(JSON.parse((await stored(page))[1]!).email).toBe('ro@example.com');

  // Signed in already: a guest page with return_to goes straight there.
  await page.goto('/login?return_to=/app/x');
  await expect(page).toHaveURL(/\/app\/x$/);

  // A magic link lands there too.
  await page.evaluate(() => localStorage.clear());
  await page.goto('/login-with-magic-link?return_to=/app/x');
  await page.getByLabel('Email').fill('ro@example.com');
  await page.getByRole('button', { name: 'Send magic link' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await page.goto((await latestMail('ro@example.com')).link, { waitUntil: 'commit' });
  await expect(page).toHaveURL(/\/app\/x$/);
});

test('a return_to that is not the operator\'s is ignored: the profile', async ({ page }) => {
  await reset(false);
  await account('tr@example.com');
  for (const trick of [
    'https://evil.example/app/',
    '//evil.example/app/',
    '/\\evil.example/app/',
    '%2F%2Fevil.example%2Fapp%2F',
    '/%252F%252Fevil.example/app/',
    '/app/../profile%3Fx',
    '/app/%2e%2e/legal/terms',
    '/application',
    '/other/',
  ]) {
    await page.evaluate(() => localStorage.clear()).catch(() => {});
    await page.goto(`/login?return_to=${encodeURIComponent(trick)}`);
    await page.getByLabel('Email').fill('tr@example.com');
    await page.getByLabel('Password', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Login', exact: true }).click();
    await expect(page, trick).toHaveURL(/\/profile$/);
  }
});

for (const lang of LANGS) {
  test(`"Keep me signed in" unticked (${lang}): the sign-in lives in this tab only`, async ({ page, context }) => {
    const T = texts[lang];
    const at = prefix(lang);
    await reset(false);
    await account('kim@example.com');
    await page.goto(`${at}/login`);
    const keep = page.getByRole('checkbox', { name: T.KeepSignedIn });
    await expect(keep).toBeChecked();
    await keep.uncheck();
    await signInHere(page, T, 'kim@example.com');
    await expect(page).toHaveURL(new RegExp(`${at}/profile$`));
    expect(await stored(page)).toEqual([null, null]);
    expect(await page.evaluate(() => JSON.parse(sessionStorage.getItem('user')!).email)).toBe('kim@example.com');
    // A reload keeps it; another tab does not have it.
    await page.reload();
    await expect(page.getByRole('heading', { name: T.Hello.replace('{name}', 'Ada') })).toBeVisible();
    const other = await context.newPage();
    await other.goto(`${at}/profile`);
    await expect(other).toHaveURL(new RegExp(`${at}/login$`));
    // Log out ends it here.
    await page.getByRole('button', { name: T.Logout, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${at}/login$`));
    expect(await page.evaluate(() => sessionStorage.getItem('session'))).toBeNull();

    // Ticked (as it first is): shared by every tab.
    await signInHere(page, T, 'kim@example.com');
    await expect(page).toHaveURL(new RegExp(`${at}/profile$`));
    expect((await stored(page))[0]).not.toBeNull();
    await other.goto(`${at}/profile`);
    await expect(other).toHaveURL(new RegExp(`${at}/profile$`));
  });
}

for (const [way, lang] of [['object', 'en'], ['endpoint:/user', 'en'], ['object', 'tr'], ['object', 'de']] as const) {
  test(`delete my account (${way}, ${lang}): the password asked again, then the account gone and this browser cleared`, async ({ page, checks }) => {
    const T = texts[lang];
    const at = prefix(lang);
    await reset(false);
    await account('del@example.com', { name: 'Del' });
    await account('stay@example.com', { name: 'Stay' });
    if (way !== 'object') {
      // The same site configured for the operator's endpoint: the pages'
      // meta as configure-dist would write it, set before the app reads it.
      await page.addInitScript((value) => {
        document.addEventListener('DOMContentLoaded', () => {
          document.querySelector('meta[name="altogic-account-deletion"]')!.setAttribute('content', value);
        });
      }, way);
    }
    await page.goto(`${at}/login`);
    await signInHere(page, T, 'del@example.com');
    await expect(page).toHaveURL(new RegExp(`${at}/profile$`));
    await page.getByRole('button', { name: T.DeleteAccount, exact: true }).click();
    await checks.axe(page, `delete my account (${lang})`);
    const forever = page.getByRole('button', { name: T.DeleteForever });
    await forever.click();
    await expect(page.getByText(T.EnterCurrentPassword)).toBeVisible();
    await page.getByLabel(T.CurrentPassword).fill('wrong-password');
    await forever.click();
    await expect(page.getByRole('alert')).toBeVisible();
    expect((await counts()).users).toBe(2);
    await page.getByLabel(T.CurrentPassword).fill('secret1');
    // The way configured: the users model's delete, or the endpoint.
    const deleting = page.waitForRequest((r) =>
      way === 'object' ? r.url().endsWith('/db/object/delete') : r.method() === 'DELETE' && r.url().endsWith('/user'),
    );
    await forever.click();
    await deleting;
    await expect(page).toHaveURL(new RegExp(`${at}/login$`));
    await expect(page.getByText(T.AccountDeleted)).toBeVisible();
    await checks.axe(page, `account deleted (${lang})`);
    expect(await stored(page)).toEqual([null, null]);
    // The other account stays; none of this one's sessions is left.
    const left = await counts();
    expect([left.users, left.sessions]).toEqual([1, 0]);
    // Gone: its password no longer signs in.
    await signInHere(page, T, 'del@example.com');
    await expect(page.getByRole('alert')).toBeVisible();
  });
}

test('delete my account as a provider\'s user: the address typed confirms it', async ({ page }) => {
  await reset(false);
  await page.goto('/register');
  await consentBox(page, 'en').check();
  await continueWith(page, 'GitHub');
  await allow(page, 'Gus', 'gus@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await expect(page.getByLabel('Current password')).toHaveCount(0);
  await page.getByLabel('Type your email address to confirm').fill('someone@example.com');
  await page.getByRole('button', { name: 'Delete my account forever' }).click();
  await expect(page.getByText("This is not your account's email address.")).toBeVisible();
  await page.getByLabel('Type your email address to confirm').fill('GUS@example.com');
  await page.getByRole('button', { name: 'Delete my account forever' }).click();
  await expect(page.getByText('Your account has been deleted.')).toBeVisible();
  expect((await counts()).users).toBe(0);
});
