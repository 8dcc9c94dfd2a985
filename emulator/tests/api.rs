//! Every call of the emulator against its router, in memory: success, each
//! error it promises, and the limits.

use altogic_emulator::config::Settings;
use altogic_emulator::store::Store;
use altogic_emulator::{router, AppState};
use axum::body::{to_bytes, Body};
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use tower::ServiceExt;

const KEY: &str = "local-client-key";
const REST: &str = "/_api/rest/v1";
const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36";

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Value,
    text: String,
    bytes: Vec<u8>,
}

impl Reply {
    fn code(&self) -> &str {
        self.body["errors"][0]["code"].as_str().unwrap_or("")
    }

    fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    /// Asserts an error reply in Altogic's envelope.
    fn assert_error(&self, status: StatusCode, code: &str) {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.code(), code, "{}", self.text);
        let item = &self.body["errors"][0];
        assert_eq!(item["origin"], "client_error");
        assert!(
            item["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{}",
            self.text
        );
    }
}

struct Api {
    app: Router,
}

fn settings(verification: bool) -> Settings {
    let mut s = Settings::for_tests();
    s.email_verification = verification;
    s.redirect_url = "http://app.test/auth-redirect".into();
    s.public_url = Some("http://emu.test".into());
    s.max_upload_bytes = 1024;
    s.max_body_bytes = 4096;
    s
}

impl Api {
    fn new(verification: bool) -> Self {
        Self::with(settings(verification))
    }

    fn with(settings: Settings) -> Self {
        let state = AppState::new(settings, Store::in_memory().unwrap());
        Self { app: router(state) }
    }

    /// Sends `request`; a call of /_test gets what the test endpoints ask
    /// of a caller (JSON, the client key) unless it says otherwise.
    async fn send(&self, mut request: Request<Body>) -> Reply {
        if request.uri().path().starts_with("/_test/") {
            let headers = request.headers_mut();
            if !headers.contains_key(header::CONTENT_TYPE) {
                headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
            }
            if !headers.contains_key("x-client-key") {
                headers.insert("x-client-key", KEY.parse().unwrap());
            }
        }
        self.raw(request).await
    }

    /// Sends `request` as it is.
    async fn raw(&self, request: Request<Body>) -> Reply {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = to_bytes(response.into_body(), 10 << 20).await.unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
            bytes: bytes.to_vec(),
        }
    }

    async fn call(
        &self,
        method: Method,
        path: &str,
        session: Option<&str>,
        body: Option<Value>,
    ) -> Reply {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("x-client-key", KEY)
            .header(header::USER_AGENT, CHROME);
        if let Some(token) = session {
            req = req.header("session", token);
        }
        let body = match body {
            Some(json) => {
                req = req.header(header::CONTENT_TYPE, "application/json");
                Body::from(json.to_string())
            }
            None => Body::empty(),
        };
        self.send(req.body(body).unwrap()).await
    }

    async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, &format!("{REST}/{path}"), None, Some(body))
            .await
    }

    async fn post_empty(&self, path: &str) -> Reply {
        self.call(Method::POST, &format!("{REST}/{path}"), None, None)
            .await
    }

    async fn post_as(&self, token: &str, path: &str, body: Option<Value>) -> Reply {
        self.call(Method::POST, &format!("{REST}/{path}"), Some(token), body)
            .await
    }

    async fn get_as(&self, token: Option<&str>, path: &str) -> Reply {
        self.call(Method::GET, &format!("{REST}/{path}"), token, None)
            .await
    }

    async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    async fn signup(&self, email: &str, password: &str, name: &str) -> Reply {
        self.post(
            "auth/signup-email",
            json!({"email": email, "password": password, "nameOrUserData": name}),
        )
        .await
    }

    /// Signs up with verification off and returns `(user id, session token)`.
    async fn account(&self, email: &str) -> (String, String) {
        let r = self.signup(email, "secret1", "Ada").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        (
            r.body["user"]["_id"].as_str().unwrap().to_owned(),
            r.body["session"]["token"].as_str().unwrap().to_owned(),
        )
    }

    /// Signs up with verification on, opens the mailed link and trades its
    /// token: `(user id, session token)` of a verified account.
    async fn verified_account(&self, email: &str) -> (String, String) {
        let r = self.signup(email, "secret1", "Vera").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let mail = self.latest_mail(&email.replace('+', "%2B")).await;
        let back = self.open(mail["link"].as_str().unwrap()).await;
        let key = param(&back, "access_token").unwrap();
        let granted = self.get_as(None, &format!("auth/grant?key={key}")).await;
        assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
        (
            granted.body["user"]["_id"].as_str().unwrap().to_owned(),
            granted.body["session"]["token"]
                .as_str()
                .unwrap()
                .to_owned(),
        )
    }

    async fn signin(&self, email: &str, password: &str) -> Reply {
        self.post(
            "auth/signin-email",
            json!({"email": email, "password": password}),
        )
        .await
    }

    async fn latest_mail(&self, to: &str) -> Value {
        let r = self.get(&format!("/_outbox/messages?to={to}")).await;
        r.body[0].clone()
    }

    /// Opens a mail's link and returns the query the app is sent back with.
    async fn open(&self, link: &str) -> url::Url {
        let path = link.strip_prefix("http://emu.test").unwrap();
        let r = self.get(path).await;
        assert!(r.status.is_redirection(), "{} {}", r.status, r.text);
        url::Url::parse(&r.location()).unwrap()
    }
}

fn param(url: &url::Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn client_key_is_required() {
    let api = Api::new(false);
    let no_key = Request::post(format!("{REST}/auth/signin-email"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    api.send(no_key)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_client_key");
    let wrong = Request::post(format!("{REST}/auth/signin-email"))
        .header("x-client-key", "nope")
        .body(Body::from("{}"))
        .unwrap();
    api.send(wrong)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_client_key");
}

#[tokio::test]
async fn signup_without_verification_signs_in_at_once() {
    let api = Api::new(false);
    let r = api.signup("Ada@Example.com", "secret1", "Ada").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let user = &r.body["user"];
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["name"], "Ada");
    assert_eq!(user["provider"], "altogic");
    assert!(user.get("password").is_none());
    let session = &r.body["session"];
    assert_eq!(session["userId"], user["_id"]);
    assert_eq!(session["token"].as_str().unwrap().len(), 64);
    assert_eq!(session["accessGroupKeys"], json!([]));
    assert_eq!(session["userAgent"]["family"], "Chrome");
    assert_eq!(session["userAgent"]["major"], "120");
    assert_eq!(session["userAgent"]["os"]["family"], "Linux");
    assert!(session["creationDtm"].as_str().unwrap().ends_with('Z'));

    let me = api.get_as(session["token"].as_str(), "auth/user").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["_id"], user["_id"]);
}

#[tokio::test]
async fn signup_with_verification_mails_a_link_that_grants_a_session() {
    let api = Api::new(true);
    let r = api.signup("bob@example.com", "secret1", "Bob").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session"], Value::Null);
    assert_eq!(r.body["user"]["emailVerified"], false);

    api.signin("bob@example.com", "secret1")
        .await
        .assert_error(StatusCode::FORBIDDEN, "email_not_verified");

    let mail = api.latest_mail("bob@example.com").await;
    assert_eq!(mail["action"], "email-confirm");
    let link = mail["link"].as_str().unwrap().to_owned();
    let back = api.open(&link).await;
    assert_eq!(back.path(), "/auth-redirect");
    assert_eq!(param(&back, "action").as_deref(), Some("email-confirm"));
    assert_eq!(param(&back, "status").as_deref(), Some("200"));
    let key = param(&back, "access_token").unwrap();

    let granted = api.get_as(None, &format!("auth/grant?key={key}")).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    assert_eq!(granted.body["user"]["emailVerified"], true);
    assert!(granted.body["session"]["token"].is_string());

    // Single use: the key and the link are spent.
    api.get_as(None, &format!("auth/grant?key={key}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_access_token");
    let again = api.open(&link).await;
    assert_eq!(param(&again, "status").as_deref(), Some("401"));
    assert!(param(&again, "error").is_some());
    assert!(param(&again, "access_token").is_none());

    assert_eq!(
        api.signin("bob@example.com", "secret1").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn signup_rejects_bad_input() {
    let api = Api::new(false);
    api.signup("not-an-email", "secret1", "X")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_email");
    api.signup("a@example.com", "12345", "X")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    api.post("auth/signup-email", json!({"password": "secret1"}))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post(
        "auth/signup-email",
        json!({"email": 5, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post(
        "auth/signup-email",
        json!({"email": "a@example.com", "password": "secret1", "nameOrUserData": 7}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post("auth/signup-email", json!(["not", "an", "object"]))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_json");
    let bad_json = Request::post(format!("{REST}/auth/signup-email"))
        .header("x-client-key", KEY)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"email\":"))
        .unwrap();
    api.send(bad_json)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_json");

    api.account("a@example.com").await;
    api.signup("A@EXAMPLE.com", "secret1", "Again")
        .await
        .assert_error(StatusCode::CONFLICT, "email_not_unique");
}

#[tokio::test]
async fn signup_user_data_cannot_set_system_fields() {
    let api = Api::new(false);
    let r = api
        .post(
            "auth/signup-email",
            json!({"email": "c@example.com", "password": "secret1",
                   "nameOrUserData": {"name": "Cy", "city": "Oslo", "_id": "x", "emailVerified": true, "provider": "evil"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let user = &r.body["user"];
    assert_eq!(user["name"], "Cy");
    assert_eq!(user["city"], "Oslo");
    assert_ne!(user["_id"], "x");
    assert_eq!(user["emailVerified"], false);
    assert_eq!(user["provider"], "altogic");
}

#[tokio::test]
async fn signin_errors_do_not_tell_which_accounts_exist() {
    let api = Api::new(false);
    api.account("d@example.com").await;
    let wrong = api.signin("d@example.com", "wrong-pw").await;
    wrong.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let unknown = api.signin("nobody@example.com", "secret1").await;
    unknown.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
    let ok = api.signin(" D@example.com ", "secret1").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert!(ok.body["user"]["lastLoginAt"].is_string());
}

#[tokio::test]
async fn magic_link_signs_in() {
    let api = Api::new(true);
    api.verified_account("e+tag@example.com").await;
    // The JS client does not encode the query: `+` arrives as a space.
    let sent = api
        .post_empty("auth/send-magic?email=e%20tag@example.com")
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let mail = api.latest_mail("e%2Btag@example.com").await;
    assert_eq!(mail["action"], "magic-link");
    let back = api.open(mail["link"].as_str().unwrap()).await;
    assert_eq!(param(&back, "action").as_deref(), Some("magic-link"));
    let key = param(&back, "access_token").unwrap();
    let granted = api.get_as(None, &format!("auth/grant?key={key}")).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    assert_eq!(granted.body["user"]["email"], "e+tag@example.com");
    assert_eq!(granted.body["user"]["emailVerified"], true);

    api.post_empty("auth/send-magic?email=nobody@example.com")
        .await
        .assert_error(StatusCode::NOT_FOUND, "user_not_found");
    api.post_empty("auth/send-magic?email=")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post_empty("auth/send-magic?email=nonsense")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_email");
}

/// The official client's docs: magic links and reset links "work only if
/// email confirmation is enabled … and the user's email address has already
/// been verified", else an error; resending fails for a verified address
/// and when confirmation is off.
#[tokio::test]
async fn links_by_mail_need_verification_on_and_a_verified_address() {
    let api = Api::new(true);
    api.signup("unverified@example.com", "secret1", "Una").await;
    let before = api.get("/_outbox/messages?to=unverified@example.com").await;
    for call in ["send-magic", "send-reset"] {
        api.post_empty(&format!("auth/{call}?email=unverified@example.com"))
            .await
            .assert_error(StatusCode::FORBIDDEN, "email_not_verified");
    }
    let after = api.get("/_outbox/messages?to=unverified@example.com").await;
    assert_eq!(after.body, before.body, "no mail went out");

    let off = Api::new(false);
    off.account("plain@example.com").await;
    for call in ["send-magic", "send-reset", "resend"] {
        off.post_empty(&format!("auth/{call}?email=plain@example.com"))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "email_confirmation_disabled");
    }
    assert_eq!(
        off.get("/_outbox/messages?to=plain@example.com").await.body,
        json!([])
    );
}

#[tokio::test]
async fn resend_verification() {
    let api = Api::new(true);
    api.signup("f@example.com", "secret1", "Fay").await;
    let r = api.post_empty("auth/resend?email=f@example.com").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mails = api.get("/_outbox/messages?to=f@example.com").await;
    assert_eq!(mails.body.as_array().unwrap().len(), 2);
    api.open(mails.body[0]["link"].as_str().unwrap()).await;
    api.post_empty("auth/resend?email=f@example.com")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "email_already_verified");
    api.post_empty("auth/resend?email=g@example.com")
        .await
        .assert_error(StatusCode::NOT_FOUND, "user_not_found");
}

#[tokio::test]
async fn password_reset_by_mail() {
    let api = Api::new(true);
    let (_, old_session) = api.verified_account("h@example.com").await;
    let r = api.post_empty("auth/send-reset?email=h@example.com").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mail = api.latest_mail("h@example.com").await;
    assert_eq!(mail["action"], "reset-pwd");
    let back = api.open(mail["link"].as_str().unwrap()).await;
    assert_eq!(param(&back, "action").as_deref(), Some("reset-pwd"));
    let key = param(&back, "access_token").unwrap();

    // A reset key does not sign anyone in.
    api.get_as(None, &format!("auth/grant?key={key}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_access_token");
    api.post(
        &format!("auth/reset-pwd?key={key}"),
        json!({"newPassword": "short"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    let done = api
        .post(
            &format!("auth/reset-pwd?key={key}"),
            json!({"newPassword": "brand-new"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    api.post(
        &format!("auth/reset-pwd?key={key}"),
        json!({"newPassword": "brand-new2"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_access_token");

    api.signin("h@example.com", "secret1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(
        api.signin("h@example.com", "brand-new").await.status,
        StatusCode::OK
    );
    // Sessions opened with the old password are over.
    api.get_as(Some(&old_session), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn change_password() {
    let api = Api::new(false);
    let (_, token) = api.account("i@example.com").await;
    api.post_as(
        &token,
        "auth/change-pwd",
        Some(json!({"newPassword": "another1", "oldPassword": "nope"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
    api.post_as(
        &token,
        "auth/change-pwd",
        Some(json!({"newPassword": "abc", "oldPassword": "secret1"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    let ok = api
        .post_as(
            &token,
            "auth/change-pwd",
            Some(json!({"newPassword": "another1", "oldPassword": "secret1"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(
        api.signin("i@example.com", "another1").await.status,
        StatusCode::OK
    );
    api.post_empty("auth/change-pwd")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
}

#[tokio::test]
async fn change_email_at_once_or_by_link() {
    let api = Api::new(false);
    let (_, token) = api.account("j@example.com").await;
    api.account("taken@example.com").await;
    api.post_as(
        &token,
        "auth/change-email",
        Some(json!({"currentPassword": "secret1", "newEmail": "taken@example.com"})),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "email_not_unique");
    api.post_as(
        &token,
        "auth/change-email",
        Some(json!({"currentPassword": "bad", "newEmail": "k@example.com"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
    let r = api
        .post_as(
            &token,
            "auth/change-email",
            Some(json!({"currentPassword": "secret1", "newEmail": "k@example.com"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["email"], "k@example.com");

    // With verification on, the change waits for the new address's link.
    let api = Api::new(true);
    api.signup("l@example.com", "secret1", "Lu").await;
    let mail = api.latest_mail("l@example.com").await;
    let back = api.open(mail["link"].as_str().unwrap()).await;
    let key = param(&back, "access_token").unwrap();
    let token = api
        .get_as(None, &format!("auth/grant?key={key}"))
        .await
        .body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api
        .post_as(
            &token,
            "auth/change-email",
            Some(json!({"currentPassword": "secret1", "newEmail": "m@example.com"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["email"], "l@example.com");
    let mail = api.latest_mail("m@example.com").await;
    assert_eq!(mail["action"], "change-email");
    let back = api.open(mail["link"].as_str().unwrap()).await;
    assert_eq!(param(&back, "action").as_deref(), Some("change-email"));
    assert_eq!(param(&back, "status").as_deref(), Some("200"));
    // As Altogic: nothing to trade, the change is done (Flutter client's
    // `ChangeEmailRedirect` has no token).
    assert_eq!(param(&back, "access_token"), None, "{back}");
    let me = api.get_as(Some(&token), "auth/user").await;
    assert_eq!(me.body["email"], "m@example.com");
}

#[tokio::test]
async fn sessions_and_signing_out() {
    let api = Api::new(false);
    let (_, first) = api.account("n@example.com").await;
    let second = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let third = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let list = api.get_as(Some(&first), "auth/sessions").await;
    assert_eq!(list.status, StatusCode::OK);
    let tokens: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, [first.as_str(), second.as_str(), third.as_str()]);
    assert_eq!(list.body[0]["userAgent"]["device"]["family"], "Desktop");

    // Sign out another session by its token.
    let r = api
        .post_as(&first, "auth/signout", Some(json!({"token": second})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.get_as(Some(&second), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");

    // Another user's token is not ours to end.
    let (_, stranger) = api.account("o@example.com").await;
    api.post_as(&first, "auth/signout", Some(json!({"token": stranger})))
        .await;
    assert_eq!(
        api.get_as(Some(&stranger), "auth/user").await.status,
        StatusCode::OK
    );

    let r = api.post_as(&first, "auth/signout-all-except", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        api.get_as(Some(&first), "auth/sessions")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    api.get_as(Some(&third), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");

    // No body: this session.
    let fourth = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.post_as(&fourth, "auth/signout", None).await.status,
        StatusCode::OK
    );
    api.get_as(Some(&fourth), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");

    let fifth = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.post_as(&first, "auth/signout-all", None).await.status,
        StatusCode::OK
    );
    for token in [&first, &fifth] {
        api.get_as(Some(token), "auth/sessions")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
    }
}

#[tokio::test]
async fn session_header_rules() {
    let api = Api::new(false);
    api.get_as(None, "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    api.get_as(Some("   "), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    api.get_as(Some("garbage"), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn sessions_expire() {
    let mut s = settings(false);
    s.session_lifetime = -1;
    let api = Api::with(s);
    let (_, token) = api.account("p@example.com").await;
    api.get_as(Some(&token), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn users_object_get_and_update() {
    let api = Api::new(false);
    let (id, token) = api.account("q@example.com").await;
    let (other, _) = api.account("r@example.com").await;

    let got = api
        .post_as(
            &token,
            "db/object/get",
            Some(json!({"model": "users", "id": id, "options": {}})),
        )
        .await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["email"], "q@example.com");
    api.post_as(
        &token,
        "db/object/get",
        Some(json!({"model": "users", "id": other})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    api.post_as(
        &token,
        "db/object/get",
        Some(json!({"model": "posts", "id": id})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "model_not_found");
    api.post("db/object/get", json!({"model": "users", "id": id}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");

    let updated = api
        .post_as(
            &token,
            "db/object/update",
            Some(json!({"model": "users", "id": id, "values": {"name": "Quinn", "city": "Rome"}})),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["name"], "Quinn");
    assert_eq!(updated.body["city"], "Rome");
    assert_eq!(
        api.get_as(Some(&token), "auth/user").await.body["name"],
        "Quinn"
    );

    for field in ["email", "password", "provider", "_id"] {
        let r = api
            .post_as(
                &token,
                "db/object/update",
                Some(json!({"model": "users", "id": id, "values": {field: "x@example.com"}})),
            )
            .await;
        r.assert_error(StatusCode::FORBIDDEN, "field_not_updatable");
        assert_eq!(r.body["errors"][0]["details"]["field"], field);
    }
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": other, "values": {"name": "Hacked"}})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": id, "values": "nope"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": id, "values": {"name": 5}})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

fn multipart(field: &str, file_type: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----emulatortest";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"a.png\"\r\nContent-Type: {file_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(api: &Api, token: &str, query: &str, content_type: &str, body: Vec<u8>) -> Reply {
    let req = Request::post(format!("{REST}/storage/bucket/upload-formdata?{query}"))
        .header("x-client-key", KEY)
        .header("session", token)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    api.send(req).await
}

#[tokio::test]
async fn upload_and_serve_a_file() {
    // Served from another origin than the API's, as Altogic's files are.
    let mut s = settings(false);
    s.files_url = Some("http://files.test/".into());
    let api = Api::with(s);
    let (id, token) = api.account("s@example.com").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
    let options = "%7B%22contentType%22%3A%22image%2Fpng%22%2C%22createBucket%22%3Afalse%7D";
    let (ct, body) = multipart("file", "image/png", png);
    let r = upload(
        &api,
        &token,
        &format!("bucket=root&fileName=user_{id}&options={options}"),
        &ct,
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["fileName"], format!("user_{id}"));
    assert_eq!(r.body["mimeType"], "image/png");
    assert_eq!(r.body["size"], png.len());
    assert_eq!(r.body["bucketId"], "root");
    let public = r.body["publicPath"].as_str().unwrap().to_owned();
    assert_eq!(public, format!("http://files.test/_storage/root/user_{id}"));

    let served = api
        .send(
            Request::get(public.strip_prefix("http://files.test").unwrap())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.bytes, png);

    // The same name again gets a fresh one, so a cached old avatar never shows.
    let (ct, body) = multipart("file", "image/png", png);
    let again = upload(
        &api,
        &token,
        &format!("bucket=root&fileName=user_{id}"),
        &ct,
        body,
    )
    .await;
    assert_eq!(again.body["fileName"], format!("user_{id}-1"));
    assert_ne!(again.body["publicPath"], public);
}

#[tokio::test]
async fn upload_errors() {
    let api = Api::new(false);
    let (_, token) = api.account("t@example.com").await;
    let r = upload(
        &api,
        &token,
        "bucket=root&fileName=x",
        "application/json",
        b"{}".to_vec(),
    )
    .await;
    r.assert_error(StatusCode::BAD_REQUEST, "invalid_multipart");
    let (ct, body) = multipart("other", "image/png", b"abc");
    upload(&api, &token, "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_multipart");
    let (ct, body) = multipart("file", "image/png", &[7u8; 4000]);
    upload(&api, &token, "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Named and typed as a PNG, but not one: refused by its content.
    let (ct, body) = multipart("file", "image/png", b"<svg onload=alert(1)>");
    upload(&api, &token, "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_file_type");
    let (ct, body) = multipart("file", "image/png", b"abc");
    upload(&api, &token, "bucket=nope&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::NOT_FOUND, "bucket_not_found");
    let (ct, body) = multipart("file", "text/plain", b"abc");
    upload(&api, &token, "bucket=root&fileName=../x", &ct, body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let (ct, body) = multipart("file", "text/plain", b"abc");
    upload(&api, "bad-token", "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn oversize_json_body_is_refused_in_the_envelope() {
    let api = Api::new(false);
    let big = "x".repeat(10_000);
    api.post(
        "auth/signin-email",
        json!({"email": big, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[tokio::test]
async fn unknown_endpoints_and_methods() {
    let api = Api::new(false);
    api.post("auth/nope", json!({}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    api.get_as(None, "auth/signin-email")
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    api.get("/nothing/here")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}

/// Opens the local consent page of `provider`: the form's state value and
/// the cookie that must come back with it.
async fn consent(api: &Api, provider: &str) -> (String, String) {
    let page = api.get(&format!("/_auth/{provider}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text);
    let cookie = page.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let state = page
        .text
        .split("name=\"state\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    assert_eq!(cookie, format!("altogic_oauth_state={state}"));
    (state, cookie)
}

/// Posts the consent form; returns the reply (a redirect to the app, or the
/// page again).
async fn decide(api: &Api, provider: &str, cookie: Option<&str>, form: &str) -> Reply {
    let mut req = Request::post(format!("/_auth/{provider}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    api.send(req.body(Body::from(form.to_owned())).unwrap())
        .await
}

/// The redirect back to the app: `(status, access_token or error)`.
fn oauth_outcome(r: &Reply) -> (String, Result<String, String>) {
    assert!(r.status.is_redirection(), "{} {}", r.status, r.text);
    let back = url::Url::parse(&r.location()).unwrap();
    assert!(back.as_str().starts_with("http://app.test/auth-redirect?"));
    let action = param(&back, "action").unwrap_or_default();
    assert!(
        ["oauth-signin", "oauth-signup"].contains(&action.as_str()),
        "{back}"
    );
    let status = param(&back, "status").unwrap();
    match param(&back, "access_token") {
        Some(token) => (status, Ok(token)),
        None => (status, Err(param(&back, "error").unwrap())),
    }
}

async fn oauth_sign_in(api: &Api, provider: &str, name: &str, email: &str) -> Value {
    let (state, cookie) = consent(api, provider).await;
    let form = format!("state={state}&name={name}&email={email}&decision=allow");
    let r = decide(api, provider, Some(&cookie), &form).await;
    let (status, token) = oauth_outcome(&r);
    assert_eq!(status, "200");
    let grant = api
        .get_as(None, &format!("auth/grant?key={}", token.unwrap()))
        .await;
    assert_eq!(grant.status, StatusCode::OK, "{}", grant.text);
    grant.body
}

#[tokio::test]
async fn oauth_consent_page_is_a_form_without_scripts() {
    let api = Api::new(false);
    let page = api.get("/_auth/github").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Sign in to app.test with GitHub"));
    assert!(page
        .text
        .contains("<form method=\"post\" action=\"/_auth/github\">"));
    assert!(!page.text.contains("<script"));
    let policy = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(
        policy.contains("form-action 'self' http://app.test;"),
        "{policy}"
    );
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn oauth_first_sign_in_creates_the_user_and_the_next_finds_it() {
    let api = Api::new(true);
    let first = oauth_sign_in(&api, "github", "Grace+Hopper", "Grace%40Example.com").await;
    let user = &first["user"];
    assert_eq!(user["provider"], "github");
    assert_eq!(user["providerUserId"], "grace@example.com");
    assert_eq!(user["email"], "grace@example.com");
    assert_eq!(user["emailVerified"], true);
    assert_eq!(user["name"], "Grace Hopper");
    assert!(first["session"]["token"].is_string());

    let again = oauth_sign_in(&api, "github", "Someone+Else", "grace%40example.com").await;
    assert_eq!(again["user"]["_id"], user["_id"]);
    assert_eq!(again["user"]["name"], "Grace Hopper");
    let counts = api.get("/_test/counts").await;
    assert_eq!(counts.body["users"], 1);
    assert_eq!(counts.body["sessions"], 2);

    // No password: password sign-in is refused like any wrong password.
    api.post(
        "auth/signin-email",
        json!({"email": "grace@example.com", "password": "anything"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn oauth_deny_comes_back_with_an_error() {
    let api = Api::new(false);
    let (state, cookie) = consent(&api, "google").await;
    let r = decide(
        &api,
        "google",
        Some(&cookie),
        &format!("state={state}&decision=deny"),
    )
    .await;
    let (status, outcome) = oauth_outcome(&r);
    assert_eq!(status, "401");
    assert_eq!(
        outcome.unwrap_err(),
        "You did not allow sign-in with Google"
    );
    assert!(r.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    // The state is spent.
    let r = decide(
        &api,
        "google",
        Some(&cookie),
        &format!("state={state}&email=a%40b.co&decision=allow"),
    )
    .await;
    assert_eq!(oauth_outcome(&r).0, "400");
}

#[tokio::test]
async fn oauth_state_must_match_its_cookie_and_serves_once() {
    let api = Api::new(false);
    let (state, cookie) = consent(&api, "github").await;
    let form = format!("state={state}&name=A&email=a%40b.co&decision=allow");
    // Posted from elsewhere: no cookie (SameSite=Strict), or another one.
    for cookie in [None, Some("altogic_oauth_state=forged")] {
        let (status, outcome) = oauth_outcome(&decide(&api, "github", cookie, &form).await);
        assert_eq!(status, "400");
        assert!(outcome.unwrap_err().contains("expired or was already used"));
    }
    // Another provider's state does not serve here.
    let r = decide(&api, "google", Some(&cookie), &form).await;
    assert_eq!(oauth_outcome(&r).0, "400");
    // Once, then never again.
    let (state, cookie) = consent(&api, "github").await;
    let form = format!("state={state}&name=A&email=a%40b.co&decision=allow");
    assert_eq!(
        oauth_outcome(&decide(&api, "github", Some(&cookie), &form).await).0,
        "200"
    );
    assert_eq!(
        oauth_outcome(&decide(&api, "github", Some(&cookie), &form).await).0,
        "400"
    );
}

#[tokio::test]
async fn oauth_bad_email_shows_the_page_again_escaped() {
    let api = Api::new(false);
    let (state, cookie) = consent(&api, "github").await;
    let form =
        format!("state={state}&name=%3Cb%3EA%3C%2Fb%3E&email=%22%3E%3Cscript%3Ex&decision=allow");
    let page = decide(&api, "github", Some(&cookie), &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text.contains("role=\"alert\">Enter an email address"));
    assert!(
        page.text.contains("value=\"&quot;&gt;&lt;script&gt;x\""),
        "{}",
        page.text
    );
    assert!(page.text.contains("value=\"&lt;b&gt;A&lt;/b&gt;\""));
    assert!(!page.text.contains("<script"));
    // The state still serves, for the corrected form.
    let form = format!("state={state}&name=A&email=a%40b.co&decision=allow");
    assert_eq!(
        oauth_outcome(&decide(&api, "github", Some(&cookie), &form).await).0,
        "200"
    );
}

#[tokio::test]
async fn oauth_does_not_take_over_an_existing_email() {
    let api = Api::new(false);
    let (id, _) = api.account("ada@example.com").await;
    let (state, cookie) = consent(&api, "google").await;
    let form = format!("state={state}&name=Ada&email=ada%40example.com&decision=allow");
    let (status, outcome) = oauth_outcome(&decide(&api, "google", Some(&cookie), &form).await);
    assert_eq!(status, "409");
    let message = outcome.unwrap_err();
    assert!(
        message.contains("already exists") && message.contains("Google"),
        "{message}"
    );
    assert_eq!(api.get("/_test/counts").await.body["users"], 1);
    assert!(!id.is_empty());
}

#[tokio::test]
async fn oauth_providers_not_enabled_come_back_with_an_error() {
    let api = Api::new(false);
    for path in ["/_auth/facebook", "/_auth/x", "/_auth/%3Cscript%3E"] {
        let (status, outcome) = oauth_outcome(&api.get(path).await);
        assert_eq!(status, "400");
        assert!(outcome.unwrap_err().contains("is not enabled"));
    }
    let mut s = settings(false);
    s.oauth_providers = vec![];
    let none = Api::with(s);
    assert_eq!(oauth_outcome(&none.get("/_auth/github").await).0, "400");
}

#[tokio::test]
async fn oauth_test_settings_switch_providers_and_approve_at_once() {
    let api = Api::new(false);
    let set = |body: Value| {
        Request::post("/_test/settings")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap()
    };
    let r = api
        .send(set(json!({
            "oauthProviders": ["discord"],
            "oauthAutoApprove": {"name": "Lin", "email": "lin@example.com"},
        })))
        .await;
    assert_eq!(r.body["oauthProviders"], json!(["discord"]));
    assert_eq!(oauth_outcome(&api.get("/_auth/github").await).0, "400");
    let (status, token) = oauth_outcome(&api.get("/_auth/discord").await);
    assert_eq!(status, "200");
    let grant = api
        .get_as(None, &format!("auth/grant?key={}", token.unwrap()))
        .await;
    assert_eq!(grant.body["user"]["provider"], "discord");
    assert_eq!(grant.body["user"]["name"], "Lin");
    // A reset puts the started settings back.
    api.send(Request::post("/_test/reset").body(Body::empty()).unwrap())
        .await;
    assert_eq!(api.get("/_auth/github").await.status, StatusCode::OK);
}

#[tokio::test]
async fn cors_allows_the_app_origin_with_credentials() {
    let api = Api::new(false);
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("{REST}/auth/signin-email"))
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,x-client,x-client-key,session",
            )
            .body(Body::empty())
            .unwrap()
    };
    let ok = api.send(preflight("http://127.0.0.1:8080")).await;
    assert!(ok.status.is_success());
    assert_eq!(
        ok.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://127.0.0.1:8080"
    );
    assert_eq!(ok.headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let allowed = ok.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_lowercase();
    for h in ["x-client-key", "session", "content-type"] {
        assert!(allowed.contains(h), "{allowed}");
    }
    let other = api.send(preflight("http://evil.test")).await;
    assert!(other
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn outbox_page_lists_links_escaped() {
    let api = Api::new(true);
    api.signup("u@example.com", "secret1", "<b>U</b>").await;
    let page = api.get("/_outbox").await;
    assert_eq!(page.status, StatusCode::OK);
    let link = api.latest_mail("u@example.com").await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        page.text.contains(&format!("href=\"{link}\"")),
        "{}",
        page.text
    );
    assert!(page.text.contains("u@example.com"));
    assert!(!page.text.contains("<b>U</b>"));
}

#[tokio::test]
async fn test_mode_faults_reset_and_settings() {
    let api = Api::new(false);
    api.account("v@example.com").await;
    let fault = |kind: &str, count: u32| {
        Request::post("/_test/faults")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"path": format!("{REST}/auth/signin-email"), "kind": kind, "count": count, "delayMs": 50}).to_string(),
            ))
            .unwrap()
    };
    assert_eq!(
        api.send(fault("error", 2)).await.status,
        StatusCode::NO_CONTENT
    );
    for _ in 0..2 {
        api.signin("v@example.com", "secret1")
            .await
            .assert_error(StatusCode::INTERNAL_SERVER_ERROR, "injected_fault");
    }
    assert_eq!(
        api.signin("v@example.com", "secret1").await.status,
        StatusCode::OK
    );

    api.send(fault("malformed", 1)).await;
    let r = api.signin("v@example.com", "secret1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, Value::Null, "not JSON: {}", r.text);

    api.send(fault("delay", 1)).await;
    let started = std::time::Instant::now();
    assert_eq!(
        api.signin("v@example.com", "secret1").await.status,
        StatusCode::OK
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(50));

    api.send(fault("drop", 1)).await;
    let response = api
        .app
        .clone()
        .oneshot(
            Request::post(format!("{REST}/auth/signin-email"))
                .header("x-client-key", KEY)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"email": "v@example.com", "password": "secret1"}).to_string(),
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(to_bytes(response.into_body(), 1 << 20).await.is_err());

    let bad = Request::post("/_test/faults")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"path":"/x","kind":"explode"}"#))
        .unwrap();
    api.send(bad)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");

    let counts = api.get("/_test/counts").await;
    assert_eq!(counts.body["users"], 1);
    let reset = Request::post("/_test/reset")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"emailVerification":true}"#))
        .unwrap();
    assert_eq!(api.send(reset).await.status, StatusCode::NO_CONTENT);
    let counts = api.get("/_test/counts").await;
    assert_eq!(counts.body, json!({"users": 0, "sessions": 0, "tokens": 0}));
    // Verification is now on: sign-up answers without a session.
    let r = api.signup("w@example.com", "secret1", "W").await;
    assert_eq!(r.body["session"], Value::Null);
}

#[tokio::test]
async fn test_endpoints_do_not_exist_outside_test_mode() {
    let mut s = settings(false);
    s.test_mode = false;
    let api = Api::with(s);
    let r = api
        .send(Request::post("/_test/reset").body(Body::empty()).unwrap())
        .await;
    r.assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn sign_ins_and_mails_are_rate_limited_per_email_and_per_address() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    s.rate_limit_per_address = 5;
    let api = Api::with(s);
    api.account("lim@example.com").await;
    for _ in 0..3 {
        api.signin("lim@example.com", "wrong-pw")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    // Even the right password waits now.
    let r = api.signin("lim@example.com", "secret1").await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(r.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("seconds"));
    assert!(
        r.body["errors"][0]["details"]["retryAfterSeconds"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // Mails count on their own (refused here, as verification is off,
    // but counted all the same).
    for _ in 0..3 {
        api.post_empty("auth/send-reset?email=lim@example.com")
            .await
            .assert_error(StatusCode::BAD_REQUEST, "email_confirmation_disabled");
    }
    api.post_empty("auth/send-reset?email=lim@example.com")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");

    // One address trying many emails.
    let from = |email: &str| {
        let mut req = Request::post(format!("{REST}/auth/signin-email"))
            .header("x-client-key", KEY)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"email": email, "password": "x"}).to_string(),
            ))
            .unwrap();
        let addr: std::net::SocketAddr = "203.0.113.7:5000".parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        req
    };
    for i in 0..5 {
        api.send(from(&format!("u{i}@example.com")))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    api.send(from("u9@example.com"))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");

    // Test mode's reset starts the counts over.
    let reset = Request::post("/_test/reset").body(Body::empty()).unwrap();
    assert_eq!(api.send(reset).await.status, StatusCode::NO_CONTENT);
    api.signin("lim@example.com", "secret1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn mail_calls_limit_unknown_emails_like_known_ones() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    s.rate_limit_per_address = 5;
    let api = Api::with(s);
    api.account("known@example.com").await;
    let from = |path: &str, email: &str, ip: &str| {
        let mut req = Request::post(format!("{REST}/auth/{path}?email={email}"))
            .header("x-client-key", KEY)
            .body(Body::empty())
            .unwrap();
        let addr: std::net::SocketAddr = format!("{ip}:5000").parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        req
    };
    for (n, path) in ["send-magic", "send-reset", "resend"]
        .into_iter()
        .enumerate()
    {
        // Per email, each try from another address: known or not, the
        // fourth try is refused, so the answer says nothing of an account.
        for email in ["known@example.com", "nobody@example.com"] {
            for i in 0..3 {
                let r = api
                    .send(from(path, email, &format!("198.51.{n}.{i}")))
                    .await;
                assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{path} {email}");
            }
            api.send(from(path, email, "198.51.100.99"))
                .await
                .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
        }
        // Per address: tries at unknown emails count as much as any.
        let ip = format!("203.0.113.{n}");
        for i in 0..5 {
            let r = api
                .send(from(path, &format!("u{i}@example.com"), &ip))
                .await;
            r.assert_error(StatusCode::NOT_FOUND, "user_not_found");
        }
        api.send(from(path, "other@example.com", &ip))
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    }
}

#[tokio::test]
async fn the_browser_asking_for_an_icon_gets_no_error() {
    let api = Api::with(settings(false));
    assert_eq!(api.get("/favicon.ico").await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_test_fault_can_answer_with_a_code_nobody_knows() {
    let api = Api::new(false);
    api.account("c@example.com").await;
    let fault = json!({
        "path": format!("{REST}/auth/signin-email"), "kind": "code",
        "status": 422, "code": "brand_new_rule", "message": "A rule from the future"
    });
    let set = Request::post("/_test/faults")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(fault.to_string()))
        .unwrap();
    assert_eq!(api.send(set).await.status, StatusCode::NO_CONTENT);
    let r = api.signin("c@example.com", "secret1").await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "brand_new_rule");
    assert_eq!(r.body["errors"][0]["message"], "A rule from the future");
    // Once: the next call goes through.
    assert_eq!(
        api.signin("c@example.com", "secret1").await.status,
        StatusCode::OK
    );
}

// Phone numbers

const PHONE: &str = "+14155550123";
const PHONE_Q: &str = "%2B14155550123";

/// The newest code sent by SMS to `phone`, from the outbox.
async fn sms_code(api: &Api, phone: &str) -> String {
    let r = api
        .get(&format!(
            "/_outbox/messages?to={}",
            phone.replace('+', "%2B")
        ))
        .await;
    let sms = &r.body[0];
    assert_eq!(sms["kind"], "sms", "{}", r.text);
    assert_eq!(sms["to"], phone);
    let code = sms["code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 6);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));
    assert!(sms["text"].as_str().unwrap().ends_with(&code));
    code
}

async fn sms_count(api: &Api, phone: &str) -> usize {
    let r = api
        .get(&format!(
            "/_outbox/messages?to={}",
            phone.replace('+', "%2B")
        ))
        .await;
    r.body.as_array().unwrap().len()
}

fn phone_api(confirmation: bool) -> Api {
    let mut s = settings(false);
    s.phone_confirmation = confirmation;
    Api::with(s)
}

async fn phone_signup(api: &Api, phone: &str) -> Reply {
    api.post(
        "auth/signup-phone",
        json!({"phone": phone, "password": "secret1", "nameOrUserData": "Pat"}),
    )
    .await
}

/// A phone account, verified, with no session kept.
async fn phone_account(api: &Api, phone: &str) {
    let r = phone_signup(api, phone).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let code = sms_code(api, phone).await;
    let q = phone.replace('+', "%2B");
    let r = api
        .post_empty(&format!("auth/verify-phone?code={code}&phone={q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn phone_sign_up_with_confirmation_then_the_code_grants_a_session() {
    let api = phone_api(true);
    let r = phone_signup(&api, "+1 (415) 555-0123").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session"], Value::Null);
    assert_eq!(r.body["user"]["phone"], PHONE);
    assert_eq!(r.body["user"]["phoneVerified"], false);
    assert_eq!(r.body["user"]["name"], "Pat");
    assert!(r.body["user"].get("email").is_none());

    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "phone_not_verified");

    let code = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/verify-phone?code={code}&phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["session"]["token"].is_string());
    assert_eq!(r.body["user"]["phoneVerified"], true);
    api.post_empty(&format!("auth/verify-phone?code={code}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "code_used");

    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "secret1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "wrong-one"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    api.post(
        "auth/signin-phone",
        json!({"phone": "+14155550999", "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn phone_sign_up_without_confirmation_signs_in_at_once() {
    let api = phone_api(false);
    let r = phone_signup(&api, PHONE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["session"]["token"].is_string());
    assert_eq!(sms_count(&api, PHONE).await, 0);
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "secret1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn phone_numbers_are_checked_and_unique() {
    let api = phone_api(true);
    for bad in [
        "4155550123",
        "+1 415",
        "+1-415-555-012345678",
        "+0415550123",
        "+1415555abcd",
    ] {
        let r = phone_signup(&api, bad).await;
        r.assert_error(StatusCode::BAD_REQUEST, "invalid_phone");
        assert_eq!(r.body["errors"][0]["details"]["field"], "phone");
    }
    phone_signup(&api, PHONE).await;
    let r = phone_signup(&api, "+1 415 555 0123").await;
    r.assert_error(StatusCode::CONFLICT, "phone_not_unique");
    assert_eq!(api.get("/_test/counts").await.body["users"], 1);
}

#[tokio::test]
async fn a_code_is_void_after_five_wrong_tries_and_expires() {
    let api = phone_api(true);
    phone_signup(&api, PHONE).await;
    let code = sms_code(&api, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let r = api
            .post_empty(&format!("auth/verify-phone?code={wrong}&phone={PHONE_Q}"))
            .await;
        r.assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
        assert_eq!(r.body["errors"][0]["details"]["triesLeft"], left);
    }
    api.post_empty(&format!("auth/verify-phone?code={wrong}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "too_many_tries");
    // Void: even the right code no longer serves.
    api.post_empty(&format!("auth/verify-phone?code={code}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "too_many_tries");

    // A new code replaces it, and expires.
    let r = api
        .post_empty(&format!("auth/resend-code?phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let fresh = sms_code(&api, PHONE).await;
    let r = api
        .send(
            Request::post("/_test/expire-codes")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    api.post_empty(&format!("auth/verify-phone?code={fresh}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "code_expired");
    // No code at all for another number: the same answer as a wrong one.
    api.post_empty("auth/verify-phone?code=123456&phone=%2B14155550999")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
}

#[tokio::test]
async fn sign_in_with_a_code_needs_a_verified_number() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let code = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/signin-code?code={code}&phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["session"]["token"].is_string());
    assert_eq!(r.body["user"]["phone"], PHONE);

    // Docs (`sendSignInCode`): only to a verified number, else an error.
    // Unknown and unverified numbers get the same answer, and no SMS.
    phone_signup(&api, "+14155550111").await;
    let before = sms_count(&api, "+14155550111").await;
    let mut answers = Vec::new();
    for number in ["%2B14155550999", "%2B14155550111"] {
        let r = api
            .post_empty(&format!("auth/send-code?phone={number}"))
            .await;
        r.assert_error(StatusCode::BAD_REQUEST, "phone_not_verified");
        answers.push(
            r.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .replace("0999", "0111"),
        );
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(sms_count(&api, "+14155550999").await, 0);
    assert_eq!(sms_count(&api, "+14155550111").await, before);

    let mut s = settings(false);
    s.code_signin = false;
    let off = Api::with(s);
    off.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "code_signin_disabled");
}

#[tokio::test]
async fn password_reset_by_code() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/send-reset-code?phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Docs (`sendResetPwdCode`): a verified number, with confirmation on.
    api.post_empty("auth/send-reset-code?phone=%2B14155550999")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_not_verified");
    phone_api(false)
        .post_empty(&format!("auth/send-reset-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_confirmation_disabled");
    let code = sms_code(&api, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    api.post(
        &format!("auth/reset-pwd-code?phone={PHONE_Q}&code={wrong}"),
        json!({"newPassword": "better1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
    api.post(
        &format!("auth/reset-pwd-code?phone={PHONE_Q}&code={code}"),
        json!({"newPassword": "short"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    let r = api
        .post(
            &format!("auth/reset-pwd-code?phone={PHONE_Q}&code={code}"),
            json!({"newPassword": "better1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.get("/_test/counts").await.body["sessions"], 0);
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "better1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn change_phone_takes_effect_when_the_new_number_is_verified() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    phone_account(&api, "+14155550111").await;
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "secret1"}),
        )
        .await;
    let token = r.body["session"]["token"].as_str().unwrap().to_owned();

    api.post_as(
        &token,
        "auth/change-phone",
        Some(json!({"currentPassword": "nope", "newPhone": "+14155550222"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
    let r = api
        .post_as(
            &token,
            "auth/change-phone",
            Some(json!({"currentPassword": "secret1", "newPhone": "+14155550111"})),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, "phone_not_unique");
    assert_eq!(r.body["errors"][0]["details"]["field"], "newPhone");
    let r = api
        .post_as(
            &token,
            "auth/change-phone",
            Some(json!({"currentPassword": "secret1", "newPhone": "+1 415 555 0222"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["phone"], PHONE, "unchanged until verified");

    let code = sms_code(&api, "+14155550222").await;
    let r = api
        .post_empty(&format!(
            "auth/verify-phone?code={code}&phone=%2B14155550222"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session"], Value::Null);
    assert_eq!(r.body["user"]["phone"], "+14155550222");
    assert_eq!(r.body["user"]["phoneVerified"], true);
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": "+14155550222", "password": "secret1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn codes_are_rate_limited_per_number_before_any_lookup() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    let api = Api::with(s);
    for _ in 0..3 {
        api.post_empty("auth/send-code?phone=%2B14155550999")
            .await
            .assert_error(StatusCode::BAD_REQUEST, "phone_not_verified");
    }
    api.post_empty("auth/send-code?phone=%2B14155550999")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Guessing codes is limited the same way.
    for _ in 0..3 {
        api.post_empty("auth/signin-code?code=000000&phone=%2B14155550888")
            .await;
    }
    api.post_empty("auth/signin-code?code=000000&phone=%2B14155550888")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}

#[tokio::test]
async fn the_outbox_page_marks_an_sms() {
    let api = phone_api(true);
    phone_signup(&api, PHONE).await;
    let code = sms_code(&api, PHONE).await;
    let page = api.get("/_outbox").await;
    assert!(
        page.text.contains(&format!("<h2>SMS: code {code}</h2>")),
        "{}",
        page.text
    );
    assert!(page.text.contains("To +14155550123"));
}

/// Docs (`resendVerificationCode`): an error for a verified number, or when
/// the app does not confirm numbers.
#[tokio::test]
async fn a_new_confirmation_code_only_for_an_unverified_number() {
    let api = phone_api(true);
    phone_signup(&api, "+14155550111").await;
    let r = api
        .post_empty("auth/resend-code?phone=%2B14155550111")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(sms_count(&api, "+14155550111").await, 2);
    phone_account(&api, PHONE).await;
    api.post_empty(&format!("auth/resend-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_already_verified");
    api.post_empty("auth/resend-code?phone=%2B14155550999")
        .await
        .assert_error(StatusCode::NOT_FOUND, "user_not_found");
    phone_api(false)
        .post_empty(&format!("auth/resend-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_confirmation_disabled");
}

#[tokio::test]
async fn the_users_model_is_a_setting_and_options_are_taken() {
    let mut s = settings(false);
    s.users_model = "members".into();
    let api = Api::with(s);
    let (id, token) = api.account("m@example.com").await;
    // What the official client sends (`DBObject.update`).
    let r = api
        .post_as(
            &token,
            "db/object/update",
            Some(
                json!({"model": "members", "id": id, "values": {"name": "Mo"},
                        "options": {"cache": "nocache", "returnTop": false}}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["name"], "Mo");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": id, "values": {"name": "Mo"}})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "model_not_found");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "members", "id": id, "values": {"name": "Mo"}, "options": "x"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[tokio::test]
async fn documented_codes_only_hides_the_emulators_own_codes() {
    let mut s = settings(true);
    s.documented_codes_only = true;
    let api = Api::with(s);
    api.signup("d@example.com", "secret1", "Dee").await;
    let r = api.signin("d@example.com", "secret1").await;
    // Status, message and details stay; only the code is not ours.
    r.assert_error(StatusCode::FORBIDDEN, "undocumented");
    assert!(r.text.contains("has not been verified"), "{}", r.text);
    let r = api.signup("d@example.com", "secret1", "Dee").await;
    r.assert_error(StatusCode::CONFLICT, "undocumented");
    assert_eq!(r.body["errors"][0]["details"]["field"], "email");
    // The codes Altogic documents are kept.
    api.get_as(Some("nope"), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
    api.get_as(None, "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    // Successes pass untouched.
    let ok = api.post_empty("auth/resend?email=d@example.com").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}

#[tokio::test]
async fn oauth_first_sign_in_is_a_sign_up_and_failures_go_to_the_failure_url() {
    let mut s = settings(false);
    s.failure_redirect_url = Some("http://app.test/auth-failed".into());
    let api = Api::with(s);
    for (round, action) in [(1, "oauth-signup"), (2, "oauth-signin")] {
        let (state, cookie) = consent(&api, "github").await;
        let form = format!("state={state}&name=Ola&email=ola%40example.com&decision=allow");
        let r = decide(&api, "github", Some(&cookie), &form).await;
        let back = url::Url::parse(&r.location()).unwrap();
        assert!(
            back.as_str().starts_with("http://app.test/auth-redirect?"),
            "{back}"
        );
        assert_eq!(
            param(&back, "action").as_deref(),
            Some(action),
            "round {round}"
        );
        assert!(param(&back, "access_token").is_some());
    }
    let (state, cookie) = consent(&api, "github").await;
    let r = decide(
        &api,
        "github",
        Some(&cookie),
        &format!("state={state}&decision=deny"),
    )
    .await;
    let back = url::Url::parse(&r.location()).unwrap();
    assert!(
        back.as_str().starts_with("http://app.test/auth-failed?"),
        "{back}"
    );
    assert_eq!(param(&back, "status").as_deref(), Some("401"));
    // A spent mail link fails to the failure URL too.
    let r = api.get("/_auth/mail/magic-link?token=nope").await;
    assert!(
        r.location().starts_with("http://app.test/auth-failed?"),
        "{}",
        r.location()
    );
}

// Hardening: each test is named for the attack it stops.

/// Asking for a new code for someone's number (each with its own tries)
/// must not give an attacker endless guesses: one budget of wrong codes
/// per number and hour, across every kind of code, then a lock.
#[tokio::test]
async fn sms_code_guessing_across_new_codes_and_kinds_is_capped_per_number() {
    let mut s = settings(false);
    s.phone_confirmation = true;
    s.rate_limit_per_account = 0;
    s.rate_limit_per_address = 0;
    let api = Api::with(s);
    phone_account(&api, PHONE).await;
    let mut wrong = 0;
    // Alternate sign-in and reset codes, a fresh code before every guess.
    while wrong < altogic_emulator::phone::WRONG_CODES_PER_HOUR {
        let (send, check) = if wrong % 2 == 0 {
            ("send-code", "signin-code")
        } else {
            ("send-reset-code", "reset-pwd-code")
        };
        let sent = api
            .post_empty(&format!("auth/{send}?phone={PHONE_Q}"))
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
        let real = sms_code(&api, PHONE).await;
        let guess = if real == "000000" { "111111" } else { "000000" };
        let r = api
            .post(
                &format!("auth/{check}?phone={PHONE_Q}&code={guess}"),
                json!({"newPassword": "whatever1"}),
            )
            .await;
        r.assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
        wrong += 1;
        let left = altogic_emulator::phone::WRONG_CODES_PER_HOUR - wrong;
        assert_eq!(
            r.body["errors"][0]["details"]["triesLeft"],
            json!(left.min(4))
        );
    }
    // Locked now, even with the right code of a fresh SMS.
    api.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    let real = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/signin-code?phone={PHONE_Q}&code={real}"))
        .await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(r.text.contains("locked"), "{}", r.text);
}

#[tokio::test]
async fn sms_bombing_a_number_is_capped_per_day() {
    let mut s = settings(false);
    s.phone_confirmation = true;
    s.rate_limit_per_account = 0;
    let api = Api::with(s);
    phone_account(&api, PHONE).await; // one SMS already
    let mut sent = 1;
    loop {
        let r = api
            .post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        sent += 1;
        assert!(sent <= altogic_emulator::phone::SMS_PER_DAY, "no daily cap");
    }
    assert_eq!(sent, altogic_emulator::phone::SMS_PER_DAY);
    assert_eq!(sms_count(&api, PHONE).await, sent as usize);
}

/// A number with no account and one with an account answer a wrong code
/// in the same shape.
#[tokio::test]
async fn a_code_check_does_not_tell_which_numbers_have_accounts() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    api.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    let real = sms_code(&api, PHONE).await;
    let guess = if real == "000000" { "111111" } else { "000000" };
    let known = api
        .post_empty(&format!("auth/signin-code?phone={PHONE_Q}&code={guess}"))
        .await;
    let unknown = api
        .post_empty(&format!(
            "auth/signin-code?phone=%2B14155550999&code={guess}"
        ))
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body, unknown.body,
        "{} / {}",
        known.text, unknown.text
    );
}

#[tokio::test]
async fn refused_requests_do_not_lock_out_the_person_they_name() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    s.rate_limit_per_address = 3;
    let state = AppState::new(s, Store::in_memory().unwrap());
    let attacker: std::net::IpAddr = "10.0.0.66".parse().unwrap();
    // The attacker's address is spent on three tries at someone else.
    for _ in 0..3 {
        state
            .limit("signin", "other@example.com", Some(attacker))
            .unwrap();
    }
    // Ten more, naming the victim: all refused for the address...
    for _ in 0..10 {
        state
            .limit("signin", "victim@example.com", Some(attacker))
            .unwrap_err();
    }
    // ...and none counted against the victim, who signs in from home.
    let home: std::net::IpAddr = "192.0.2.1".parse().unwrap();
    state
        .limit("signin", "victim@example.com", Some(home))
        .expect("the victim is not locked out");
}

#[tokio::test]
async fn sign_up_cannot_be_flooded_or_probed_without_limit() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    let api = Api::with(s);
    for phone_or_email in ["email", "phone"] {
        for i in 0..4 {
            let r = if phone_or_email == "email" {
                api.signup("flood@example.com", "secret1", "F").await
            } else {
                phone_signup(&api, "+14155550177").await
            };
            if i < 3 {
                assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
            } else {
                r.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
            }
        }
    }
}

/// Another site's page posting a form (`text/plain`, no key) to /_test
/// must not switch the backend's settings.
#[tokio::test]
async fn a_cross_site_form_cannot_use_the_test_endpoints() {
    let api = Api::new(false);
    let forged = api
        .raw(
            Request::post("/_test/settings")
                .header(header::CONTENT_TYPE, "text/plain")
                .header(header::ORIGIN, "http://evil.test")
                .body(Body::from(
                    r#"{"oauthAutoApprove":{"name":"Eve","email":"eve@evil.test"}}"#,
                ))
                .unwrap(),
        )
        .await;
    forged.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let keyless = api
        .raw(
            Request::post("/_test/reset")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    keyless.assert_error(StatusCode::UNAUTHORIZED, "missing_client_key");
    // The consent page is still asked for: nothing was switched on.
    let page = api.get("/_auth/github").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<form"), "{}", page.text);
}

/// A DNS-rebinding page (its own name pointed at 127.0.0.1) must not read
/// the outbox: only this server's own names are answered.
#[tokio::test]
async fn a_rebound_host_name_is_not_answered() {
    let api = Api::new(false);
    let host = |h: &str| {
        Request::get("/_outbox/messages")
            .header(header::HOST, h)
            .body(Body::empty())
            .unwrap()
    };
    let rebound = api.raw(host("evil.test:8787")).await;
    rebound.assert_error(StatusCode::MISDIRECTED_REQUEST, "unknown_host");
    for ok in ["127.0.0.1:8787", "localhost:8787", "[::1]:8787", "emu.test"] {
        assert_eq!(api.raw(host(ok)).await.status, StatusCode::OK, "{ok}");
    }
}

/// Every visit of a consent page stores a one-time state: they expire and
/// are deleted, and one address cannot ask for them without limit.
#[tokio::test]
async fn consent_page_states_cannot_pile_up() {
    let api = Api::new(false);
    for _ in 0..30 {
        assert_eq!(api.get("/_auth/github").await.status, StatusCode::OK);
    }
    let r = api.get("/_auth/github").await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert!(r.location().contains("status=429"), "{}", r.location());
    assert_eq!(api.get("/_test/counts").await.body["tokens"], 30);
}
