// The page checks of the engines suite, for every engine alike (WebKit's
// driver has no BiDi to watch the console or the network from outside).
// scripts/engines puts this file in the served copy of dist/ only, first in
// each page's <head>, where the page's CSP allows it as a same-origin
// script. It notes into sessionStorage, which survives page loads in a tab:
// a console error, an uncaught exception, a CSP violation, a request that
// failed or got a 5xx, and any request to a third party. It also holds the
// app back for the journey that types before the app runs (`hold_app`).
(() => {
  const KEY = 'engine-checks';
  const note = (problem) => {
    try {
      const list = JSON.parse(sessionStorage.getItem(KEY) || '[]');
      list.push(`${location.pathname}: ${problem}`);
      sessionStorage.setItem(KEY, JSON.stringify(list));
    } catch {}
  };
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    note(`console error: ${args.map(String).join(' ')}`);
    consoleError(...args);
  };
  addEventListener('securitypolicyviolation', (e) => note(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  addEventListener(
    'error',
    (e) => {
      // A prefetch is a hint: cut short when the page goes on, it is harmless.
      if (e.target?.rel === 'prefetch') return;
      if (e.target && e.target !== window) note(`failed to load: ${e.target.src || e.target.href}`);
      else note(`uncaught: ${e.message}`);
    },
    true,
  );
  addEventListener('unhandledrejection', (e) => note(`unhandled rejection: ${e.reason}`));

  // The backend, and where a local one serves files: its other loopback name.
  const backends = () => {
    try {
      const url = new URL(document.querySelector('meta[name="altogic-env-url"]').content);
      const twin = { '127.0.0.1': 'localhost', localhost: '127.0.0.1' }[url.hostname];
      return [url.origin, twin && `${url.protocol}//${twin}:${url.port}`];
    } catch {
      return [location.origin];
    }
  };
  const watch = (url) => {
    const origin = new URL(url, location.href).origin;
    if (!['data:', 'blob:'].some((p) => url.startsWith(p)) && origin !== location.origin && !backends().includes(origin)) {
      note(`request to a third party: ${url}`);
    }
  };
  new PerformanceObserver((list) => list.getEntries().forEach((e) => watch(e.name))).observe({ type: 'resource', buffered: true });
  // With the cookie `hold_app`, the app's wasm is held back until the test
  // sets `window.releaseApp`: the page is then what a slow phone shows
  // before the app runs, whatever the browser has cached.
  const hold = document.cookie.split('; ').includes('hold_app=1');
  const released = () =>
    new Promise((done) => {
      const look = () => (window.releaseApp ? done() : setTimeout(look, 10));
      look();
    });
  // A page being left cuts its calls short: WebKit and Firefox reject them
  // with a TypeError (after `beforeunload`, before `pagehide`), Chromium
  // not at all. That is the visitor going on, not the app failing.
  let leaving = false;
  addEventListener('beforeunload', () => (leaving = true));
  addEventListener('pageshow', () => (leaving = false));
  const fetch = window.fetch.bind(window);
  window.fetch = (input, init) => {
    // A string, a URL (the chunk loader's) or a Request.
    const url = input instanceof Request ? input.url : String(input);
    watch(url);
    const send = () =>
      fetch(input, init).then(
        (response) => {
          if (response.status >= 500) note(`server error ${response.status}: ${url}`);
          return response;
        },
        (error) => {
          // The app cancelling a call of its own is not a failure.
          if (error?.name !== 'AbortError' && !leaving) note(`request failed: ${url}`);
          throw error;
        },
      );
    return hold && url.endsWith('_bg.wasm') ? released().then(send) : send();
  };
})();
