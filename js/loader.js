// The loader. <meta name="altogic-app"> names the app's JS, its wasm and,
// in the release build, the chunk of the signed-in and phone pages
// (src/chunk.rs). The wasm is fetched at low priority, so it never competes
// with the page itself; a page that opens on a page of the chunk
// (data-chunk, written by the site writer) or for someone signed in
// fetches the chunk beside it; on a guest page, the chunk is prefetched at
// the lowest priority once someone types (a sign-in is coming; a reader
// never downloads it). What happens next: src/boot.rs.
const [js, wasm, chunk] = document.querySelector('meta[name="altogic-app"]').content.split(' ');
const html = document.documentElement;
if (chunk) {
  const link = (rel) => document.head.append(Object.assign(document.createElement('link'), { rel, as: 'fetch', crossOrigin: 'anonymous', href: chunk }));
  if ('chunk' in html.dataset || html.classList.contains('signed-in')) link('preload');
  else addEventListener('input', () => link('prefetch'), { once: true });
}
const module = fetch(wasm, { priority: 'low' });
const { default: init } = await import(js);
// The app takes the page over after the first paint: on a fast
// connection it would otherwise arrive first, and the page's largest
// paint would wait for it. A tab in the background paints nothing
// (and runs no animation frames) until it is shown: it starts at once.
if (document.visibilityState === 'visible') await new Promise((painted) => requestAnimationFrame(() => requestAnimationFrame(painted)));
const app = await init({ module_or_path: module });
dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: app } }));
