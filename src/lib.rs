//! The reference Rust/WebAssembly sign-in front-end for Altogic.
//!
//! Everything lives in this library so that host unit tests and the browser
//! tests in `tests/` reach the same code that `main.rs` mounts.

pub mod altogic;
pub mod app;
pub mod auth;
pub mod components;
pub mod config;
pub mod pages;
pub mod panic;
pub mod prerender;
pub mod validate;

use app::{App, AppProps};

/// Marks the prerendered markup as the app's now: it is shown again if it was
/// hidden for a stored session, and tests can tell the app has started.
fn reveal(document: &web_sys::Document, root: &web_sys::Element) {
    let _ = root.remove_attribute(prerender::MARK);
    if let Some(html) = document.document_element() {
        let _ = html.class_list().remove_1(prerender::SIGNED_IN_CLASS);
    }
}

/// Starts the app in its root element: takes over the prerendered markup
/// there when its first render will repeat it, otherwise draws anew.
pub fn start() {
    panic::install();
    let props = AppProps::browser();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(root) = document.get_element_by_id(prerender::ROOT_ID) else {
        // An index.html without the root: the whole body is the app's.
        yew::Renderer::<App>::with_props(props).render();
        return;
    };
    let prerendered = root.get_attribute(prerender::MARK);
    let path = document.location().and_then(|l| l.pathname().ok());
    let hydrate = prerender::hydrates(
        prerendered.as_deref(),
        path.as_deref().unwrap_or("/"),
        props.auth.is_signed_in(),
    );
    #[cfg(feature = "hydration")]
    if hydrate {
        // In a task of its own: loading the wasm and taking over the page
        // in one go would block input long enough on a slow phone to be
        // felt (and counted by Lighthouse). The page is usable meanwhile.
        gloo_timers::callback::Timeout::new(0, move || {
            components::keep_typed(&root);
            let app = root.clone();
            yew::Renderer::<App>::with_root_and_props(app, props).hydrate();
            reveal(&document, &root);
        })
        .forget();
        return;
    }
    #[cfg(not(feature = "hydration"))]
    let _ = hydrate;
    root.set_inner_html("");
    reveal(&document, &root);
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}
