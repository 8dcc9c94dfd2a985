//! What every area's tests share: the emulator's router in memory, a
//! request builder, and the replies read back.

pub use altogic_emulator::config::Settings;
pub use altogic_emulator::store::Store;
pub use altogic_emulator::{router, AppState};
pub use axum::body::to_bytes;
pub use axum::body::Body;
pub use axum::http::{header, Method, Request, StatusCode};
pub use axum::Router;
pub use serde_json::{json, Value};
pub use tower::ServiceExt;

pub const KEY: &str = "local-client-key";
pub const REST: &str = "/_api/rest/v1";
pub const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Safari/537.36";

pub struct Reply {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn code(&self) -> &str {
        self.body["errors"][0]["code"].as_str().unwrap_or("")
    }

    pub fn location(&self) -> String {
        self.headers
            .get(header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }

    /// Asserts an error reply in Altogic's envelope.
    pub fn assert_error(&self, status: StatusCode, code: &str) {
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

pub struct Api {
    pub app: Router,
}

pub fn settings(verification: bool) -> Settings {
    let mut s = Settings::for_tests();
    s.email_verification = verification;
    s.redirect_url = "http://app.test/auth-redirect".into();
    s.public_url = Some("http://emu.test".into());
    s.max_upload_bytes = 1024;
    s.max_body_bytes = 4096;
    s
}

impl Api {
    pub fn new(verification: bool) -> Self {
        Self::with(settings(verification))
    }

    pub fn with(settings: Settings) -> Self {
        let state = AppState::new(settings, Store::in_memory().unwrap());
        Self { app: router(state) }
    }

    /// Sends `request`; a call of /_test gets what the test endpoints ask
    /// of a caller (JSON, the client key) unless it says otherwise.
    /// Test mode's `/_test/settings` with `body`; the settings now.
    pub async fn settings(&self, body: Value) -> Reply {
        self.send(
            Request::post("/_test/settings")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
        )
        .await
    }

    pub async fn send(&self, mut request: Request<Body>) -> Reply {
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
    pub async fn raw(&self, request: Request<Body>) -> Reply {
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

    pub async fn call(
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

    pub async fn post(&self, path: &str, body: Value) -> Reply {
        self.call(Method::POST, &format!("{REST}/{path}"), None, Some(body))
            .await
    }

    pub async fn post_empty(&self, path: &str) -> Reply {
        self.call(Method::POST, &format!("{REST}/{path}"), None, None)
            .await
    }

    pub async fn post_as(&self, token: &str, path: &str, body: Option<Value>) -> Reply {
        self.call(Method::POST, &format!("{REST}/{path}"), Some(token), body)
            .await
    }

    pub async fn get_as(&self, token: Option<&str>, path: &str) -> Reply {
        self.call(Method::GET, &format!("{REST}/{path}"), token, None)
            .await
    }

    pub async fn get(&self, path: &str) -> Reply {
        self.send(Request::get(path).body(Body::empty()).unwrap())
            .await
    }

    pub async fn signup(&self, email: &str, password: &str, name: &str) -> Reply {
        self.post(
            "auth/signup-email",
            json!({"email": email, "password": password, "nameOrUserData": name}),
        )
        .await
    }

    /// Signs up with verification off and returns `(user id, session token)`.
    pub async fn account(&self, email: &str) -> (String, String) {
        let r = self.signup(email, "secret1", "Ada").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        (
            r.body["user"]["_id"].as_str().unwrap().to_owned(),
            r.body["session"]["token"].as_str().unwrap().to_owned(),
        )
    }

    /// Signs up with verification on, opens the mailed link and trades its
    /// token: `(user id, session token)` of a verified account.
    pub async fn verified_account(&self, email: &str) -> (String, String) {
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

    pub async fn signin(&self, email: &str, password: &str) -> Reply {
        self.post(
            "auth/signin-email",
            json!({"email": email, "password": password}),
        )
        .await
    }

    pub async fn latest_mail(&self, to: &str) -> Value {
        let r = self.get(&format!("/_outbox/messages?to={to}")).await;
        r.body[0].clone()
    }

    /// Opens a mail's link and returns the query the app is sent back with.
    pub async fn open(&self, link: &str) -> url::Url {
        let path = link.strip_prefix("http://emu.test").unwrap();
        let r = self.get(path).await;
        assert!(r.status.is_redirection(), "{} {}", r.status, r.text);
        url::Url::parse(&r.location()).unwrap()
    }
}

pub fn param(url: &url::Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Opens the local consent page of `provider`: the form's state value and
/// the cookie that must come back with it.
pub async fn consent(api: &Api, provider: &str) -> (String, String) {
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
pub async fn decide(api: &Api, provider: &str, cookie: Option<&str>, form: &str) -> Reply {
    let mut req = Request::post(format!("/_auth/{provider}"))
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(cookie) = cookie {
        req = req.header(header::COOKIE, cookie);
    }
    api.send(req.body(Body::from(form.to_owned())).unwrap())
        .await
}

/// The redirect back to the app: `(status, access_token or error)`.
pub fn oauth_outcome(r: &Reply) -> (String, Result<String, String>) {
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

pub async fn oauth_sign_in(api: &Api, provider: &str, name: &str, email: &str) -> Value {
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

// Phone numbers

pub const PHONE: &str = "+14155550123";
pub const PHONE_Q: &str = "%2B14155550123";

/// The newest code sent by SMS to `phone`, from the outbox.
pub async fn sms_code(api: &Api, phone: &str) -> String {
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

pub async fn sms_count(api: &Api, phone: &str) -> usize {
    let r = api
        .get(&format!(
            "/_outbox/messages?to={}",
            phone.replace('+', "%2B")
        ))
        .await;
    r.body.as_array().unwrap().len()
}

pub fn phone_api(confirmation: bool) -> Api {
    let mut s = settings(false);
    s.phone_confirmation = confirmation;
    Api::with(s)
}

pub async fn phone_signup(api: &Api, phone: &str) -> Reply {
    api.post(
        "auth/signup-phone",
        json!({"phone": phone, "password": "secret1", "nameOrUserData": "Pat"}),
    )
    .await
}

/// A phone account, verified, with no session kept.
pub async fn phone_account(api: &Api, phone: &str) {
    let r = phone_signup(api, phone).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let code = sms_code(api, phone).await;
    let q = phone.replace('+', "%2B");
    let r = api
        .post_empty(&format!("auth/verify-phone?code={code}&phone={q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}
