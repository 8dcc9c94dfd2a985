// Journey 10: the backend failing in every way a network can, and bad input.
// Each time: a clear message, what was typed kept, the page still usable.
import { test, expect, reset, account, fault, login } from './support';

const SIGNIN = /\/auth\/signin-email/;

async function loginForm(page) {
  await page.goto('/login');
  await page.getByLabel('Email').fill('kim@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
}

async function expectKeptAndRetryWorks(page) {
  await expect(page.getByLabel('Email')).toHaveValue('kim@example.com');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('secret1');
  const button = page.getByRole('button', { name: 'Login', exact: true });
  await expect(button).toBeEnabled();
  await button.click();
  await expect(page).toHaveURL(/\/profile$/);
}

test.beforeEach(async () => {
  await reset(false);
  await account('kim@example.com', { name: 'Kim' });
});

test('backend 500', async ({ page, checks }) => {
  checks.expectFailures(SIGNIN);
  await fault('auth/signin-email', 'error');
  await loginForm(page);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('The backend failed');
  await checks.axe(page, 'login: server error');
  await expectKeptAndRetryWorks(page);
});

test('a slow answer: the button says it is busy, and a second click or Enter sends nothing more', async ({ page, checks }) => {
  await fault('auth/signin-email', 'delay', { delayMs: 1500 });
  await loginForm(page);
  let sent = 0;
  page.on('request', (r) => SIGNIN.test(r.url()) && r.method() === 'POST' && sent++);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  const busy = page.getByRole('button', { name: 'Logging in…' });
  await expect(busy).toBeDisabled();
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  // Sent again while the first is out: a click on the busy button, Enter
  // in the password field.
  await busy.click({ force: true });
  await page.getByLabel('Password', { exact: true }).press('Enter');
  await expect(page).toHaveURL(/\/profile$/);
  expect(sent).toBe(1);
});

test('malformed JSON', async ({ page, checks }) => {
  await fault('auth/signin-email', 'malformed');
  await loginForm(page);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('cannot read');
  await expectKeptAndRetryWorks(page);
});

test('connection dropped', async ({ page, checks }) => {
  checks.expectFailures(SIGNIN);
  await fault('auth/signin-email', 'drop');
  await loginForm(page);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
  await expectKeptAndRetryWorks(page);
});

test('network offline', async ({ page, context, checks }) => {
  checks.expectFailures(SIGNIN);
  await loginForm(page);
  await context.setOffline(true);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Cannot reach the server');
  await context.setOffline(false);
  await expectKeptAndRetryWorks(page);
});

test('bad input on register: empty, malformed email, short password, taken email', async ({ page, checks }) => {
  await page.goto('/register');
  const submit = page.getByRole('button', { name: 'Register' });
  await submit.click();
  await expect(page.getByText('Enter your email address.')).toBeVisible();
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await expect(page.getByText('Choose a password.')).toBeVisible();
  await expect(page.getByLabel('Email')).toBeFocused();
  await checks.axe(page, 'register: empty');

  await page.getByLabel('Email').fill('kim@');
  await page.getByLabel('Name').fill('Kim');
  await page.getByLabel('Password', { exact: true }).fill('12345');
  await submit.click();
  await expect(page.getByText('Enter an email address like name@example.com.')).toBeVisible();
  await expect(page.getByText('Use at least 6 characters.')).toBeVisible();
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('12345');

  await page.getByLabel('Email').fill('kim@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret12');
  await submit.click();
  await expect(page.getByText('An account with this email address already exists.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Name')).toHaveValue('Kim');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('secret12');
  await checks.axe(page, 'register: taken email');

  await page.getByLabel('Email').fill('kim2@example.com');
  await submit.click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('a crash shows a plain page with a way out', async ({ page, checks }) => {
  // Something other than the app (a browser extension, say) removes a node
  // the app owns; the app's next change needs it and breaks. The release
  // wasm aborts there: a WebAssembly trap, with no Rust message.
  await loginForm(page);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.evaluate(() => document.querySelector('form .field')!.remove());
  const crashed = page.waitForEvent('pageerror');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  expect((await crashed).name).toBe('RuntimeError');
  const screen = page.locator('#crash');
  await expect(screen).toHaveAttribute('role', 'alert');
  await expect(screen).toContainText('Something went wrong');
  const reload = screen.getByRole('link', { name: 'Reload the page' });
  await expect(reload).toHaveAttribute('href', '');
  await expect(screen).toHaveCount(1);
  // The crash is this test's doing; nothing else may go wrong.
  checks.problems = checks.problems.filter((p) => !/RuntimeError|unreachable|failed to insert node/.test(p));
  // The link works without any script: a fresh, working page.
  await reload.click();
  await expect(page.locator('#crash')).toHaveCount(0);
  await page.getByLabel('Email').fill('kim@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('a page that does not say where its backend is says the site is not configured', async ({ page }) => {
  // As a host serving a dist/ whose <meta> was never filled in.
  await page.route(/\/login$/, async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace(/(<meta name="altogic-env-url" content=")[^"]*"/, '$1"');
    await route.fulfill({ response, body: html });
  });
  const sent = [];
  page.on('request', (r) => r.url().includes('/_api/') && sent.push(r.url()));
  await page.goto('/login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This site is not configured');
  await expect(page.getByRole('alert')).toContainText('scripts/configure-dist');
  // Nothing to type a password into, and nothing was sent anywhere.
  await expect(page.getByLabel('Password', { exact: true })).toHaveCount(0);
  expect(sent).toEqual([]);
});
