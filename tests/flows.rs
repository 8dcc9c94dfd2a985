//! The seed's flows in a real browser against the local backend, which the
//! test command starts in test mode at `EMULATOR_URL`.
#![cfg(target_arch = "wasm32")]

mod common;

use altogic_auth::altogic::auth::SignedIn;
use altogic_auth::altogic::Api;
use altogic_auth::auth::storage::{SESSION_KEY, USER_KEY};
use common::{open, path, settle, storage, use_backend};
use gloo_net::http::Request;
use wasm_bindgen_test::*;
use yew::Callback;

wasm_bindgen_test_configure!(run_in_browser);

const BACKEND: &str = match option_env!("EMULATOR_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:8797",
};

/// Points the app at the test backend and sets email verification for
/// this test. Nothing is wiped between tests:
/// an app of an earlier test may still have a call in flight, and a wiped
/// session would make it sign out and move the page all tests share.
async fn set_verification(verification: bool) {
    use_backend(BACKEND);
    let response = Request::post(&format!("{BACKEND}/_test/settings"))
        .header("Content-Type", "application/json")
        .header("X-Client-Key", "local-client-key")
        .body(format!("{{\"emailVerification\":{verification}}}"))
        .unwrap()
        .send()
        .await
        .expect("the test backend runs (scripts/test starts it)");
    assert_eq!(response.status(), 200);
}

/// An address of this run only, so runs against one backend do not meet.
fn email(name: &str) -> String {
    thread_local! {
        static RUN: u64 = js_sys::Date::now() as u64;
    }
    RUN.with(|run| format!("{name}-{run}@example.com"))
}

fn guest() -> Api {
    Api::new(None, Callback::noop())
}

/// An account made through the API (verification off), signed in.
async fn account(email: &str) -> SignedIn {
    let up = guest()
        .send(altogic_auth::altogic::auth::sign_up(
            email,
            "secret1",
            &altogic_auth::altogic::auth::UserData::named("Ada"),
        ))
        .await
        .unwrap();
    SignedIn {
        user: up.user.unwrap(),
        session: up.session.unwrap(),
    }
}

/// A verified account (verification on): signed up, its mailed link opened
/// without following the redirect. Altogic sends magic links only to
/// verified addresses.
async fn verified_account(email: &str) {
    set_verification(true).await;
    guest()
        .send(altogic_auth::altogic::auth::sign_up(
            email,
            "secret1",
            &altogic_auth::altogic::auth::UserData::named("Ada"),
        ))
        .await
        .unwrap();
    let mails = outbox(email).await;
    let link = mails[0]["link"].as_str().unwrap();
    let opened = Request::get(link)
        .redirect(web_sys::RequestRedirect::Manual)
        .send()
        .await
        .unwrap();
    // A redirect not followed is an opaque answer.
    assert_eq!(opened.status(), 0);
}

fn stored(s: &SignedIn) -> [(&'static str, String); 2] {
    [
        (SESSION_KEY, s.session.json().to_owned()),
        (USER_KEY, s.user.json().to_owned()),
    ]
}

/// The mails and SMS sent to `to`, newest first.
async fn outbox(to: &str) -> Vec<serde_json::Value> {
    let body = Request::get(&format!("{BACKEND}/_outbox/messages?to={to}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&body).unwrap()
}

async fn outbox_count(to: &str) -> usize {
    outbox(to).await.len()
}

#[wasm_bindgen_test]
async fn login_shows_server_errors_and_keeps_what_was_typed() {
    set_verification(false).await;
    account(&email("ada")).await;
    let app = open("/login", &[]);
    assert!(settle(|| app.find("#email").is_some()).await);
    app.type_into("email", &email("ada"));
    app.type_into("password", "wrong-password");
    app.click("button[type=submit]");
    assert!(
        settle(|| app
            .text()
            .contains("That email address and password do not match"))
        .await,
        "{}",
        app.text()
    );
    assert_eq!(path(), "/login");
    assert_eq!(app.input("email").value(), email("ada"));
    assert_eq!(app.input("password").value(), "wrong-password");
    assert!(app.find(".alert.error[role=alert]").is_some());

    app.type_into("password", "secret1");
    app.click("button[type=submit]");
    assert!(settle(|| path() == "/profile").await, "still at {}", path());
    assert!(
        settle(|| app.heading() == "Hello, Ada").await,
        "{}",
        app.text()
    );
    assert!(storage().get_item(SESSION_KEY).unwrap().is_some());
}

/// Counts the page's calls of `fetch` from now on; read with `fetches()`.
fn count_fetches() {
    js_sys::Function::new_no_args(
        "const f = window.fetch; window.fetches = 0; \
         window.fetch = (...args) => { window.fetches++; return f(...args); };",
    )
    .call0(&wasm_bindgen::JsValue::NULL)
    .unwrap();
}

fn fetches() -> f64 {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::get(&window, &"fetches".into())
        .unwrap()
        .as_f64()
        .unwrap()
}

#[wasm_bindgen_test]
async fn login_checks_fields_before_sending() {
    set_verification(false).await;
    let app = open("/login", &[]);
    assert!(settle(|| app.find("#email").is_some()).await);
    count_fetches();
    app.type_into("email", "not-an-email");
    app.click("button[type=submit]");
    assert!(
        settle(|| app
            .text()
            .contains("Enter an email address like name@example.com."))
        .await
    );
    // The messages are shown without asking the server.
    assert_eq!(fetches(), 0.0);
    assert!(app.text().contains("Enter your password."));
    assert_eq!(
        app.input("email").get_attribute("aria-invalid").as_deref(),
        Some("true")
    );
    assert_eq!(
        app.input("email")
            .get_attribute("aria-describedby")
            .as_deref(),
        Some("email-error")
    );
}

#[wasm_bindgen_test]
async fn register_without_verification_signs_in_at_once() {
    set_verification(false).await;
    let app = open("/register", &[]);
    assert!(settle(|| app.find("#name").is_some()).await);
    app.type_into("email", &email("grace"));
    app.type_into("name", "Grace");
    app.type_into("password", "secret1");
    app.click("button[type=submit]");
    assert!(
        settle(|| path() == "/profile").await,
        "still at {}: {}",
        path(),
        app.text()
    );
    assert!(settle(|| app.heading() == "Hello, Grace").await);
}

#[wasm_bindgen_test]
async fn register_with_verification_asks_to_check_the_inbox() {
    set_verification(true).await;
    let app = open("/register", &[]);
    assert!(settle(|| app.find("#name").is_some()).await);
    app.type_into("email", &email("lin"));
    app.type_into("name", "Lin");
    app.type_into("password", "secret1");
    app.click("button[type=submit]");
    assert!(
        settle(|| app.text().contains(
            "Your account has been created. Please check your email to verify your account."
        ))
        .await,
        "{}",
        app.text()
    );
    assert_eq!(path(), "/register");
    assert_eq!(storage().get_item(SESSION_KEY).unwrap(), None);
    assert_eq!(outbox_count(&email("lin")).await, 1);

    // The same address again: the server's message, the input kept.
    app.type_into("email", &email("lin"));
    app.type_into("name", "Lin");
    app.type_into("password", "secret1");
    app.click("button[type=submit]");
    assert!(
        settle(|| app.text().contains("already exists")).await,
        "{}",
        app.text()
    );
    assert_eq!(app.input("email").value(), email("lin"));
}

#[wasm_bindgen_test]
async fn sessions_list_marks_the_current_one_and_revoke_removes_another() {
    set_verification(false).await;
    let first = account(&email("sam")).await;
    let second = guest()
        .send(altogic_auth::altogic::auth::sign_in(
            &email("sam"),
            "secret1",
        ))
        .await
        .unwrap();
    let [s, u] = stored(&second);
    let app = open("/profile", &[(s.0, &s.1), (u.0, &u.1)]);
    assert!(
        settle(|| app.count(".session") == 2).await,
        "{}",
        app.text()
    );
    let current = app
        .find(".session.current")
        .expect("the current session is marked");
    assert!(current.text_content().unwrap().contains("Current Session"));
    assert_eq!(app.count(".session.current"), 1);
    assert_eq!(
        app.count(".session button"),
        1,
        "only other sessions can be revoked"
    );

    app.click(".session button");
    assert!(
        settle(|| app.count(".session") == 1).await,
        "{}",
        app.text()
    );
    assert_eq!(path(), "/profile");
    // That session is over on the server.
    let old = Api::new(Some(&first.session.token), Callback::noop());
    let err = old
        .send(altogic_auth::altogic::auth::current_user())
        .await
        .unwrap_err();
    assert!(err.is_dead_session(), "{err:?}");
}

#[wasm_bindgen_test]
async fn a_dead_session_lands_on_login_and_is_forgotten() {
    set_verification(false).await;
    let me = account(&email("tom")).await;
    // Signed out elsewhere (say, "sign out everywhere" on another device).
    Api::new(Some(&me.session.token), Callback::noop())
        .send(altogic_auth::altogic::auth::sign_out(None))
        .await
        .unwrap();
    let [s, u] = stored(&me);
    let app = open("/profile", &[(s.0, &s.1), (u.0, &u.1)]);
    assert!(
        settle(|| path() == "/login").await,
        "still at {}: {}",
        path(),
        app.text()
    );
    assert_eq!(storage().get_item(SESSION_KEY).unwrap(), None);
    assert_eq!(storage().get_item(USER_KEY).unwrap(), None);
}

#[wasm_bindgen_test]
async fn magic_link_request_says_email_sent() {
    verified_account(&email("mia")).await;
    let app = open("/login-with-magic-link", &[]);
    assert!(settle(|| app.find("#email").is_some()).await);
    app.type_into("email", &email("mia"));
    app.click("button[type=submit]");
    assert!(
        settle(|| app.text().contains("Email sent! Check your inbox.")).await,
        "{}",
        app.text()
    );
    assert_eq!(app.input("email").value(), "");
    // The verification mail, then the magic link.
    assert_eq!(outbox_count(&email("mia")).await, 2);
}
