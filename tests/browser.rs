//! The app in a real browser (headless Chromium via wasm-bindgen-test):
//! it mounts, and the guards send people where they belong.
#![cfg(target_arch = "wasm32")]

mod common;

use altogic_auth::auth::storage::{SESSION_KEY, USER_KEY};
use common::{path, settle, storage, use_backend, window, Mounted};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const SESSION: &str = r#"{"userId":"u1","token":"tok-1","creationDtm":"2026-11-25T10:00:00.000Z","accessGroupKeys":[]}"#;
const USER: &str = r#"{"_id":"u1","email":"ada@example.com","name":"Ada"}"#;

/// No backend listens here: calls fail as network errors, which never sign
/// anyone out, so these tests see the guards alone.
const NO_BACKEND: &str = "http://127.0.0.1:9";

fn open(url: &str, stored: &[(&str, &str)]) -> Mounted {
    use_backend(NO_BACKEND);
    common::open(url, stored)
}

#[wasm_bindgen_test]
async fn the_app_mounts_and_shows_home_to_a_guest() {
    let app = open("/", &[]);
    assert!(settle(|| app.text().contains("Login With Magic Link")).await);
    assert!(app.text().contains("Register"), "{}", app.text());
    assert_eq!(path(), "/");
    assert_eq!(window().document().unwrap().title(), "Altogic Auth");
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

/// In the browser, values are read by `JSON.parse` (not serde_json, as on
/// the host): what is stored is still written back byte for byte, fields
/// this app does not model and odd spacing included, and an answer's user
/// keeps every field it came with.
#[wasm_bindgen_test]
fn stored_values_round_trip_byte_for_byte_through_the_browsers_parser() {
    use altogic_auth::altogic::auth::SignedIn;
    use altogic_auth::altogic::request::parse;
    use altogic_auth::auth::storage;

    let session = r#"{ "token": "tok-9", "userId": "u9", "userAgent": {"family": "Firefox", "major": "140"}, "extra": [1, 2.50, null] }"#;
    let user = r#"{"_id":"u9", "name":"Bo", "favouriteColour":"teal", "n": 1e3}"#;
    let state = storage::parse(Some(session), Some(user));
    assert_eq!(state.session().map(|s| s.json()), Some(session));
    assert_eq!(state.user().map(|u| u.json()), Some(user));
    assert_eq!(
        state.session().and_then(|s| s.user_agent.family.as_deref()),
        Some("Firefox")
    );
    storage::save(&state).expect("storage works here");
    let stored = |key| storage::local_storage().unwrap().get_item(key).unwrap();
    assert_eq!(stored(SESSION_KEY).as_deref(), Some(session));
    assert_eq!(stored(USER_KEY).as_deref(), Some(user));
    storage::save(&altogic_auth::auth::AuthState::SignedOut).unwrap();

    let answer = format!(r#"{{"session": {session}, "user": {user}}}"#);
    let signed_in: SignedIn = parse(200, &answer).expect("a sign-in");
    assert_eq!(signed_in.session.token, "tok-9");
    assert!(signed_in
        .user
        .json()
        .contains(r#""favouriteColour":"teal""#));
    assert!(signed_in.session.json().contains(r#""extra":[1,2.5,null]"#));
}
