// Screenshots of every page at desktop and phone size, for the README and
// for looking: not a test (it asserts nothing). Run by scripts/screenshots
// against the release build it serves; writes target/screenshots/.
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const APP = process.env.APP_URL;
const BACKEND = process.env.BACKEND_URL;
const DIR = process.env.SCREENSHOTS_DIR ?? 'target/screenshots';
const chrome = JSON.parse(fs.readFileSync('webdriver.json', 'utf8'))['goog:chromeOptions'];
const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const PAGES = [
  ['home', '/'],
  ['login', '/login'],
  ['magic-link', '/login-with-magic-link'],
  ['register', '/register'],
  ['not-found', '/nowhere'],
  ['auth-redirect-error', '/auth-redirect?status=401&error=This%20link%20has%20expired'],
  // Right to left (scripts/screenshots offers Arabic).
  ['login-arabic', '/ar/login'],
];

async function post(path, body, session) {
  const headers = { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' };
  if (session) headers.Session = session;
  const r = await fetch(`${BACKEND}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  // The reset answers with no body.
  const text = await r.text();
  return text ? JSON.parse(text) : null;
}

fs.mkdirSync(DIR, { recursive: true });
await post('/_test/reset', { emailVerification: false });
const { session } = await post('/_api/rest/v1/auth/signup-email', {
  email: 'zoe@example.com',
  password: 'secret1',
  nameOrUserData: 'Zoe Quinn',
});
await post('/_api/rest/v1/auth/signout', {}, session.token);

const browser = await chromium.launch({
  executablePath: chrome.binary,
  args: chrome.args.filter((a) => !a.startsWith('--headless')),
});
for (const [size, viewport] of Object.entries(SIZES)) {
  const page = await browser.newPage({ viewport });
  const shot = (name) => page.screenshot({ path: `${DIR}/${name}-${size}.png`, fullPage: true });
  for (const [name, path] of PAGES) {
    await page.goto(`${APP}${path}`);
    await page.locator('#app:not([data-prerendered]) h1').waitFor();
    await shot(name);
  }
  await page.goto(`${APP}/register`);
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByText('Enter your name.').waitFor();
  await shot('register-errors');
  await page.goto(`${APP}/login`);
  await page.getByLabel('Email').fill('zoe@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await page.locator('.session').first().waitFor();
  await shot('profile');
  await page.close();
}
await browser.close();
console.log(`Screenshots in ${DIR}/`);
