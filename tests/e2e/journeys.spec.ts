// The product as a visitor meets it: each journey its own test, each page
// and state checked by axe-core, with no console error or unexpected failed
// request (the `checks` fixture).
import { test, expect, reset, latestMail, account, login, stored, png, secondDevice, signIn, verifiedAccount, fault, BACKEND, FILES, REST } from './support';

test('1. register with email verification, open the mail link, land on the profile', async ({ page, checks }) => {
  await page.goto('/register');
  await expect(page).toHaveTitle('Register');
  await checks.axe(page, 'register');
  await page.getByLabel('Email').fill('ada@example.com');
  await page.getByLabel('Name').fill('Ada');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page.getByRole('status')).toHaveText(
    'Your account has been created. Please check your email to verify your account.',
  );
  await checks.axe(page, 'register: account created');
  expect(await stored(page)).toEqual([null, null]);

  const mail = await latestMail('ada@example.com');
  expect(mail.action).toBe('email-confirm');
  // Registered in this browser: the link goes straight on, as the seed's
  // does (a link nobody asked for here asks first: hardening.spec.ts).
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/profile$/);
  expect(page.url()).not.toContain('access_token');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ada');
  await expect(page).toHaveTitle('Ada - Profile');
  await checks.axe(page, 'profile');
});

test('2. register with verification off: the profile at once', async ({ page, checks }) => {
  await reset(false);
  await page.goto('/register');
  await page.getByLabel('Email').fill('bo@example.com');
  await page.getByLabel('Name').fill('Bo');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Register' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Bo');
  const [session, user] = await stored(page);
  expect(JSON.parse(session!).token).toBeTruthy();
  expect(JSON.parse(user!).email).toBe('bo@example.com');
  await checks.axe(page, 'profile');
});

test('3. login: a wrong password keeps the email; the right one signs in', async ({ page, checks }) => {
  await reset(false);
  await account('cy@example.com');
  await login(page, 'cy@example.com', 'wrong-password');
  await expect(page.getByRole('alert')).toContainText('That email address and password do not match an account.');
  await expect(page.getByLabel('Email')).toHaveValue('cy@example.com');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('wrong-password');
  await checks.axe(page, 'login: wrong password');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
});

test('4. magic link: email sent, the link signs in', async ({ page, checks }) => {
  await reset(true);
  await verifiedAccount('di@example.com', { name: 'Di' });
  await page.goto('/login-with-magic-link');
  await expect(page).toHaveTitle('Login with magic link');
  await page.getByLabel('Email').fill('di@example.com');
  await page.getByRole('button', { name: 'Send magic link' }).click();
  await expect(page.getByRole('status')).toHaveText('Email sent! Check your inbox.');
  await checks.axe(page, 'magic link: sent');
  const mail = await latestMail('di@example.com');
  expect(mail.action).toBe('magic-link');
  await page.goto(mail.link);
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Di');
});

test('5. guards: guests go to login, signed-in people to their profile, reload keeps the sign-in', async ({ page, checks }) => {
  // A guest's visit makes no call to the backend at all.
  const calls: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(BACKEND)) calls.push(r.url());
  });
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login$/);
  await checks.axe(page, 'login');
  await page.goto('/');
  await expect(page).toHaveTitle('Altogic Auth');
  await checks.axe(page, 'home');
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  await checks.axe(page, 'not found');
  expect(calls, 'requests of a guest').toEqual([]);

  await reset(false);
  await account('ed@example.com', { name: 'Ed' });
  await login(page, 'ed@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  for (const path of ['/', '/login', '/register', '/login-with-magic-link']) {
    await page.goto(path);
    await expect(page, `opening ${path}`).toHaveURL(/\/profile$/);
  }
  await page.reload();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ed');
});

/** The status a picture's URL answers: 200 while its file is stored. */
async function statusOf(url: string) {
  return (await fetch(url)).status;
}

test('6. avatar: upload, shown after reload; a text file or an oversize image is refused', async ({ page, checks }) => {
  await reset(false);
  await account('fi@example.com', { name: 'Fi' });
  await login(page, 'fi@example.com');
  await expect(page.getByRole('img', { name: /initials of Fi/ })).toHaveText('F');
  const picker = page.locator('#avatar-file');
  await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(32, 32) });
  const picture = page.getByRole('img', { name: 'Profile picture of Fi' });
  // Altogic's shape of a public path: ids, never the (secret) file name.
  await expect(picture).toHaveAttribute('src', /\/_storage\/[0-9a-f]{24}\/[0-9a-f]{24}\/[0-9a-f]{24}$/);
  const src = await picture.getAttribute('src');
  // Served from another origin than the API's, as Altogic's storage host
  // is, and shown under the page's CSP.
  expect(new URL(src!).origin).toBe(new URL(FILES).origin);
  expect(new URL(src!).origin).not.toBe(new URL(BACKEND).origin);
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(32);
  await page.reload();
  await expect(picture).toHaveAttribute('src', src!);
  await checks.axe(page, 'profile with a picture');

  await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByRole('alert')).toContainText('Choose an image file');
  await expect(picture).toHaveAttribute('src', src!);
  await checks.axe(page, 'avatar refused');

  const big = Buffer.concat([png(), Buffer.alloc(2.5 * 1024 * 1024)]);
  await picker.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
  await expect(page.getByRole('alert')).toContainText('under 2 MB');
  await expect(picture).toHaveAttribute('src', src!);
});

test('6a. avatar replaced twice, each old file deleted, then removed', async ({ page, checks }) => {
  await reset(false);
  await account('fy@example.com', { name: 'Fy' });
  await login(page, 'fy@example.com');
  const picker = page.locator('#avatar-file');
  const picture = page.getByRole('img', { name: 'Profile picture of Fy' });
  const remove = page.getByRole('button', { name: 'Remove picture' });
  await expect(remove).toHaveCount(0);
  const seen: string[] = [];
  for (const size of [16, 24, 32]) {
    await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(size, size) });
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(size);
    const src = (await picture.getAttribute('src'))!;
    expect(seen).not.toContain(src);
    // The one it replaced is deleted (after the new one is saved).
    if (seen.length) await expect.poll(() => statusOf(seen[seen.length - 1])).toBe(404);
    seen.push(src);
  }
  expect(await statusOf(seen[2])).toBe(200);
  await checks.axe(page, 'profile with a picture to remove');

  await remove.click();
  await expect(page.getByRole('img', { name: /initials of Fy/ })).toHaveText('F');
  await expect(remove).toHaveCount(0);
  // The keyboard stays on the picture's controls.
  await expect(picker).toBeFocused();
  await expect.poll(() => statusOf(seen[2])).toBe(404);
  await page.reload();
  await expect(page.getByRole('img', { name: /initials of Fy/ })).toHaveText('F');
});

test('6d. a picture whose save fails is not kept; a refused removal says so and keeps it', async ({ page, checks }) => {
  checks.expectFailures(/\/db\/object\/update/);
  await reset(false);
  await account('fu@example.com', { name: 'Fu' });
  await login(page, 'fu@example.com');
  const picker = page.locator('#avatar-file');
  const picture = page.getByRole('img', { name: 'Profile picture of Fu' });
  await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(16, 16) });
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(16);
  const kept = (await picture.getAttribute('src'))!;

  await fault('db/object/update', 'error');
  const uploaded = page.waitForResponse((r) => r.url().includes('/storage/bucket/upload-formdata'));
  await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: png(24, 24) });
  const orphan = (await (await uploaded).json()).publicPath;
  await expect(page.getByRole('alert')).toContainText("Couldn't save the picture on your profile");
  // Shown nowhere, so not kept: the file just uploaded is deleted.
  await expect.poll(() => statusOf(orphan)).toBe(404);
  await expect(picture).toHaveAttribute('src', kept);
  expect(await statusOf(kept)).toBe(200);

  await fault('db/object/update', 'error');
  await page.getByRole('button', { name: 'Remove picture' }).click();
  await expect(page.getByRole('alert')).toContainText("Couldn't remove the picture");
  await expect(picture).toHaveAttribute('src', kept);
  expect(await statusOf(kept)).toBe(200);
  await checks.axe(page, 'a removal refused');
});

test('6c. a slow upload shows how much is sent', async ({ page, checks }) => {
  await reset(false);
  await account('fo@example.com', { name: 'Fo' });
  await login(page, 'fo@example.com');
  const cdp = await page.context().newCDPSession(page);
  // 400 KB at 100 KB/s: four seconds of upload.
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 100 * 1024,
  });
  const big = Buffer.concat([png(16, 16), Buffer.alloc(400 * 1024)]);
  await page.locator('#avatar-file').setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: big });
  const bar = page.getByRole('progressbar', { name: 'Uploading...' });
  await expect(bar).toBeVisible();
  await checks.axe(page, 'upload in progress');
  // Part of the file sent, not yet all of it.
  await expect.poll(async () => Number(await bar.getAttribute('value')), { timeout: 10_000 }).toBeGreaterThan(10);
  expect(Number(await bar.getAttribute('value'))).toBeLessThan(100);
  await expect(page.getByRole('img', { name: 'Profile picture of Fo' })).toBeVisible({ timeout: 15_000 });
  await expect(bar).toHaveCount(0);
});

test('6b. a picture that does not load shows the initials', async ({ page, checks }) => {
  // The browser refuses the 404 as an image: the failure this test makes.
  checks.expectFailures(/\/_storage\/root\/gone$/);
  await reset(false);
  const user = await account('gi@example.com', { name: 'Gi' });
  await login(page, 'gi@example.com');
  await expect(page.getByRole('img', { name: /initials of Gi/ })).toHaveText('G');
  // Another device saves a picture whose file is gone.
  const session = await signIn('gi@example.com');
  const r = await fetch(`${REST}/db/object/update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key', Session: session.token },
    body: JSON.stringify({ model: 'users', id: user._id, values: { profilePicture: `${FILES}/_storage/root/gone` } }),
  });
  expect(r.status).toBe(200);
  await page.reload();
  await expect(page.getByRole('img', { name: /initials of Gi/ })).toHaveText('G');
  await expect(page.getByRole('img', { name: 'Profile picture of Gi' })).toHaveCount(0);
});

test('7. name: changed in place, title follows, survives reload; an empty name is refused', async ({ page, checks }) => {
  await reset(false);
  await account('gus@example.com', { name: 'Gus' });
  await login(page, 'gus@example.com');
  await page.getByRole('button', { name: 'Change name' }).click();
  const field = page.getByLabel('Your name');
  await expect(field).toBeFocused();
  await checks.axe(page, 'name editing');
  await field.fill('Grace');
  await field.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Grace');
  await expect(page).toHaveTitle('Grace - Profile');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Grace');

  await page.getByRole('button', { name: 'Change name' }).click();
  await field.fill('   ');
  await field.press('Enter');
  await expect(page.getByText('Enter your name.')).toBeVisible();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await field.press('Escape');
  await expect(field).toBeHidden();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Grace');
  await expect(page.getByRole('button', { name: 'Change name' })).toBeFocused();
});

test('8. two devices: both sessions listed, the other revoked, its next action lands on login', async ({ page, context, checks }) => {
  await reset(false);
  await account('hal@example.com', { name: 'Hal' });
  await login(page, 'hal@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  const { other, page: phone } = await secondDevice(context, checks);
  await login(phone, 'hal@example.com');
  await expect(phone).toHaveURL(/\/profile$/);

  await page.reload();
  const sessions = page.locator('.session');
  await expect(sessions).toHaveCount(2);
  await expect(page.locator('.session.current')).toHaveCount(1);
  await expect(page.locator('.session.current')).toContainText('Current Session');
  await checks.axe(page, 'profile with two sessions');
  await page.locator('.session').getByRole('button', { name: /^Sign out / }).click();
  await expect(sessions).toHaveCount(1);

  await phone.getByRole('button', { name: 'Change name' }).click();
  await phone.getByLabel('Your name').fill('Someone');
  await phone.getByLabel('Your name').press('Enter');
  await expect(phone).toHaveURL(/\/login$/);
  expect(await stored(phone)).toEqual([null, null]);
  await other.close();
});

test('9. logout: back to login, nothing stored', async ({ page, checks }) => {
  await reset(false);
  await account('ivy@example.com', { name: 'Ivy' });
  await login(page, 'ivy@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('button', { name: 'Logout' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await stored(page)).toEqual([null, null]);
});

test('9b. signed out, Back never brings the profile back', async ({ page, context, checks }) => {
  await reset(false);
  await account('ivy@example.com', { name: 'Ivy' });
  await login(page, 'ivy@example.com');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Ivy');
  // The profile is now behind this page in history...
  await page.goto('/nowhere');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
  // ...and the person signs out, here in another tab.
  const other = await context.newPage();
  checks.watch(other);
  await other.goto('/profile');
  await other.getByRole('button', { name: 'Logout' }).click();
  await expect(other).toHaveURL(/\/login$/);
  // From now on, at every frame, note the profile if it shows.
  await page.addInitScript(() => {
    const w = window as unknown as { profileSeen: boolean };
    w.profileSeen = false;
    const look = () => {
      if (document.body?.textContent?.includes('Hello, Ivy')) w.profileSeen = true;
      requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  });
  await page.goBack();
  // The profile's address leads to the login page, and the profile was
  // never drawn on the way (nor restored from the back-forward cache).
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Login to your account');
  expect(await page.evaluate(() => (window as unknown as { profileSeen?: boolean }).profileSeen ?? false)).toBe(false);
  await expect(page.getByText('Hello, Ivy')).toHaveCount(0);
});

test('keyboard only: login and register are filled and sent with Tab and Enter', async ({ page }) => {
  await reset(false);
  await account('jo@example.com');
  await page.goto('/register');
  await page.getByLabel('Email').waitFor();
  await page.locator('body').focus();
  // Skip link, brand, email or phone, then the form's fields in order.
  const order: string[] = [];
  for (let i = 0; i < 7; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement?.id || document.activeElement?.textContent || ''));
  }
  expect(order).toEqual(['Skip to content', 'Altogic Auth', 'Email', 'Phone number', 'email', 'name', 'password']);

  await page.goto('/login');
  await page.getByLabel('Email').waitFor();
  await page.locator('body').focus();
  for (let i = 0; i < 5; i++) await page.keyboard.press('Tab');
  await page.keyboard.type('jo@example.com');
  await page.keyboard.press('Tab');
  await page.keyboard.type('secret1');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/profile$/);
});

test('the auth redirect page shows a used or broken link clearly, in its own words', async ({ page, checks }) => {
  // Anyone can write the address: its error text must never be shown.
  await page.goto('/auth-redirect?action=magic-link&status=401&error=Your%20account%20is%20frozen.%20Call%20%2B1-555-0100');
  await expect(page.getByRole('alert')).toHaveText('This link is invalid, has expired or has already been used.');
  await expect(page.getByText('Call +1-555-0100')).toHaveCount(0);
  await expect(page.getByText('Status 401.')).toBeVisible();
  expect(page.url()).not.toContain('error=');
  await checks.axe(page, 'auth redirect error');
  await page.goto('/auth-redirect?access_token=not-a-real-token');
  await expect(page.getByRole('alert')).toContainText('invalid');
  expect(page.url()).not.toContain('not-a-real-token');
});

test('a used or expired mail link, as Altogic answers it (status 400), offers the next step of its kind', async ({ page, checks }) => {
  // Registered elsewhere, its verification link already opened once.
  await fetch(`${REST}/auth/signup-email`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' }, body: JSON.stringify({ email: 'lu@example.com', password: 'secret1', nameOrUserData: 'Lu' }) });
  const { link } = await latestMail('lu@example.com');
  await fetch(`${BACKEND}/_api/rest/v1/auth/resend?email=lu@example.com`, { method: 'POST', headers: { 'X-Client-Key': 'local-client-key' } });
  const opened = await fetch(link, { redirect: 'manual' });
  expect(new URL(opened.headers.get('location')!).searchParams.get('status')).toBe('200');
  await page.goto(link);
  await expect(page).toHaveURL(/\/auth-redirect$/);
  await expect(page.getByRole('alert')).toHaveText('This link is invalid, has expired or has already been used.');
  await expect(page.getByText('Status 400.')).toBeVisible();
  // email-confirm: a new verification mail, to the address typed here
  // (one still waiting for its verification).
  await checks.axe(page, 'a used verification link');
  await fetch(`${REST}/auth/signup-email`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Client-Key': 'local-client-key' }, body: JSON.stringify({ email: 'mo@example.com', password: 'secret1', nameOrUserData: 'Mo' }) });
  const first = (await latestMail('mo@example.com')).link;
  await page.getByLabel('Email').fill('mo@example.com');
  await page.getByRole('button', { name: 'Resend verification email' }).click();
  await expect(page.getByRole('status')).toHaveText('We sent a new verification email. Check your inbox.');
  expect((await latestMail('mo@example.com')).link).not.toBe(first);
  // magic-link and reset-pwd: a new link of the same kind.
  for (const [action, next] of [['magic-link', 'Send a new magic link'], ['reset-pwd', 'Send a new reset link']]) {
    await page.goto(`/auth-redirect?action=${action}&status=400&error=Invalid+or+expired+access+token`);
    await expect(page.getByRole('alert')).toHaveText('This link is invalid, has expired or has already been used.');
    await expect(page.getByRole('link', { name: next })).toBeVisible();
  }
});

test('served as a CDN would: deep links get their page or the app, hashed files cache for a year, the page never, security headers', async ({ request }) => {
  const page = await request.get('/profile');
  expect(page.status()).toBe(200);
  expect(page.headers()['cache-control']).toBe('no-cache');
  const html = await page.text();
  expect(html).toContain('name="altogic-env-url"');
  for (const asset of html.match(/\/[\w-]+-[0-9a-f]{8,}(_bg)?\.(js|wasm|css)/g) ?? []) {
    const r = await request.get(asset);
    expect(r.status(), asset).toBe(200);
    expect(r.headers()['cache-control'], asset).toBe('public, max-age=31536000, immutable');
  }
  expect(html.match(/_bg\.wasm/), 'the wasm is referenced').toBeTruthy();
  const wasm = await request.get(html.match(/\/[\w-]+_bg\.wasm/)![0]);
  expect(wasm.headers()['content-type']).toBe('application/wasm');
  expect(page.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(page.headers()['referrer-policy']).toBe('no-referrer');
  expect(page.headers()['x-content-type-options']).toBe('nosniff');
  // The full policy travels with the build, naming the loader's hash and the backend.
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)![1].replace(/&#39;|&apos;/g, "'");
  expect(csp).toContain("default-src 'self'");
  expect(csp).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[A-Za-z0-9+/=]+'/);
  expect(csp).toContain(`connect-src 'self' ${BACKEND}`);
  const robots = await request.get('/robots.txt');
  expect(await robots.text()).toContain('User-agent');
  // A guest page is its prerendered file, with or without the slash.
  for (const path of ['/login', '/login/']) {
    const login = await request.get(path);
    expect(login.status(), path).toBe(200);
    expect(login.headers()['cache-control'], path).toBe('no-cache');
    expect(await login.text(), path).toContain('data-prerendered="/login"');
  }
  // The build's compressed copies: brotli where the browser takes it, else gzip.
  const wasmPath = html.match(/\/[\w-]+_bg\.wasm/)![0];
  for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip']]) {
    for (const path of [wasmPath, '/login']) {
      const r = await request.get(path, { headers: { 'Accept-Encoding': accept } });
      expect(r.headers()['content-encoding'], `${path} for ${accept}`).toBe(encoding);
      expect(r.headers()['vary'], `${path} for ${accept}`).toContain('Accept-Encoding');
    }
  }
  // Any other path: the not-found page, which is the app too, with a 404
  // and the same headers.
  const missing = await request.get('/no/such/page');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['cache-control']).toBe('no-cache');
  expect(missing.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  const missingHtml = await missing.text();
  expect(missingHtml).toContain('data-prerendered="/404"');
  expect(missingHtml).toMatch(/<meta name="altogic-app" content="[^"]*_bg\.wasm/);
});

test('cross-tab: signing out in one tab signs out the others at once; signing in takes them in', async ({ page, context, checks }) => {
  await reset(false);
  await account('lou@example.com', { name: 'Lou' });
  await login(page, 'lou@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  const other = await context.newPage();
  checks.watch(other);
  await other.goto('/profile');
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Hello, Lou');

  await other.getByRole('button', { name: 'Logout' }).click();
  await expect(other).toHaveURL(/\/login$/);
  // The first tab follows without a reload.
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Login to your account');

  await page.getByLabel('Email').fill('lou@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(other).toHaveURL(/\/profile$/);
  await expect(other.getByRole('heading', { level: 1 })).toHaveText('Hello, Lou');
});

test('a password can be shown and hidden with an accessible toggle', async ({ page, checks }) => {
  await page.goto('/login');
  const password = page.getByLabel('Password', { exact: true });
  await password.fill('secret1');
  await expect(password).toHaveAttribute('type', 'password');
  await page.getByRole('button', { name: 'Show password' }).click();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(password).toHaveValue('secret1');
  await checks.axe(page, 'login with the password shown');
  await page.getByRole('button', { name: 'Hide password' }).press('Enter');
  await expect(password).toHaveAttribute('type', 'password');
  await expect(page.getByRole('button', { name: 'Show password' })).toBeFocused();
});

test('sign out all other sessions, then everywhere, each confirmed first', async ({ page, context, checks }) => {
  await reset(false);
  await account('max@example.com', { name: 'Max' });
  const { other, page: phone } = await secondDevice(context, checks);
  await login(phone, 'max@example.com');
  await expect(phone).toHaveURL(/\/profile$/);
  await login(page, 'max@example.com');
  await expect(page.locator('.session')).toHaveCount(2);

  await page.getByRole('button', { name: 'Sign out all other sessions' }).click();
  await expect(page.getByRole('group')).toContainText('This one stays signed in');
  await expect(page.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await checks.axe(page, 'sign out others: asking');
  await page.getByRole('button', { name: 'Yes, sign out the others' }).click();
  await expect(page.locator('.session')).toHaveCount(1);
  await expect(page.locator('.session.current')).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Sign out all other sessions' })).toHaveCount(0);
  await phone.reload();
  await expect(phone).toHaveURL(/\/login$/);

  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByRole('button', { name: 'Sign out everywhere' }).click();
  await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect(await stored(page)).toEqual([null, null]);
  await other.close();
});

test('resend the verification mail: after registering, and when login says the email is not verified', async ({ page, checks }) => {
  await page.goto('/register');
  await page.getByLabel('Email').fill('ned@example.com');
  await page.getByLabel('Name').fill('Ned');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('button', { name: 'Resend verification email' }).click();
  await expect(page.getByText('We sent a new verification email to ned@example.com.')).toBeVisible();
  await checks.axe(page, 'register: mail sent again');
  const mails = await (await fetch(`${BACKEND}/_outbox/messages?to=ned@example.com`)).json();
  expect(mails.length).toBe(2);

  await login(page, 'ned@example.com');
  await expect(page.getByRole('alert')).toContainText('This email address is not verified yet');
  await page.getByRole('button', { name: 'Resend verification email' }).click();
  await expect(page.getByText('We sent a new verification email to ned@example.com.')).toBeVisible();
  await expect(page.getByLabel('Email')).toHaveValue('ned@example.com');
  await page.goto((await latestMail('ned@example.com')).link);
  await expect(page).toHaveURL(/\/profile$/);
});

test('return to where you were, by password or magic link; hostile targets fall back to the profile', async ({ page, checks }) => {
  await reset(true);
  await verifiedAccount('sue@example.com', { name: 'Sue' });
  await page.goto('/profile?tab=sessions');
  await expect(page).toHaveURL(/\/login$/);
  expect(await page.evaluate(() => localStorage.getItem('returnTo'))).toBe('/profile?tab=sessions');
  await page.getByLabel('Email').fill('sue@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  expect(await page.evaluate(() => localStorage.getItem('returnTo'))).toBeNull();

  // By magic link, from a mail opened later.
  await page.getByRole('button', { name: 'Logout' }).click();
  await page.goto('/profile');
  await expect(page).toHaveURL(/\/login$/);
  await page.goto('/login-with-magic-link');
  await page.getByLabel('Email').fill('sue@example.com');
  await page.getByRole('button', { name: 'Send magic link' }).click();
  await expect(page.getByRole('status')).toBeVisible();
  await page.goto((await latestMail('sue@example.com')).link);
  await expect(page).toHaveURL(/\/profile$/);
  expect(await page.evaluate(() => localStorage.getItem('returnTo'))).toBeNull();

  for (const hostile of ['//evil.example', 'https://evil.example/profile', 'javascript:alert(1)', '%2F%2Fevil.example', '/\\evil.example']) {
    await page.getByRole('button', { name: 'Logout' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.evaluate((v) => localStorage.setItem('returnTo', v), hostile);
    await page.getByLabel('Email').fill('sue@example.com');
    await page.getByLabel('Password', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Login', exact: true }).click();
    await expect(page, hostile).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/profile$/);
  }
});

test('with storage blocked, signing in still works for the tab and says it will not be remembered', async ({ page, checks }) => {
  await reset(false);
  await account('tess@example.com', { name: 'Tess' });
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto('/login');
  await expect(page.getByText('you will stay signed in only while this tab is open')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'store data' })).toBeVisible();
  await checks.axe(page, 'login without storage');
  await page.getByLabel('Email').fill('tess@example.com');
  await page.getByLabel('Password', { exact: true }).fill('secret1');
  await page.getByRole('button', { name: 'Login', exact: true }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Tess');
  await expect(page.locator('.session')).toHaveCount(1);
  await page.reload();
  await expect(page).toHaveURL(/\/login$/);
});

test('with storage full, signing in works for the tab and says it will not be remembered', async ({ page, checks }) => {
  await reset(false);
  await account('una@example.com', { name: 'Una' });
  await page.addInitScript(() => {
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key: string, value: string) {
      if (key === 'session' || key === 'user') throw new DOMException('full', 'QuotaExceededError');
      return setItem.call(this, key, value);
    };
  });
  await login(page, 'una@example.com');
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hello, Una');
  await expect(page.getByText('you will stay signed in only while this tab is open')).toBeVisible();
});
