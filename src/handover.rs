//! From the guest pages' app to the full one, in the same page. The guest
//! pages run a smaller build (feature `guest`) without the signed-in pages;
//! the first time someone needs one, that build stops and starts the full
//! app (which the loader prefetched once someone typed), handing it the
//! sign-in it holds, which may
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
    let mut handed = crate::auth::storage::parse(session.as_deref(), user.as_deref());
    if let crate::auth::AuthState::SignedIn { fresh, .. } = &mut handed {
        *fresh = pair.get(2).as_bool().unwrap_or(false);
    }
    let (auth, write) = handed_or_stored(handed, crate::auth::storage::peek());
    // Written through as any sign-in is, so this app knows for itself
    // whether storage keeps it (the guest's write may have failed: full).
    if write {
        let _ = crate::auth::storage::save(&auth);
    }
    Some(auth)
}

/// The sign-in the full app starts with, and whether to write it: the one
/// handed over, unless storage holds another sign-in, which another tab
/// wrote after the guest build's own write (it is newer: it wins, as is).
#[cfg(not(feature = "guest"))]
pub fn handed_or_stored(
    handed: crate::auth::AuthState,
    stored: Option<crate::auth::AuthState>,
) -> (crate::auth::AuthState, bool) {
    let token = |a: &crate::auth::AuthState| a.session().map(|s| s.token.clone());
    match stored {
        Some(stored) if stored.is_signed_in() && token(&stored) != token(&handed) => {
            (stored, false)
        }
        _ => (handed, true),
    }
}

#[cfg(all(test, not(feature = "guest")))]
mod tests {
    use super::handed_or_stored;
    use crate::auth::storage::parse;
    use crate::auth::AuthState;

    fn signed_in(token: &str) -> AuthState {
        parse(
            Some(&format!(r#"{{"token":"{token}"}}"#)),
            Some(r#"{"_id":"u1"}"#),
        )
    }

    #[test]
    fn a_newer_sign_in_in_storage_wins_over_the_handed_one() {
        let (auth, write) = handed_or_stored(signed_in("old"), Some(signed_in("new")));
        assert_eq!(auth.session().map(|s| s.token.as_str()), Some("new"));
        assert!(!write);
        // The guest's own write, or nothing kept (storage full or blocked):
        // the handed one, written through.
        for stored in [Some(signed_in("old")), None, Some(AuthState::SignedOut)] {
            let (auth, write) = handed_or_stored(signed_in("old"), stored);
            assert_eq!(auth.session().map(|s| s.token.as_str()), Some("old"));
            assert!(write);
        }
    }
}

#[cfg(feature = "guest")]
thread_local! {
    /// This build's running app and the element it runs in, to stop it
    /// before the full one starts.
    static RUNNING: std::cell::RefCell<Option<(yew::AppHandle<crate::app::App>, web_sys::Element)>> =
        const { std::cell::RefCell::new(None) };
}

/// Remembers the guest build's running app and its root element.
#[cfg(feature = "guest")]
pub fn running(app: yew::AppHandle<crate::app::App>, root: web_sys::Element) {
    RUNNING.with(|r| *r.borrow_mut() = Some((app, root)));
}

/// Stops this (guest) app and starts the full one in its place with the
/// sign-in `auth`, through the loader's `altogicLoadFull` (`Trunk.toml`),
/// which the page has when it names a full app. Runs once; a second call
/// finds nothing to stop.
#[cfg(feature = "guest")]
pub fn to_full_app(auth: &crate::auth::AuthState) {
    let Some((app, root)) = RUNNING.with(|r| r.borrow_mut().take()) else {
        return;
    };
    let Some(window) = web_sys::window() else {
        return;
    };
    let load =
        window_property("altogicLoadFull").and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let Some(load) = load else {
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
    if let Some(fresh) = window.document().and_then(|d| d.create_element("div").ok()) {
        fresh.set_id(&root.id());
        let _ = root.replace_with_with_node_1(&fresh);
    }
    let _ = load.call0(&JsValue::NULL);
}
