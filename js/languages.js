// The visitor's language, before anything paints (the first script of
// every page). A site that offers several (scripts/configure-dist --lang tr
// --langs tr,en,de) names them in <meta name="altogic-languages">, its
// default first; each language's pages are under its prefix (/de/login),
// the default's at the root too. A visitor who chose one (the switch,
// #languages) is sent to its page; one who has not and opens a page at the
// root, to the language their browser prefers among those offered. A link
// coming back with a token (/auth-redirect) is never sent on. The choice is
// kept in localStorage (lang).
// (In a block: the page's classic scripts share one global scope.)
{
  const offered = document.querySelector('meta[name="altogic-languages"]')?.content.split(' ') ?? [];
  const here = document.documentElement.lang;
  // The language of the address (its prefix: /de/login), and the
  // address in `lang`; read when needed, as the app moves between
  // pages without reloading.
  const prefixed = () => offered.find((l) => location.pathname === `/${l}` || location.pathname.startsWith(`/${l}/`));
  const at = (lang) => {
    const prefix = prefixed();
    // Always a path of this site: what follows /de in /de//evil.example
    // (or /de/\evil.example) must not become another host's address.
    const rest = '/' + location.pathname.slice(prefix ? prefix.length + 1 : 0).replace(/^[/\\]+/, '');
    const path = lang === offered[0] ? rest : `/${lang}${rest === '/' ? '' : rest}`;
    return path + location.search + location.hash;
  };
  let chosen = null;
  try {
    chosen = localStorage.getItem('lang');
  } catch {}
  const preferred = (navigator.languages ?? [navigator.language]).map((l) => l.toLowerCase().split('-')[0]).find((l) => offered.includes(l));
  // An address with a language keeps it, unless the visitor chose
  // another; a page at the root follows the choice, else the browser.
  const prefix = prefixed();
  const wanted = offered.includes(chosen) ? chosen : (prefix ?? preferred ?? offered[0]);
  // (A host's not-found page for /tr/… may be another language's:
  // sending it on would only find it again.)
  const stray = prefix && prefix !== here;
  if (offered.length > 1 && wanted !== here && !stray && !location.pathname.endsWith('/auth-redirect')) {
    document.documentElement.hidden = true;
    location.replace(at(wanted));
  }
  addEventListener('click', (e) => {
    const link = e.target.closest?.('#languages a[hreflang]');
    if (!link || e.button || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    try {
      localStorage.setItem('lang', link.hreflang);
    } catch {}
    location.assign(at(link.hreflang));
  });
}
