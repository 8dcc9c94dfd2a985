// The visitor's language (#27): the site here offers English (its default),
// Turkish and German (scripts/serve-release.sh: configure-dist --langs
// en,tr,de). A first visit follows the browser's preference; the switch
// decides after that, and is remembered. A Turkish page shows no English
// string of ours, in every state visited here.
import { test, expect, account, verifiedAccount, latestMail, reset } from './support';
import type { Page } from '@playwright/test';
import { englishIn } from '../english.mjs';

/** What the page says: its title, its text, and its labels for screen readers. */
async function shown(page: Page) {
  return page.evaluate(() =>
    [
      document.title,
      document.body.innerText,
      ...[...document.querySelectorAll('[aria-label],[alt]')].map((e) => e.getAttribute('aria-label') ?? e.getAttribute('alt')),
    ].join('\n'),
  );
}

async function inLanguage(page: Page, lang: 'tr' | 'de' | 'ar' | 'fr' | 'es', state: string) {
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  expect(englishIn(lang, await shown(page)), `English on ${state}`).toEqual([]);
}

test.describe('a Turkish browser', () => {
  test.use({ locale: 'tr-TR' });

  test('is served the Turkish pages, signs in, and sees everything in Turkish', async ({ page, checks }) => {
    await reset(false);
    await account('ayse@example.com', { name: 'Ayşe' });
    // The root's English page sends it on before it paints.
    await page.goto('/login');
    await expect(page).toHaveURL(/\/tr\/login$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hesabınıza giriş yapın');
    await inLanguage(page, 'tr', 'login');
    await checks.axe(page, 'login in Turkish');
    // Our own checks, and the server's refusal, in Turkish.
    await page.getByRole('button', { name: 'Giriş yap', exact: true }).click();
    await expect(page.getByText('E-posta adresinizi girin.')).toBeVisible();
    await inLanguage(page, 'tr', 'login with errors');
    await page.getByLabel('E-posta').fill('ayse@example.com');
    await page.getByLabel('Parola', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Giriş yap', exact: true }).click();
    await expect(page).toHaveURL(/\/tr\/profile$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merhaba, Ayşe');
    await expect(page.locator('.session')).toHaveCount(1);
    // Its date as Turkish writes dates (the browser's Intl, in the page's language).
    const today = await page.evaluate(() => new Intl.DateTimeFormat('tr', { dateStyle: 'medium' }).format(new Date()));
    await expect(page.locator('.session .hint')).toContainText(`giriş: ${today}`);
    await expect(page).toHaveTitle('Ayşe - Profil');
    await inLanguage(page, 'tr', 'profile');
    await checks.axe(page, 'profile in Turkish');
    await page.getByRole('button', { name: 'Parolayı değiştir' }).click();
    await page.getByRole('button', { name: 'Parolayı değiştir' }).last().click();
    await expect(page.getByText('Mevcut parolanızı girin.')).toBeVisible();
    await inLanguage(page, 'tr', 'change of password, refused');

    // The switch: German from now on, on this page and the next visits.
    await page.locator('#languages').getByRole('link', { name: 'Deutsch' }).click();
    await expect(page).toHaveURL(/\/de\/profile$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Hallo, Ayşe');
    // Dates follow the page's language, not the browser's (Turkish here).
    const heute = await page.evaluate(() => new Intl.DateTimeFormat('de', { dateStyle: 'medium' }).format(new Date()));
    await expect(page.locator('.session .hint')).toContainText(`angemeldet am ${heute}`);
    await inLanguage(page, 'de', 'profile');
    await page.goto('/');
    await expect(page).toHaveURL(/\/de\/profile$/);
    await page.getByRole('button', { name: 'Abmelden', exact: true }).click();
    await expect(page).toHaveURL(/\/de\/login$/);
    await inLanguage(page, 'de', 'login after logout');
  });

  test('every prerendered page in Turkish, and a guest sent to login comes back in Turkish', async ({ page, checks }) => {
    await reset(false);
    await account('ayse@example.com', { name: 'Ayşe' });
    for (const path of ['/', '/login', '/login-with-magic-link', '/register', '/forgot-password', '/login-with-phone', '/register-with-phone', '/forgot-password-with-phone']) {
      await page.goto(`/tr${path}`);
      await inLanguage(page, 'tr', path);
    }
    await checks.axe(page, 'forgotten password by phone, in Turkish');
    // No page there: the host answers with the site's not-found page (the
    // default language's), which stays put rather than looking again.
    await page.goto('/tr/nowhere');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Page not found');
    expect(new URL(page.url()).pathname).toBe('/tr/nowhere');
    await page.goto('/profile?tab=sessions');
    await expect(page).toHaveURL(/\/tr\/login$/);
    // Remembered as the route it is, in any language (not under /tr).
    expect(await page.evaluate(() => localStorage.getItem('returnTo'))).toBe('/profile?tab=sessions');
    await page.getByLabel('E-posta').fill('ayse@example.com');
    await page.getByLabel('Parola', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Giriş yap', exact: true }).click();
    await expect(page).toHaveURL(/\/tr\/profile$/);
  });
});

test.describe('a Turkish browser, on more of the journeys', () => {
  test.use({ locale: 'tr-TR' });

  test('links by mail, a phone sign-up with its code, and the profile\'s forms, all in Turkish', async ({ page, checks }) => {
    await verifiedAccount('ece@example.com', { name: 'Ece' });
    await page.goto('/forgot-password');
    await expect(page).toHaveURL(/\/tr\/forgot-password$/);
    await page.getByLabel('E-posta').fill('ece@example.com');
    await page.getByRole('button', { name: 'Sıfırlama bağlantısı gönder' }).click();
    await expect(page.getByRole('status')).toHaveText('Yeni bir parola seçmeniz için bir bağlantı gönderdik. Gelen kutunuzu kontrol edin.');
    await inLanguage(page, 'tr', 'reset link sent');
    await page.goto('/tr/login-with-magic-link');
    await page.getByLabel('E-posta').fill('ece@example.com');
    await page.getByRole('button', { name: 'Sihirli bağlantı gönder' }).click();
    await expect(page.getByRole('status')).toHaveText('E-posta gönderildi! Gelen kutunuzu kontrol edin.');
    await inLanguage(page, 'tr', 'magic link sent');

    // A phone sign-up: the code screen, its countdown in Turkish.
    await page.goto('/tr/register-with-phone');
    await page.getByLabel('Telefon numarası').fill('+14155550123');
    await page.getByLabel('Ad').fill('Deniz');
    await page.getByLabel('Parola', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'Kaydol' }).click();
    await expect(page.getByRole('heading', { name: 'Numaranızı onaylayın' })).toBeVisible();
    await expect(page.getByText('+14155550123 numarasına SMS ile 6 haneli bir kod gönderdik.')).toBeVisible();
    await expect(page.getByRole('button', { name: /sn sonra yeni kod gönder$/ })).toBeDisabled();
    await inLanguage(page, 'tr', 'the code screen');
    await checks.axe(page, 'the code screen in Turkish');
    const { code } = (await latestMail('+14155550123')) as { code: string };
    await page.getByLabel('Kod', { exact: true }).fill(code);
    await page.getByRole('button', { name: 'Devam et' }).click();
    await expect(page).toHaveURL(/\/tr\/profile$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Merhaba, Deniz');

    // The profile's forms and questions.
    await page.getByRole('button', { name: 'Adı değiştir' }).click();
    await expect(page.getByText('Enter kaydeder, Escape vazgeçer.')).toBeVisible();
    await inLanguage(page, 'tr', 'name editing');
    await page.getByRole('button', { name: 'Vazgeç' }).click();
    await page.getByRole('button', { name: 'E-postayı değiştir' }).click();
    await page.getByRole('button', { name: 'E-postayı değiştir' }).last().click();
    await expect(page.getByText('E-posta adresinizi girin.')).toBeVisible();
    await inLanguage(page, 'tr', 'change of email, refused');
    await page.getByRole('button', { name: 'Her yerden çıkış yap' }).click();
    await expect(page.getByText('Bu dahil tüm cihaz ve tarayıcılarda çıkış yapılsın mı?')).toBeVisible();
    await inLanguage(page, 'tr', 'sign out everywhere, asked');
    await checks.axe(page, 'the profile\'s question in Turkish');
  });
});

test('an English browser stays on the English pages; an explicit language address is kept', async ({ page }) => {
  await page.goto('/login');
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/de/register');
  await expect(page).toHaveURL(/\/de\/register$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Konto erstellen');
  // A link that signs in is never sent elsewhere (its token stays out of a
  // second request): the app answers it here, in the page's language.
  await page.evaluate(() => localStorage.setItem('lang', 'tr'));
  await page.goto('/auth-redirect?error=x', { waitUntil: 'commit' });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("We couldn't sign you in");
  expect(new URL(page.url()).pathname).toBe('/auth-redirect');
});

test.describe('an Arabic browser', () => {
  test.use({ locale: 'ar-SA' });

  test('reads the pages right to left, in Arabic, refusals and the profile too', async ({ page, checks }) => {
    await reset(false);
    await account('amal@example.com', { name: 'Amal' });
    await page.goto('/login');
    await expect(page).toHaveURL(/\/ar\/login$/);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('سجّل الدخول إلى حسابك');
    await inLanguage(page, 'ar', 'login');
    await checks.axe(page, 'login in Arabic');
    // The label's words start at the field's right edge, as Arabic reads.
    const edges = await page.evaluate(() => {
      const words = document.createRange();
      words.selectNodeContents(document.querySelector('label[for="email"]')!);
      return [words.getBoundingClientRect().right, document.getElementById('email')!.getBoundingClientRect().right];
    });
    expect(Math.abs(edges[0] - edges[1])).toBeLessThan(2);
    // A provider's mark comes first as Arabic reads: right of its words.
    const [markSide, otherSide] = await page.evaluate(() => {
      const link = [...document.querySelectorAll<HTMLElement>('a.provider')].find((a) => !a.hidden)!;
      const words = document.createRange();
      words.selectNodeContents(link.firstChild!);
      const [box, text] = [link.getBoundingClientRect(), words.getBoundingClientRect()];
      return [box.right - text.right, text.left - box.left];
    });
    expect(markSide - otherSide).toBeGreaterThan(15);

    await page.getByLabel('البريد الإلكتروني').fill('amal@example.com');
    await page.getByLabel('كلمة المرور', { exact: true }).fill('wrong-password');
    await page.getByRole('button', { name: 'تسجيل الدخول', exact: true }).click();
    await expect(page.getByRole('alert')).toHaveText('هذا البريد الإلكتروني وكلمة المرور لا يطابقان أي حساب.');
    await inLanguage(page, 'ar', 'login refused');
    await checks.axe(page, 'login refused in Arabic');
    await page.getByLabel('كلمة المرور', { exact: true }).fill('secret1');
    await page.getByRole('button', { name: 'تسجيل الدخول', exact: true }).click();
    await expect(page).toHaveURL(/\/ar\/profile$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('مرحبًا، Amal');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await inLanguage(page, 'ar', 'profile');
    await checks.axe(page, 'profile in Arabic');
  });

  test('French and Spanish guest pages: every word theirs, axe clean', async ({ page, checks }) => {
    for (const lang of ['fr', 'es'] as const) {
      for (const path of ['/login', '/register', '/login-with-phone']) {
        await page.goto(`/${lang}${path}`);
        await expect(page.locator('html')).not.toHaveAttribute('dir', 'rtl');
        await page.getByRole('button', { name: lang === 'fr' ? /^(Se connecter|S'inscrire)$/ : /^(Iniciar sesión|Registrarse)$/ }).click();
        await expect(page.locator('.field.invalid').first()).toBeVisible();
        await inLanguage(page, lang, `${path}, refused`);
      }
      await checks.axe(page, `phone login in ${lang}`);
    }
  });
});
