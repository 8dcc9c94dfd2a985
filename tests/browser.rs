//! The app in a real browser (headless Chromium via wasm-bindgen-test):
//! it mounts, and the guards send people where they belong.
#![cfg(target_arch = "wasm32")]

use altogic_auth::app::App;
use altogic_auth::auth::storage::{SESSION_KEY, USER_KEY};
use gloo_timers::future::sleep;
use std::time::Duration;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, Storage};
use yew::AppHandle;

wasm_bindgen_test_configure!(run_in_browser);

const SESSION: &str = r#"{"userId":"u1","token":"tok-1","creationDtm":"2026-11-25T10:00:00.000Z","accessGroupKeys":[]}"#;
const USER: &str = r#"{"_id":"u1","email":"ada@example.com","name":"Ada"}"#;

fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

fn storage() -> Storage {
    window().local_storage().unwrap().expect("localStorage")
}

fn path() -> String {
    window().location().pathname().unwrap()
}

/// One mounted app; unmounted and forgotten when dropped, so the next test
/// starts clean (a live app would follow the next test's navigation too).
struct Mounted {
    handle: Option<AppHandle<App>>,
    root: Element,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(handle) = self.handle.take() {
            handle.destroy();
        }
        self.root.remove();
        storage().clear().unwrap();
    }
}

impl Mounted {
    fn text(&self) -> String {
        self.root.text_content().unwrap_or_default()
    }

    fn heading(&self) -> String {
        self.root
            .query_selector("h1")
            .unwrap()
            .and_then(|h| h.text_content())
            .unwrap_or_default()
    }
}

/// Opens `url` as if typed into the address bar, with `stored` in
/// localStorage.
fn open(url: &str, stored: &[(&str, &str)]) -> Mounted {
    let storage = storage();
    storage.clear().unwrap();
    for (key, value) in stored {
        storage.set_item(key, value).unwrap();
    }
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(url))
        .unwrap();
    let document = window().document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = yew::Renderer::<App>::with_root(root.clone()).render();
    Mounted {
        handle: Some(handle),
        root,
    }
}

/// Waits for renders and redirects to settle until `done` holds.
async fn settle(done: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        yew::scheduler::flush().await;
        if done() {
            return true;
        }
        sleep(Duration::from_millis(10)).await;
    }
    false
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_shows_home_to_a_guest() {
    let app = open("/", &[]);
    assert!(settle(|| app.text().contains("Login With Magic Link")).await);
    assert!(app.text().contains("Register"), "{}", app.text());
    assert_eq!(path(), "/");
    assert_eq!(
        window().document().unwrap().title(),
        "Altogic Auth Sample With Yew"
    );
}

#[wasm_bindgen_test]
async fn a_guest_opening_profile_lands_on_login() {
    let app = open("/profile", &[]);
    assert!(settle(|| path() == "/login").await, "still at {}", path());
    assert!(settle(|| app.heading() == "Login to your account").await);
    assert_eq!(window().document().unwrap().title(), "Login");
}

#[wasm_bindgen_test]
async fn a_stored_session_opening_login_lands_on_profile() {
    let app = open("/login", &[(SESSION_KEY, SESSION), (USER_KEY, USER)]);
    assert!(settle(|| path() == "/profile").await, "still at {}", path());
    assert!(
        settle(|| app.heading() == "Hello, Ada").await,
        "{}",
        app.text()
    );
    // The stored sign-in is left as it was.
    assert_eq!(
        storage().get_item(SESSION_KEY).unwrap().as_deref(),
        Some(SESSION)
    );
}

#[wasm_bindgen_test]
async fn a_corrupt_stored_session_means_signed_out() {
    let app = open("/profile", &[(SESSION_KEY, "{\"tok"), (USER_KEY, USER)]);
    assert!(settle(|| path() == "/login").await, "still at {}", path());
    assert!(settle(|| app.heading() == "Login to your account").await);
    // The unreadable values are cleared rather than tried again.
    assert_eq!(storage().get_item(SESSION_KEY).unwrap(), None);
    assert_eq!(storage().get_item(USER_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn an_unknown_path_shows_the_not_found_page() {
    let app = open("/no/such/page", &[]);
    assert!(
        settle(|| app.heading() == "Page not found").await,
        "{}",
        app.text()
    );
    assert_eq!(path(), "/no/such/page");
}
