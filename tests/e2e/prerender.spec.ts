// The prerendered pages: shown before the app runs (and without JavaScript),
// swapped for the app's own in one frame with what was typed kept, never
// shown to someone signed in.
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { test, expect, reset, account, login, holdApp } from './support';

// Every prerendered page of the served build (route::PAGES decides which),
// at its address; the not-found page at any other.
const PRERENDERED = fs
  .readdirSync(process.env.SERVE_DIR!, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.html'))
  .map((f) => fs.readFileSync(path.join(process.env.SERVE_DIR!, f), 'utf8').match(/<div id="app" data-prerendered="([^"]+)"/)?.[1])
  .filter((p): p is string => !!p)
  .map((p) => (p === '/404' ? '/no/such/page' : p))
  .sort();

/** Waits until the app has started: it drops the prerendered mark once it
 * has drawn the page in its place. */
async function started(page: Page) {
  await page.waitForFunction(() => !document.getElementById('app')?.hasAttribute('data-prerendered'));
}

test('without JavaScript a guest sees every prerendered page, and nothing is sent', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/login');
  await expect(page).toHaveTitle('Login');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Login to your account');
  // (Playwright's text search skips <noscript>, so by its class.)
  await expect(page.locator('p.noscript')).toBeVisible();
  await expect(page.locator('p.noscript')).toContainText('Turn on JavaScript to use this site');
  await page.getByLabel('Email').fill('ann@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  // Without the app the button stays off, so Enter cannot make the browser
  // send the form itself, password in the address.
  await expect(page.getByRole('button', { name: 'Login', exact: true })).toBeDisabled();
  const sent: string[] = [];
  page.on('request', (r) => sent.push(r.url()));
  await page.getByLabel('Password', { exact: true }).press('Enter');
  // Had Enter sent the form, its request would come before this next
  // navigation's: wait for that one, then look.
  await page.getByRole('link', { name: "Don't have an account? Register now" }).click();
  await expect(page).toHaveURL(/\/register$/);
  expect(sent.filter((url) => url.includes('password'))).toEqual([]);

  await page.goto('/');
  for (const name of ['Login', 'Login With Magic Link', 'Register']) {
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await expect(page).toHaveURL(/\/register$/);
  for (const label of ['Email', 'Name']) await expect(page.getByLabel(label, { exact: true })).toBeVisible();
  await page.goto('/login-with-magic-link');
  await expect(page.getByLabel('Email')).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await context.close();
});

test('a prerendered form takes a submit from its first paint: its button is on as soon as it is parsed', async ({ page }) => {
  // As the parser adds each submit button, note whether it is still off
  // once the microtasks of that moment have run: all that happens before
  // the browser can paint it. (This observer is the first registered; the
  // check is queued behind the page's own.)
  await page.addInitScript(() => {
    const w = window as unknown as { seen: number; off: number };
    w.seen = w.off = 0;
    new MutationObserver((changes) => {
      for (const change of changes) {
        for (const node of change.addedNodes) {
          if (!(node instanceof HTMLButtonElement) || node.type !== 'submit') continue;
          queueMicrotask(() => {
            if (!node.closest('#app[data-prerendered]')) return;
            w.seen++;
            if (node.disabled) w.off++;
          });
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  const release = await holdApp(page);
  for (const path of ['/login', '/register', '/login-with-magic-link']) {
    await page.goto(path, { waitUntil: 'commit' });
    await page.waitForLoadState('domcontentloaded');
    const buttons = await page.evaluate(() => {
      const { seen, off } = window as unknown as { seen: number; off: number };
      return { seen, off };
    });
    expect(buttons.seen, `${path}: submit buttons parsed`).toBeGreaterThan(0);
    expect(buttons.off, `${path}: still off when they could be painted`).toBe(0);
  }
  release();
});

test('what a guest types before the app has started is kept, and sent once it has', async ({ page, checks }) => {
  await reset(false);
  await account('kim@example.com', { name: 'Kim' });
  const release = await holdApp(page);
  await page.goto('/login', { waitUntil: 'commit' });
  // The form is there at once, before the app.
  const email = page.getByLabel('Email');
  const password = page.getByLabel('Password', { exact: true });
  await expect(email).toBeVisible();
  await expect(page.getByRole('button', { name: 'Login', exact: true })).toBeEnabled();
  await email.fill('kim@example.com');
  await password.fill('secret1');
  // The caret moved back into the password, as when fixing a typo.
  await password.evaluate((i: HTMLInputElement) => i.setSelectionRange(2, 4));
  release();
  await started(page);
  // The app's own page now, with what was typed, the focus and the caret.
  await expect(email).toHaveValue('kim@example.com');
  await expect(password).toHaveValue('secret1');
  await expect(password).toBeFocused();
  expect(await password.evaluate((i: HTMLInputElement) => [i.selectionStart, i.selectionEnd])).toEqual([2, 4]);
  // Live: the password toggle answers.
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await page.getByRole('button', { name: 'Hide password' }).click();
  await checks.axe(page, 'login after the app took over');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Kim');
});

test('keys typed while the app takes the page over all land, on a slow CPU', async ({ page }) => {
  // Yew yields to the browser (16 ms slices) after drawing the page and
  // before its effects run: keys in that gap once fell on <body> and were
  // lost (the "two devices" journey's missing email). A slow CPU makes the
  // gap certain; keys come every 5 ms across it.
  const release = await holdApp(page);
  await page.goto('/login', { waitUntil: 'commit' });
  const email = page.getByLabel('Email');
  await email.fill('kim@');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  release();
  const typed = 'example.com.and.some.more.letters.typed.while.it.starts';
  await page.keyboard.type(typed, { delay: 5 });
  await started(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await expect(email).toHaveValue(`kim@${typed}`);
  await expect(email).toBeFocused();
});

test('a submit made before the app has started is shown as busy at once and carried out, once, when it starts', async ({ page, checks }) => {
  await reset(false);
  await account('kim@example.com', { name: 'Kim' });
  const signIns: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/auth/signin-email')) signIns.push(r.method());
  });
  const release = await holdApp(page);
  await page.goto('/login', { waitUntil: 'commit' });
  await page.getByLabel('Email').fill('kim@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByLabel('Password', { exact: true }).press('Enter');
  // Accepted at once: busy, and nothing can send it a second time.
  const busy = page.getByRole('button', { name: 'Logging in…' });
  await expect(busy).toBeDisabled();
  await expect(busy).toHaveAttribute('aria-busy', 'true');
  await page.getByLabel('Password', { exact: true }).press('Enter');
  expect(page.url()).not.toContain('secret1');
  await expect(page.locator('#app[data-prerendered]')).toBeAttached();
  release();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Kim');
  expect(signIns).toEqual(['POST']);
});

test('signed in, a prerendered guest page is never shown: straight on to the profile', async ({ page, checks }) => {
  await reset(false);
  await account('lee@example.com', { name: 'Lee' });
  await login(page, 'lee@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  // At every frame from the start of each visit, note a visible guest page.
  await page.addInitScript(() => {
    const w = window as unknown as { guestSeen: string[] };
    w.guestSeen = [];
    const look = () => {
      const root = document.getElementById('app');
      const h1 = root?.querySelector('h1');
      if (h1 && !h1.textContent?.startsWith('Hello') && h1.checkVisibility({ visibilityProperty: true })) {
        w.guestSeen.push(h1.textContent ?? '');
      }
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  // Signed in, a guest page fetches the chunk of the signed-in pages beside
  // the app, before the app has arrived.
  const wasms: string[] = [];
  page.on('request', (r) => r.url().endsWith('.wasm') && wasms.push(new URL(r.url()).pathname));
  for (const path of ['/login', '/', '/register']) {
    const release = await holdApp(page);
    await page.goto(path, { waitUntil: 'commit' });
    // The guest markup is in the page but hidden, before the app runs...
    await expect(page.locator('#app h1')).toBeAttached();
    await expect(page.locator('#app h1')).toBeHidden();
    await expect.poll(() => wasms.filter((w) => w.endsWith('-signed-in.wasm')).length, path).toBeGreaterThan(0);
    release();
    // ...and the app goes on to the profile.
    await expect(page, path).toHaveURL(/\/profile$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Lee');
    expect(await page.evaluate(() => (window as unknown as { guestSeen: string[] }).guestSeen), path).toEqual([]);
    await page.unroute(/_bg\.wasm$/);
  }
  // The app and its chunk, as each page names them, and nothing else.
  const named = await page.evaluate(() => document.querySelector('meta[name="altogic-app"]')?.getAttribute('content')?.split(' '));
  expect(new Set(wasms)).toEqual(new Set(named!.filter((f) => f.endsWith('.wasm'))));
});

test('every prerendered page is swapped for the app in one frame, without a warning', async ({ page, checks }) => {
  // At every frame, note one in which the page's heading is missing after
  // it first showed: the swap must never paint an empty page.
  await page.addInitScript(() => {
    const w = window as unknown as { shown: boolean; gaps: number };
    w.shown = false;
    w.gaps = 0;
    const look = () => {
      const heading = document.querySelector('#app h1');
      if (heading) w.shown = true;
      else if (w.shown) w.gaps++;
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  const messages: string[] = [];
  page.on('console', (m) => {
    // The not-found page comes with its 404 status, which Chromium reports.
    if (m.text().includes('status of 404') && page.url().endsWith('/no/such/page')) return;
    if (['warning', 'error'].includes(m.type())) messages.push(`${m.type()}: ${m.text()}`);
  });
  expect(PRERENDERED).toEqual(expect.arrayContaining(['/', '/login', '/login-with-phone', '/no/such/page']));
  for (const path of PRERENDERED) {
    const release = await holdApp(page);
    await page.goto(path, { waitUntil: 'commit' });
    await expect(page.locator('#app[data-prerendered] h1')).toBeVisible();
    const text = await page.locator('h1').textContent();
    release();
    await started(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(text!);
    // A frame after the swap, so a blank one would have been seen.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    expect(await page.evaluate(() => (window as unknown as { gaps: number }).gaps), `${path}: frames without the page`).toBe(0);
    // The app is live: its buttons are on.
    for (const button of await page.locator('#app button[type="submit"]').all()) {
      await expect(button, path).toBeEnabled();
    }
    await page.unroute(/_bg\.wasm$/);
  }
  expect(messages).toEqual([]);
});

test('a guest page fetches the chunk of the signed-in pages only once someone types into a form', async ({ page }) => {
  await page.goto('/login');
  await started(page);
  const chunk = await page.evaluate(() => document.querySelector('meta[name="altogic-app"]')?.getAttribute('content')?.split(' ')[2]);
  expect(chunk).toMatch(/-signed-in\.wasm$/);
  // The guest page runs; the chunk has not been asked for.
  const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname));
  expect(await fetched()).not.toContain(chunk);
  const prefetch = page.waitForRequest((r) => new URL(r.url()).pathname === chunk);
  await page.getByLabel('Email').pressSequentially('k');
  await prefetch;
});

test('a page that opens on the chunk downloads it once: the app uses what the loader preloaded', async ({ page }) => {
  const chunk = /-signed-in\.wasm$/;
  let downloads = 0;
  await page.route(chunk, (route) => {
    downloads++;
    return route.continue();
  });
  await page.goto('/login-with-phone');
  await started(page);
  await expect(page.getByLabel('Phone number')).toBeEditable();
  // Live: the chunk's page answers.
  await page.getByRole('button', { name: 'Get a code by SMS instead' }).click();
  await expect(page.getByRole('button', { name: 'Send me a code' })).toBeVisible();
  expect(downloads).toBe(1);
});

test('a page whose part of the app cannot be fetched says so, and comes on Try again', async ({ page, checks }) => {
  await reset(false);
  // The failed fetches, and the chunk loader's report of each.
  checks.expectFailures(/-signed-in\.wasm$/);
  checks.expectFailures(/^TypeError: Failed to fetch/);
  await account('lee@example.com', { name: 'Lee' });
  const chunk = /-signed-in\.wasm$/;
  let tries = 0;
  await page.route(chunk, (route) => {
    tries++;
    return route.abort('internetdisconnected');
  });
  // A prerendered phone page: it stays as it was built meanwhile, then says
  // what went wrong instead of going blank.
  await page.goto('/login-with-phone');
  await expect(page.getByRole('alert')).toContainText('This page could not be loaded');
  // One request: the app's fetch takes the loader's preload (failed or
  // not), and the page does not fetch again by itself once the app has
  // found the chunk missing.
  expect(tries).toBe(1);
  await page.unroute(chunk);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Login to your account');
  await expect(page.getByLabel('Phone number')).toBeEditable();
  // Signed in, the profile the same way.
  await page.route(chunk, (route) => route.abort('internetdisconnected'));
  await login(page, 'lee@example.com', 'secret1');
  await expect(page.getByRole('alert')).toContainText('This page could not be loaded');
  await expect(page).toHaveURL(/\/profile$/);
  await page.unroute(chunk);
  await page.getByRole('button', { name: 'Try again' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Lee');
});
