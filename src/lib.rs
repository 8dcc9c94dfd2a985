//! The reference Rust/WebAssembly sign-in front-end for Altogic.
//!
//! Everything lives in this library so that host unit tests and the browser
//! tests in `tests/` reach the same code that `main.rs` mounts.

pub mod altogic;
pub mod app;
pub mod auth;
pub mod components;
pub mod config;
pub mod handover;
pub mod pages;
pub mod percent;
pub mod prerender;
pub mod route;
pub mod validate;

use app::{App, AppProps};

/// Marks the prerendered markup as the app's now: it is shown again if it was
/// hidden for a stored session, and tests can tell the app has started.
fn reveal(document: &web_sys::Document, root: &web_sys::Element) {
    let _ = root.remove_attribute(prerender::PRERENDERED_ATTR);
    if let Some(html) = document.document_element() {
        let _ = html.class_list().remove_1(prerender::SIGNED_IN_CLASS);
    }
}

/// Says plainly that the page does not name its backend, instead of
/// sending people's passwords nowhere (or to a wrong default).
fn not_configured(document: &web_sys::Document) {
    let Some(body) = document.body() else {
        return;
    };
    body.set_inner_html(
        "<main class=\"page\" role=\"alert\"><h1>This site is not configured</h1>\
         <p>It does not say which Altogic app to sign you in with, so it cannot \
         sign anyone in.</p><p>If you run this site: set the <code>altogic-env-url</code> \
         and <code>altogic-client-key</code> values of its pages, for example with \
         <code>scripts/configure-dist</code>.</p></main>",
    );
}

/// Starts the app in its root element, in place of the prerendered markup
/// there. When the first render repeats that page, what the person typed
/// and where the keyboard was are carried over.
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if config::get().is_none() {
        not_configured(&document);
        return;
    }
    let props = AppProps::browser();
    let Some(root) = document.get_element_by_id(prerender::ROOT_ID) else {
        // An index.html without the root: the whole body is the app's.
        yew::Renderer::<App>::with_props(props).render();
        return;
    };
    let prerendered = root.get_attribute(prerender::PRERENDERED_ATTR);
    let path = document.location().and_then(|l| l.pathname().ok());
    if prerender::same_page(
        prerendered.as_deref(),
        path.as_deref().unwrap_or("/"),
        props.auth.is_signed_in(),
    ) {
        components::takeover::keep(&root);
    }
    // The first render comes in a microtask, so the page is swapped before
    // the browser paints again: never a frame without it.
    root.set_inner_html("");
    reveal(&document, &root);
    #[cfg(feature = "guest")]
    let guest_root = root.clone();
    let _app = yew::Renderer::<App>::with_root_and_props(root, props).render();
    #[cfg(feature = "guest")]
    handover::running(_app, guest_root);
}
