// What every journey shares: the backend's test endpoints, a checks fixture
// (console, failed requests, accessibility), and person-like helpers.
import { test as base, expect, Page, BrowserContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import zlib from 'node:zlib';

export { expect };
export const BACKEND = process.env.BACKEND_URL ?? 'http://127.0.0.1:8798';
export const REST = `${BACKEND}/_api/rest/v1`;
/** Where the local backend serves uploaded files: its other loopback name,
 * another origin than the API's, as Altogic's storage host is. */
export const FILES = BACKEND.replace('//127.0.0.1:', '//localhost:');
const KEY = 'local-client-key';
/** What the backend's /_test endpoints ask of a caller: JSON and the key. */
export const TEST_HEADERS = { 'Content-Type': 'application/json', 'X-Client-Key': KEY };

export async function reset(emailVerification: boolean) {
  const r = await fetch(`${BACKEND}/_test/reset`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ emailVerification }),
  });
  expect(r.status).toBe(204);
}

/** Test-mode settings of the backend: `{emailVerification, oauthProviders,
 * oauthAutoApprove}`, each optional. */
export async function settings(body: object) {
  const r = await fetch(`${BACKEND}/_test/settings`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify(body),
  });
  expect(r.status).toBe(200);
}

export type FaultKind = 'error' | 'delay' | 'malformed' | 'drop';

/** The next `count` requests to REST path `path` fail as `kind`. */
export async function fault(path: string, kind: FaultKind, count = 1, delayMs = 0) {
  const r = await fetch(`${BACKEND}/_test/faults`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' },
    body: JSON.stringify({ path: `/_api/rest/v1/${path}`, kind, count, delayMs }),
  });
  expect(r.status).toBe(204);
}

export async function latestMail(to: string): Promise<{ link: string; action: string }> {
  const r = await fetch(`${BACKEND}/_outbox/messages?to=${encodeURIComponent(to)}`);
  const mails = await r.json();
  expect(mails.length, `a mail to ${to}`).toBeGreaterThan(0);
  return mails[0];
}

/** An account made straight through the API (call after reset(false)),
 * with no session left open: the test signs in as a person would. */
export async function account(email: string, password = 'secret1', name = 'Ada') {
  const r = await fetch(`${REST}/auth/signup-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': KEY },
    body: JSON.stringify({ email, password, nameOrUserData: name }),
  });
  expect(r.status).toBe(200);
  const { user, session } = await r.json();
  const out = await fetch(`${REST}/auth/signout`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': KEY, Session: session.token },
    body: '{}',
  });
  expect(out.status).toBe(200);
  return user;
}

/** A verified account (call after reset(true)): signed up through the API
 * and its mailed link opened, no session kept. Altogic sends magic and
 * reset links only to verified addresses. */
export async function verifiedAccount(email: string, password = 'secret1', name = 'Ada') {
  const r = await fetch(`${REST}/auth/signup-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': KEY },
    body: JSON.stringify({ email, password, nameOrUserData: name }),
  });
  expect(r.status).toBe(200);
  const opened = await fetch((await latestMail(email)).link, { redirect: 'manual' });
  expect(new URL(opened.headers.get('location')!).searchParams.get('status')).toBe('200');
  return (await r.json()).user;
}

/** Opens a mail link that signs in (magic link, verification): it asks
 * "Continue as …?" first, as any mail link does; the person says yes. */
export async function openSignInLink(page: Page, link: string, who: string) {
  await page.goto(link);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Continue as ${who}?`);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/** Holds back the app's wasm until the returned function is called: the
 * page is then what a slow phone shows before the app runs. */
export async function holdApp(page: Page) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  // Routing also turns off the cache, so every visit waits here.
  await page.route(/_bg\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

/** Signs in through the API, as another device would; its session. */
export async function signIn(email: string, password = 'secret1') {
  const r = await fetch(`${REST}/auth/signin-email`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': KEY },
    body: JSON.stringify({ email, password }),
  });
  expect(r.status).toBe(200);
  return (await r.json()).session as { token: string };
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** A small real PNG of one colour. */
export function png(width = 8, height = 8, rgb = [200, 40, 40]): Buffer {
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const raw = Buffer.concat(Array(height).fill(row));
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Watches pages for what must never happen, and checks accessibility. */
export class Checks {
  problems: string[] = [];
  private expected: RegExp[] = [];

  watch(page: Page) {
    // Any CSP violation, whatever the console says of it.
    page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (e) =>
        console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
      ),
    );
    page.on('pageerror', (e) => this.problems.push(`uncaught: ${e.message}`));
    // No third party ever hears of a visit: every request goes to the app
    // or its backend.
    page.on('request', (r) => {
      const url = new URL(r.url());
      const allowed = [new URL(process.env.APP_URL ?? 'http://127.0.0.1').origin, new URL(BACKEND).origin, new URL(FILES).origin];
      if (!['data:', 'blob:'].includes(url.protocol) && !allowed.includes(url.origin)) {
        this.problems.push(`request to a third party: ${r.url()}`);
      }
    });
    page.on('console', (m) => {
      const text = m.text();
      if (text.includes('panicked at')) this.problems.push(`panic: ${text}`);
      if (text.includes('Content Security Policy')) this.problems.push(`CSP: ${text}`);
      // A refused request is logged by Chromium as an error; requests are
      // judged below, by what the test expects.
      if (m.type() === 'error' && !text.startsWith('Failed to load resource') && !this.expected.some((e) => e.test(text))) {
        this.problems.push(`console error: ${text}`);
      }
    });
    page.on('requestfailed', (r) => {
      // ERR_ABORTED: the page went elsewhere while a call was out, which the
      // browser cancels; not a failure.
      if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
      if (!this.expected.some((e) => e.test(r.url()))) {
        this.problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`);
      }
    });
    page.on('response', (r) => {
      if (r.status() >= 500 && !this.expected.some((e) => e.test(r.url()))) {
        this.problems.push(`server error ${r.status()}: ${r.url()}`);
      }
    });
  }

  /** Requests to URLs matching `pattern` may fail, and console errors
   * matching it may show: the test makes them. */
  expectFailures(pattern: RegExp) {
    this.expected.push(pattern);
  }

  /** axe-core on the page as it is now: no violations. */
  async axe(page: Page, state: string) {
    const results = await new AxeBuilder({ page }).analyze();
    const found = results.violations.map(
      (v) => `${state}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
    expect(found, `accessibility of ${state}`).toEqual([]);
  }
}

export const test = base.extend<{ backend: void; checks: Checks }>({
  // A page is opened once the app has swapped the prerendered markup for
  // its own: a tool that got hold of a prerendered input and types into it
  // after the swap would type into a node no longer in the page (a person's
  // keys go to the focused input, which the swap keeps). Tests that look at
  // the page before that pass `waitUntil: 'commit'`.
  page: async ({ page }, use) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      if (options?.waitUntil !== 'commit') {
        await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('data-prerendered'));
      }
      return response;
    };
    await use(page);
  },
  // Every test starts on an empty backend with verification on; being
  // automatic, this runs before any beforeEach hook of a file.
  backend: [
    async ({}, use) => {
      await reset(true);
      await use();
    },
    { auto: true },
  ],
  // Automatic: every test fails on a console error, an uncaught exception,
  // a CSP violation, a failed or third-party request, whether it names
  // `checks` or not.
  checks: [
    async ({ page }, use) => {
      const checks = new Checks();
      checks.watch(page);
      await use(checks);
      expect(checks.problems, 'console and network').toEqual([]);
    },
    { auto: true },
  ],
});

/** A second device: its own context (storage), watched by the same checks. */
export async function secondDevice(context: BrowserContext, checks: Checks) {
  const browser = context.browser()!;
  const other = await browser.newContext();
  const page = await other.newPage();
  checks.watch(page);
  return { other, page };
}

export async function login(page: Page, email: string, password = 'secret1') {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Login', exact: true }).click();
}

export async function stored(page: Page) {
  return page.evaluate(() => [localStorage.getItem('session'), localStorage.getItem('user')]);
}
