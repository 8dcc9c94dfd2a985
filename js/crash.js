// When the app breaks anyway. The release wasm aborts on a Rust panic (it
// carries no panic messages), which reaches JavaScript as a
// WebAssembly.RuntimeError: show a plain page with a way out instead of a
// frozen one (the page's <template id="crash-page">, in its language). Its
// link reloads without any script.
{
  const crash = (error) => {
    if (!(error instanceof WebAssembly.RuntimeError) || document.getElementById('crash')) return;
    const screen = document.createElement('div');
    screen.id = 'crash';
    screen.setAttribute('role', 'alert');
    screen.append(document.getElementById('crash-page').content.cloneNode(true));
    document.body.append(screen);
  };
  addEventListener('error', (e) => crash(e.error));
  addEventListener('unhandledrejection', (e) => crash(e.reason));
}
