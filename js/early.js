// Before the page paints, on every page (allowed by its hash in the CSP).
// (In blocks: the page's classic scripts share one global scope.)
try {
  // Pages a guest opens are prerendered. With a session in storage, mark
  // the page: the stylesheet hides the guest markup until the app has sent
  // the person on.
  if (localStorage.getItem('session')) document.documentElement.classList.add('signed-in');
  // A plain click on "Continue with …" (one that leaves this tab: not
  // Ctrl-, Shift- or middle-clicked) marks this tab as the one that asked
  // for that provider's sign-in, with the time (a token arriving anywhere
  // else, or late, is refused: src/auth/return_to.rs), even before the app
  // has started; coming back to any other page (a load, or back from the
  // provider) clears it.
  const key = 'oauthProvider';
  const back = /\/auth-redirect\/?$/.test(location.pathname);
  if (!back) sessionStorage.removeItem(key);
  addEventListener('pageshow', (e) => {
    if (e.persisted && !back) sessionStorage.removeItem(key);
  });
  addEventListener(
    'click',
    (e) => {
      const link = e.target.closest('a.provider');
      if (!link || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey || link.target) return;
      sessionStorage.setItem(key, `${link.href.split('/').pop()} ${Date.now()}`);
    },
    true,
  );
} catch {}
{
  // A prerendered form's button is disabled, so that without JavaScript
  // nothing is sent with the password in the address; it is enabled as
  // soon as it is parsed, before it first paints (while the page is being
  // parsed).
  const enable = () =>
    document.querySelectorAll('#app[data-prerendered] [type=submit]:not([aria-busy])').forEach((button) => {
      button.disabled = false;
    });
  const parsed = new MutationObserver(enable);
  parsed.observe(document, { childList: true, subtree: true });
  document.addEventListener(
    'readystatechange',
    () => {
      parsed.disconnect();
      enable();
    },
    { once: true },
  );
}
// A submit made before the app starts is held here, shown as busy (and not
// enabled again), and carried out by the app when it takes the page over
// (src/components/takeover.rs).
addEventListener(
  'submit',
  (e) => {
    const app = document.querySelector('#app[data-prerendered]');
    const form = e.target;
    const button = e.submitter;
    if (!app?.contains(form)) return;
    e.preventDefault();
    if (button) {
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      button.textContent = button.dataset.busy;
    }
    window.altogicEarlySubmit = [...app.querySelectorAll('form')].indexOf(form);
  },
  true,
);
