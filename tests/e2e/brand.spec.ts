// The site's brand as configure-dist sets it (<meta name="altogic-site-name">
// and "altogic-site-logo"): the app draws it in its header on every page and
// names the home page after it, as the prerendered pages do.
import { test, expect } from './support';

test('the app shows the site name and logo its pages name, on every page it draws', async ({ page, checks }) => {
  // The pages as configure-dist --name Acme --logo would leave them (the
  // favicon as the logo: an image of this site).
  const home = await (await page.request.get('/')).text();
  const icon = home.match(/<link rel="icon" href="([^"]+)"/)![1];
  await page.route(
    (url) => !/\.[a-z0-9]+$/.test(url.pathname),
    async (route) => {
      const response = await route.fetch();
      const body = (await response.text())
        .replace('<meta name="altogic-site-name" content="Altogic Auth"', '<meta name="altogic-site-name" content="Acme"')
        .replace('<meta name="altogic-site-logo" content=""', `<meta name="altogic-site-logo" content="${icon}"`);
      await route.fulfill({ response, body });
    },
  );
  await page.goto('/');
  const brand = page.locator('header a.brand');
  await expect(brand).toHaveText('Acme');
  await expect(brand.locator('img.brand-logo')).toHaveAttribute('src', icon);
  await expect(page).toHaveTitle('Acme');
  expect(await brand.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await checks.axe(page, 'home, branded');
  // A page the app draws itself, after a click.
  await page.getByRole('link', { name: 'Register', exact: true }).click();
  await expect(page).toHaveURL(/\/register$/);
  await expect(brand).toHaveText('Acme');
  await expect(page).toHaveTitle('Register');
});
