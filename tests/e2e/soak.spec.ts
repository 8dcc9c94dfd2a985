// Soak: one tab makes 500 route changes and 50 sign-in/sign-out cycles; the
// JS heap and the wasm memory, measured after a forced GC, must stay within
// a bound of where they started. The numbers are printed.
import { test, expect, reset, account } from './support';

const MB = 1024 * 1024;
// Bounds on growth after the whole soak. The wasm memory never shrinks, so
// it shows any leak in Rust; the JS heap shows leaked closures and nodes.
const JS_HEAP_BOUND = 2 * MB;
const WASM_BOUND = 1 * MB;

test('500 route changes and 50 sign-in/out cycles keep memory flat', async ({ page, checks }) => {
  test.setTimeout(240_000);
  await reset(false);
  // Several accounts: the backend allows 10 sign-ins a minute per email.
  const emails = Array.from({ length: 6 }, (_, i) => `soak${i}@example.com`);
  for (const email of emails) await account(email, { name: 'Soak' });
  await page.addInitScript(() =>
    addEventListener('TrunkApplicationStarted', (e: any) => ((window as any).__wasm = e.detail.wasm)),
  );
  const cdp = await page.context().newCDPSession(page);
  const memory = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    const wasm = await page.evaluate(() => (window as any).__wasm.memory.buffer.byteLength);
    return { js: usedSize, wasm };
  };

  await page.goto('/');
  await page.getByRole('link', { name: 'Login', exact: true }).waitFor();
  // Warm up once through every step, then measure the start.
  const tour = async () => {
    await page.getByRole('link', { name: 'Login', exact: true }).click();
    await page.getByRole('link', { name: "Don't have an account? Register now" }).click();
    await page.getByRole('link', { name: 'Already have an account?' }).click();
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('link', { name: 'Back to login' }).click();
    await page.getByRole('link', { name: 'Login with magic link' }).click();
    await page.getByRole('link', { name: 'Login with a password' }).click();
    await page.getByRole('link', { name: 'Altogic Auth' }).click();
  };
  await tour();
  const start = await memory();

  for (let i = 0; i < 500 / 8; i++) await tour();
  await expect(page.getByRole('link', { name: 'Register' })).toBeVisible();

  for (let i = 0; i < 50; i++) {
    await page.getByRole('link', { name: 'Login', exact: true }).click();
    await page.getByLabel('Email').fill(emails[i % emails.length]);
    await page.getByLabel('Password', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Login', exact: true }).click();
    await page.locator('.session').first().waitFor();
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.getByRole('link', { name: 'Altogic Auth' }).click();
  }
  const end = await memory();

  const growth = { js: end.js - start.js, wasm: end.wasm - start.wasm };
  console.log(
    `soak memory: JS heap ${(start.js / MB).toFixed(2)} -> ${(end.js / MB).toFixed(2)} MB ` +
      `(+${(growth.js / MB).toFixed(2)}, bound ${JS_HEAP_BOUND / MB}); ` +
      `wasm ${(start.wasm / MB).toFixed(2)} -> ${(end.wasm / MB).toFixed(2)} MB ` +
      `(+${(growth.wasm / MB).toFixed(2)}, bound ${WASM_BOUND / MB})`,
  );
  expect(growth.js).toBeLessThan(JS_HEAP_BOUND);
  expect(growth.wasm).toBeLessThan(WASM_BOUND);
});
