// A screenshot of each page, desktop and phone, kept under target/e2e/screenshots.
import { test, reset, account, login } from './support';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const DIR = 'target/e2e/screenshots';

test('screenshots of every page', async ({ page }) => {
  await reset(false);
  await account('zoe@example.com', 'secret1', 'Zoe Quinn');
  for (const [size, viewport] of Object.entries(SIZES)) {
    await page.setViewportSize(viewport);
    for (const [name, path] of [
      ['home', '/'],
      ['login', '/login'],
      ['magic-link', '/login-with-magic-link'],
      ['register', '/register'],
      ['not-found', '/nowhere'],
      ['auth-redirect-error', '/auth-redirect?status=401&error=This%20link%20has%20expired'],
    ]) {
      await page.goto(path);
      await page.locator('h1').waitFor();
      await page.screenshot({ path: `${DIR}/${name}-${size}.png`, fullPage: true });
    }
    await page.goto('/register');
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Enter your name.').waitFor();
    await page.screenshot({ path: `${DIR}/register-errors-${size}.png`, fullPage: true });
    await login(page, 'zoe@example.com');
    await page.locator('.session').first().waitFor();
    await page.screenshot({ path: `${DIR}/profile-${size}.png`, fullPage: true });
    await page.getByRole('button', { name: 'Logout' }).click();
    await page.waitForURL(/\/login$/);
  }
});
