// End-to-end journeys: the release build served by nginx (deploy/nginx.conf),
// the local backend in test mode, Debian's Chromium. Started by scripts/e2e.
import { defineConfig, devices } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

const chrome = JSON.parse(fs.readFileSync(path.join(__dirname, '../../webdriver.json'), 'utf8'))['goog:chromeOptions'];

export default defineConfig({
  // tests/e2e/rules runs on a site configured with sign-up rules
  // (scripts/e2e's second site), tests/e2e/policy on one with a password
  // policy (its third), the rest on the plain one.
  testDir: process.env.E2E_SITE ? `./${process.env.E2E_SITE}` : '.',
  testIgnore: process.env.E2E_SITE ? [] : ['rules/**', 'policy/**'],
  outputDir: '../../target/e2e/results',
  // One backend, wiped between tests: run them one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.APP_URL,
    ...devices['Desktop Chrome'],
    // Debian's Chromium with the flags the browser tests use (webdriver.json
    // is the one list); Playwright sets headless itself.
    launchOptions: {
      executablePath: chrome.binary,
      args: chrome.args.filter((a: string) => !a.startsWith('--headless')),
    },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
