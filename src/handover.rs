//! From the guest pages' app to the full one, in the same page. The guest
//! pages run a smaller build (feature `guest`) without the signed-in pages;
//! the first time someone needs one, that build stops and starts the full
//! app (prefetched meanwhile), handing it the sign-in it holds, which may
//! live only in memory (storage blocked or full). The URL is already the
//! page's: the full app opens it as if it had been there all along.

use wasm_bindgen::{JsCast, JsValue};

/// Where the guest build leaves the sign-in for the full one: an array of
/// the session's and the user's JSON and whether the user just came from
/// the server, or nothing.
const HANDOVER: &str = "altogicHandover";

fn window_property(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str(name)).ok()
}

/// The sign-in the guest build handed over, once.
#[cfg(not(feature = "guest"))]
pub fn take() -> Option<crate::auth::AuthState> {
    let value = window_property(HANDOVER).filter(|v| !v.is_undefined())?;
    if let Some(window) = web_sys::window() {
        let _ = js_sys::Reflect::delete_property(&window, &JsValue::from_str(HANDOVER));
    }
    let pair: js_sys::Array = value.dyn_into().ok()?;
    let session = pair.get(0).as_string();
    let user = pair.get(1).as_string();
    let mut auth = crate::auth::storage::parse(session.as_deref(), user.as_deref());
    if let crate::auth::AuthState::SignedIn { fresh, .. } = &mut auth {
        *fresh = pair.get(2).as_bool().unwrap_or(false);
    }
    // Written through as any sign-in is, so this app knows for itself
    // whether storage keeps it (the guest's write may have failed: full).
    let _ = crate::auth::storage::save(&auth);
    Some(auth)
}

#[cfg(feature = "guest")]
thread_local! {
    /// This build's running app, to stop it before the full one starts.
    static RUNNING: std::cell::RefCell<Option<yew::AppHandle<crate::app::App>>> =
        const { std::cell::RefCell::new(None) };
}

/// The full app's JS and wasm, as the guest page names them (`prerender.rs`).
#[cfg(feature = "guest")]
fn full_app_files() -> Option<(String, String)> {
    let document = web_sys::window()?.document()?;
    let selector = format!("meta[name=\"{}\"]", crate::prerender::FULL_APP_META);
    let content = document
        .query_selector(&selector)
        .ok()??
        .get_attribute("content")?;
    let js = content.split(' ').find(|f| f.ends_with(".js"))?;
    let wasm = content.split(' ').find(|f| f.ends_with("_bg.wasm"))?;
    Some((js.to_owned(), wasm.to_owned()))
}

/// Fetches the full app at the lowest priority as soon as someone types
/// into a form (a sign-in is coming), so that it is in the cache by then;
/// a visitor who only reads the page never downloads it.
#[cfg(feature = "guest")]
pub fn prefetch_full_app_on_input() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = document.clone();
    gloo_events::EventListener::once(&target, "input", move |_| {
        let Some(files) = full_app_files() else {
            return;
        };
        for file in [files.0, files.1] {
            if let (Ok(link), Some(head)) = (document.create_element("link"), document.head()) {
                let _ = link.set_attribute("rel", "prefetch");
                let _ = link.set_attribute("href", &file);
                let _ = head.append_child(&link);
            }
        }
    })
    .forget();
}

/// Remembers the guest build's running app.
#[cfg(feature = "guest")]
pub fn running(app: yew::AppHandle<crate::app::App>) {
    RUNNING.with(|r| *r.borrow_mut() = Some(app));
}

/// Stops this (guest) app and starts the full one in its place with the
/// sign-in `auth`. Runs once; a second call finds nothing to stop.
#[cfg(feature = "guest")]
pub fn to_full_app(auth: &crate::auth::AuthState) {
    let Some(app) = RUNNING.with(|r| r.borrow_mut().take()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let files = full_app_files();
    let load = window_property("altogicLoad").and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let (Some((js, wasm)), Some(load)) = (files, load) else {
        // No way to the full app here: a page load brings it.
        let _ = window.location().reload();
        return;
    };
    if let (Some(session), Some(user)) = (auth.session(), auth.user()) {
        let pair = js_sys::Array::of3(
            &session.json().into(),
            &user.json().into(),
            &auth.is_fresh().into(),
        );
        let _ = js_sys::Reflect::set(&window, &JsValue::from_str(HANDOVER), &pair);
    }
    app.destroy();
    // A fresh root: whatever this app left on the old one goes with it.
    if let (Some(old), Ok(fresh)) = (
        document.get_element_by_id(crate::prerender::ROOT_ID),
        document.create_element("div"),
    ) {
        fresh.set_id(crate::prerender::ROOT_ID);
        let _ = old.replace_with_with_node_1(&fresh);
    }
    let _ = load.call2(&JsValue::NULL, &js.into(), &wasm.into());
}
