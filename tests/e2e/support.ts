// What every journey shares: the backend's test endpoints, a checks fixture
// (console, failed requests, accessibility), and person-like helpers.
import { test as base, expect, Page, BrowserContext } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';

export { expect };
import { BACKEND, FILES, reset } from '../backend.mjs';
// The backend's test endpoints, shared with the engine journeys.
export { BACKEND, REST, FILES, TEST_HEADERS, reset, settings, fault, latestMail, counts, signIn, account, verifiedAccount, png } from '../backend.mjs';

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
    // No third party ever hears of a visit: every request goes to the app,
    // its backend, or the leaked-password range API the operator chose.
    page.on('request', (r) => {
      const url = new URL(r.url());
      const allowed = [process.env.APP_URL ?? 'http://127.0.0.1', BACKEND, FILES, process.env.BREACH_URL]
        .filter((u): u is string => !!u)
        .map((u) => new URL(u).origin);
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

/** "Continue with <provider>": on to the backend's stand-in for it. */
export async function continueWith(page: Page, provider: string) {
  await page.getByRole('link', { name: `Continue with ${provider}` }).click();
  await expect(page).toHaveURL(`${BACKEND}/_auth/${provider.toLowerCase()}`);
}

/** The provider's consent page, allowed as `name` with `email`. */
export async function allow(page: Page, name: string, email: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Allow' }).click();
}
