// One browser per engine, driven through its W3C WebDriver server with
// WebdriverIO (classic WebDriver everywhere: WebKit's driver has no BiDi),
// and the helpers the journeys share.
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';

export const APP = process.env.APP_URL ?? 'http://127.0.0.1:8094';

const home = os.homedir();
// Each engine: its driver (Debian's packages, geckodriver from crates.io),
// the port it listens on, and the browser it starts.
export const ENGINES = {
  chromium: {
    driver: ['/usr/bin/chromedriver', ['--port=4461']],
    port: 4461,
    capabilities: {
      browserName: 'chrome',
      'goog:chromeOptions': { binary: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] },
    },
  },
  firefox: {
    driver: [process.env.GECKODRIVER ?? path.join(home, '.cargo/bin/geckodriver'), ['--port', '4462']],
    port: 4462,
    capabilities: {
      browserName: 'firefox',
      'moz:firefoxOptions': { binary: '/usr/bin/firefox-esr', args: ['-headless'] },
    },
  },
  // WebKitGTK's MiniBrowser, the engine of Safari, in a virtual display.
  webkit: {
    driver: ['xvfb-run', ['-a', '/usr/bin/WebKitWebDriver', '--port=4463']],
    port: 4463,
    capabilities: {
      'webkitgtk:browserOptions': { binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser', args: ['--automation'] },
    },
  },
};

/** The same engine with `language` its visitor's first language, the way
 * each is told: Chromium's and Firefox's preference, WebKitGTK's
 * environment (its driver on a port of its own). */
function speaking(spec, language) {
  const prefs = { 'intl.accept_languages': language };
  const caps = structuredClone(spec.capabilities);
  if (caps['goog:chromeOptions']) caps['goog:chromeOptions'].prefs = prefs;
  if (caps['moz:firefoxOptions']) caps['moz:firefoxOptions'].prefs = prefs;
  const port = spec.port + 100;
  const args = spec.driver[1].map((a) => a.replace(String(spec.port), String(port)));
  const env = { ...process.env, LANGUAGE: language, LANG: `${language}_${language.toUpperCase()}.UTF-8` };
  return { ...spec, driver: [spec.driver[0], args], port, capabilities: caps, env };
}

/** Starts `engine`'s driver and a session; `close()` ends both. With
 * `language`, the browser prefers that language. */
export async function open(engine, { language } = {}) {
  const spec = language ? speaking(ENGINES[engine], language) : ENGINES[engine];
  const driver = spawn(spec.driver[0], spec.driver[1], { stdio: 'ignore', detached: true, env: spec.env ?? process.env });
  const stop = () => {
    try {
      process.kill(-driver.pid);
    } catch {}
  };
  let browser;
  for (let attempt = 0; ; attempt++) {
    try {
      browser = await remote({
        hostname: '127.0.0.1',
        port: spec.port,
        logLevel: 'error',
        connectionRetryCount: 0,
        capabilities: { ...spec.capabilities, 'wdio:enforceWebDriverClassic': true },
      });
      break;
    } catch (error) {
      // The driver may still be starting.
      if (attempt >= 40) {
        stop();
        throw error;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await browser.setTimeout({ implicit: 0, pageLoad: 30_000, script: 30_000 });
  return {
    browser,
    close: async () => {
      await browser.deleteSession().catch(() => {});
      stop();
    },
  };
}

/** What one browser session does, in a person's terms. */
export class Person {
  constructor(browser) {
    this.b = browser;
  }

  /** Opens `path` and, unless `early`, waits until the app has taken the
   * prerendered page over. */
  async goto(path, { early = false } = {}) {
    await this.b.url(path.startsWith('http') ? path : `${APP}${path}`);
    if (!early) await this.started();
  }

  async started() {
    await this.b.waitUntil(
      () => this.b.execute(() => !document.getElementById('app')?.hasAttribute('data-prerendered')),
      { timeout: 20_000, timeoutMsg: 'the app did not start' },
    );
  }

  async fill(id, value) {
    const field = await this.b.$(`#${id}`);
    await field.waitForDisplayed({ timeout: 10_000 });
    await field.setValue(value);
  }

  async value(id) {
    return this.b.$(`#${id}`).getValue();
  }

  /** Clicks the button or link whose text is `text` exactly. */
  async click(text) {
    const target = await this.b.$(`//*[self::button or self::a or self::label][normalize-space()=${JSON.stringify(text)}]`);
    await target.waitForClickable({ timeout: 10_000 });
    await target.click();
  }

  async waitForPath(re) {
    await this.b.waitUntil(async () => re.test(new URL(await this.b.getUrl()).pathname), {
      timeout: 15_000,
      timeoutMsg: `expected a path like ${re}, at ${await this.b.getUrl()}`,
    });
  }

  /** Waits until the element `selector` shows text containing `text` (or
   * one of the texts, given a list). */
  async waitForText(selector, text) {
    const texts = [text].flat();
    await this.b.waitUntil(
      async () => {
        const found = await this.b.$$(selector);
        for (const el of found) {
          const shown = await el.getText();
          if (texts.some((t) => shown.includes(t))) return true;
        }
        return false;
      },
      { timeout: 15_000, timeoutMsg: `no ${selector} with "${texts.join('" or "')}"` },
    );
  }

  async stored() {
    return this.b.execute(() => [localStorage.getItem('session'), localStorage.getItem('user')]);
  }

  /** The page checks' findings in this tab since the last call, minus those
   * matching `expected`. */
  async problems(expected = []) {
    const found = await this.b.execute(() => {
      const list = JSON.parse(sessionStorage.getItem('engine-checks') || '[]');
      sessionStorage.removeItem('engine-checks');
      return list;
    });
    return found.filter((p) => !expected.some((e) => e.test(p)));
  }
}
