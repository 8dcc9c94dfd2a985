//! How a page starts, in order. Read beside the page's scripts (`js/`),
//! which run first; each thing the two share is named once, in the table
//! below.
//!
//! 1. **Before the first paint** (`js/languages.js`, then `js/early.js`):
//!    the visitor is sent to the page in their language; a stored
//!    session marks `<html>` `signed-in`, and the stylesheet hides the
//!    prerendered guest markup; a click on "Continue with …" marks this tab
//!    as the one that asked for that provider; the prerendered form's button
//!    is enabled as it is parsed (before it paints), and a submit made
//!    before the app runs is held, shown busy, and left for the app.
//! 2. **The loader** (`js/loader.js`, a module): fetches the app's wasm
//!    and JS (named by `<meta name="altogic-app">`), and for a page that
//!    opens on a signed-in or phone page also the chunk of those pages
//!    (`chunk`), side by side; once someone types on a guest page, the
//!    chunk is prefetched for the profile that follows. It starts the wasm
//!    after the first paint.
//! 3. **`start`** (here): refuses a page that names no backend; fetches the
//!    chunk first if the first page needs it (the prerendered page stays,
//!    and takes input, meanwhile); then draws the app in place of the
//!    prerendered markup, in the same frame, keeping what was typed, the
//!    keyboard's place and a held submit (`components::takeover`).
//!
//! | shared with the page and `js/`    | Rust                              |
//! |-----------------------------------|-----------------------------------|
//! | `<div id="app">`                  | [`ROOT_ID`]                       |
//! | `data-prerendered` on it          | [`PRERENDERED_ATTR`]              |
//! | `<html class="signed-in">`        | [`SIGNED_IN_CLASS`]               |
//! | `<html data-chunk>`               | [`CHUNK_ATTR`]                    |
//! | `window.altogicEarlySubmit`       | `components::takeover::EARLY_SUBMIT` |
//! | `sessionStorage.oauthProvider`    | `auth::return_to::PROVIDER_KEY`   |
//! | `data-busy` on a submit button    | `components::form::submit`        |
//! | `<meta name="altogic-app">`       | `prerender::APP_META`             |
//! | a panic (`WebAssembly.RuntimeError`) | the crash screen, `js/crash.js` |
//! | `<template id="crash-page">`      | its words: `prerender::document`  |
//! | `<script id="altogic-texts">`     | [`crate::i18n::TEXTS_ID`]         |
//! | `<html lang>`, a `/de` prefix     | `i18n::lang`, `i18n::base_of`     |
//! | `<meta name="altogic-languages">`, `#languages`, `localStorage.lang` | written by the site writer (`prerender`); the app never reads them |

use yew_router::Routable;

use crate::app::{App, AppProps};
use crate::auth::{storage, AuthState};
use crate::chunk;
use crate::components::takeover;
use crate::config;
use crate::i18n;
use crate::route::{needs_chunk, Route};

/// The element the app lives in; `index.html` has it empty.
pub const ROOT_ID: &str = "app";
/// The attribute of the root that names the route the markup was
/// prerendered for. The app removes it once it has taken over (or emptied)
/// the root.
pub const PRERENDERED_ATTR: &str = "data-prerendered";
/// Set on `<html>` by `js/early.js` when storage holds a
/// session: the stylesheet then hides prerendered guest markup, so a
/// signed-in person never sees the guest form before going to the profile.
pub const SIGNED_IN_CLASS: &str = "signed-in";

/// Set on `<html>` by the prerenderer for a page that opens on a page of
/// the chunk (`route::in_chunk`): the loader fetches the chunk beside the
/// app.
pub const CHUNK_ATTR: &str = "data-chunk";

/// Starts the app (`main.rs`).
pub fn start() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if config::get().is_none() {
        not_configured(&document);
        return;
    }
    let auth = storage::load();
    crate::auth::return_to::remember_from_address();
    let path = document.location().and_then(|l| l.pathname().ok());
    let path = path.unwrap_or_else(|| "/".to_owned());
    // A page of a language other than the site's default is under its
    // prefix (`/de/login`): routes are recognized without it.
    let base = i18n::base_of(&path, i18n::lang());
    let path = i18n::strip_base(&path, base.as_deref()).to_owned();
    let route = Route::recognize(&path).unwrap_or(Route::NotFound);
    if needs_chunk(&route, auth.is_signed_in()) {
        yew::platform::spawn_local(async move {
            // If it fails, the page says so and offers to try again
            // (`app::ChunkPage`).
            let _ = chunk::load().await;
            take_over(&document, &path, base, auth);
        });
    } else {
        take_over(&document, &path, base, auth);
    }
}

/// Draws the app in its root element, in place of the prerendered markup
/// there. When the first render repeats that page, what the person typed
/// and where the keyboard was are carried over.
fn take_over(document: &web_sys::Document, path: &str, base: Option<String>, auth: AuthState) {
    let props = AppProps::browser(auth, base);
    let Some(root) = document.get_element_by_id(ROOT_ID) else {
        // An index.html without the root: the whole body is the app's.
        yew::Renderer::<App>::with_props(props).render();
        return;
    };
    let prerendered = root.get_attribute(PRERENDERED_ATTR);
    if same_page(prerendered.as_deref(), path, props.auth.is_signed_in()) {
        takeover::keep(&root);
    }
    // The first render comes in a microtask, so the page is swapped before
    // the browser paints again: never a frame without it.
    root.set_inner_html("");
    reveal(document, &root);
    yew::Renderer::<App>::with_root_and_props(root, props).render();
}

/// Whether the app's first render at `path` repeats the markup it finds
/// there (prerendered for the route `prerendered`, if at all): the same
/// route, and a guest, as at build time. Only then is what the person typed
/// carried over into it.
pub fn same_page(prerendered: Option<&str>, path: &str, signed_in: bool) -> bool {
    let route = |path| Route::recognize(path).unwrap_or(Route::NotFound);
    match prerendered {
        Some(built_for) => !signed_in && route(built_for) == route(path),
        None => false,
    }
}

/// Marks the prerendered markup as the app's now: it is shown again if it was
/// hidden for a stored session, and tests can tell the app has started.
fn reveal(document: &web_sys::Document, root: &web_sys::Element) {
    let _ = root.remove_attribute(PRERENDERED_ATTR);
    if let Some(html) = document.document_element() {
        let _ = html.class_list().remove_1(SIGNED_IN_CLASS);
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

#[cfg(test)]
mod tests {
    use super::same_page;

    #[test]
    fn carries_over_only_into_the_same_page() {
        // A guest on the page it was built for, also with a trailing slash.
        assert!(same_page(Some("/login"), "/login", false));
        assert!(same_page(Some("/login"), "/login/", false));
        assert!(same_page(Some("/"), "/", false));
        // Any unknown path is served the not-found page.
        assert!(same_page(Some("/404"), "/no/such/page", false));
        // Signed in: the guard sends them on, so the markup would differ.
        assert!(!same_page(Some("/login"), "/login", true));
        assert!(!same_page(Some("/404"), "/nowhere", true));
        // Markup of another page (a host serving the wrong file), or none.
        assert!(!same_page(Some("/"), "/login", false));
        assert!(!same_page(Some("/404"), "/login", false));
        assert!(!same_page(None, "/login", false));
        assert!(!same_page(Some("garbage"), "/login", false));
    }
}
