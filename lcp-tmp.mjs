import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const c = await b.newContext();
const p = await c.newPage();
await p.addInitScript(() => {
  window.lcps = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) window.lcps.push([Math.round(e.startTime), e.element?.tagName, e.size, e.element?.textContent?.slice(0,30)]); }).observe({ type: 'largest-contentful-paint', buffered: true });
});
await p.goto(process.env.APP_URL + '/login');
await p.waitForFunction(() => performance.getEntriesByName('login-form-ready').length > 0);
await p.waitForTimeout(500);
console.log(JSON.stringify(await p.evaluate(() => [window.lcps, performance.getEntriesByName('first-contentful-paint')[0]?.startTime, performance.getEntriesByName('login-form-ready')[0]?.startTime])));
await b.close();
