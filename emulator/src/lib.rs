//! A local backend that speaks Altogic's REST protocol: the auth, database
//! object and storage calls the app uses, a mail outbox instead of SMTP, and
//! (in test mode) data reset and fault injection.

pub mod accounts;
pub mod auth;
pub mod config;
pub mod error;
pub mod extract;
pub mod limits;
pub mod links;
pub mod mail;
pub mod oauth;
pub mod objects;
pub mod outbox;
pub mod phone;
pub mod storage;
pub mod store;
pub mod testing;
pub mod useragent;

use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderName, HeaderValue, Method};
use axum::middleware::from_fn_with_state;
use axum::response::Html;
use axum::routing::{get, post};
use axum::Router;
use rand::RngCore;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::config::Settings;
use crate::error::ApiError;
use crate::store::Store;

/// The settings test mode may switch per test, as one value: they start
/// as the command line's, and a change to several is made at once.
#[derive(Clone, Debug)]
pub struct Switches {
    pub email_verification: bool,
    pub phone_confirmation: bool,
    pub code_signin: bool,
    /// Whether a reset of the password ends the account's sessions here.
    /// No source says what Altogic does: the app ends the others itself at
    /// the next sign-in, and test mode turns this off to show it.
    pub reset_ends_sessions: bool,
    pub oauth: oauth::OAuthSettings,
}

impl Switches {
    /// As the emulator was started.
    pub fn started(settings: &Settings) -> Self {
        Self {
            email_verification: settings.email_verification,
            phone_confirmation: settings.phone_confirmation,
            code_signin: settings.code_signin,
            reset_ends_sessions: true,
            oauth: oauth::OAuthSettings::new(&settings.oauth_providers),
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub settings: Arc<Settings>,
    pub store: Arc<Store>,
    switches: Arc<std::sync::Mutex<Switches>>,
    pub faults: testing::Faults,
    pub limiter: Arc<limits::Limiter>,
}

impl AppState {
    pub fn new(settings: Settings, store: Store) -> Self {
        Self {
            switches: Arc::new(std::sync::Mutex::new(Switches::started(&settings))),
            settings: Arc::new(settings),
            store: Arc::new(store),
            faults: testing::Faults::default(),
            limiter: Arc::default(),
        }
    }

    /// The switches now (a copy: no lock is held while a request runs).
    pub fn switches(&self) -> Switches {
        self.switches
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Test mode: all of them at once.
    pub fn set_switches(&self, switches: Switches) {
        *self.switches.lock().unwrap_or_else(|e| e.into_inner()) = switches;
    }

    /// Counts an attempt at `action` by this email (or number) and this
    /// address, both limits checked before either is counted.
    pub fn limit(
        &self,
        action: &str,
        email: &str,
        address: Option<std::net::IpAddr>,
    ) -> error::ApiResult<()> {
        too_long(email)?;
        let ip = address.map(|ip| ip.to_string());
        let mut limits = vec![limits::Limit::per_minute(
            action,
            email,
            self.settings.rate_limit_per_account,
        )];
        if let Some(ip) = &ip {
            limits.push(limits::Limit::per_minute(
                action,
                ip,
                self.settings.rate_limit_per_address,
            ));
        }
        self.limiter.hit_all(&limits)
    }
}

/// An email or number longer than any can be is refused before it is
/// looked up or becomes a key of the limiter (`limits::MAX_KEY`).
fn too_long(account: &str) -> error::ApiResult<()> {
    if account.len() > limits::MAX_KEY {
        return Err(ApiError::AccountTooLong(limits::MAX_KEY));
    }
    Ok(())
}

/// How many more wrong guesses an account takes per minute from everyone
/// together than from one address (or session).
pub const GUESS_CEILING: u32 = 10;

impl AppState {
    /// The limits on wrong guesses at `account`'s password (or current
    /// password) made from `from`, an address or a session: per pair, and
    /// for the account from anywhere, `GUESS_CEILING` times as many.
    fn guess_limits<'a>(
        &self,
        action: &'a str,
        pair: &'a str,
        account: &'a str,
    ) -> [limits::Limit<'a>; 2] {
        let max = self.settings.rate_limit_per_account;
        [
            limits::Limit::per_minute(action, pair, max),
            limits::Limit::per_minute(action, account, max.saturating_mul(GUESS_CEILING)),
        ]
    }

    /// Before a password is checked: refused once `from` has guessed wrong
    /// too often at `account`, or everyone together has. Only wrong
    /// guesses count (`wrong_guess`), per pair first, so that someone
    /// naming an account from their own address never locks its owner out
    /// (ASVS 2.2.1). A client address also has its flood limit, counted on
    /// every try.
    pub fn check_guess(
        &self,
        action: &str,
        account: &str,
        from: &str,
        address: Option<std::net::IpAddr>,
    ) -> error::ApiResult<()> {
        too_long(account)?;
        let pair = format!("{account}\u{1}{from}");
        self.limiter.check(
            &self.guess_limits(action, &pair, account),
            "Too many wrong attempts. Please wait {wait} seconds and try again.",
        )?;
        if let Some(ip) = address.map(|ip| ip.to_string()) {
            self.limiter.hit_all(&[limits::Limit::per_minute(
                action,
                &ip,
                self.settings.rate_limit_per_address,
            )])?;
        }
        Ok(())
    }

    /// A wrong guess at `account` from `from` (see `check_guess`).
    pub fn wrong_guess(&self, action: &str, account: &str, from: &str) {
        let pair = format!("{account}\u{1}{from}");
        self.limiter
            .record(&self.guess_limits(action, &pair, account));
    }
}

/// A new object id, shaped like Altogic's (24 hex digits).
pub fn new_id() -> String {
    random_hex(12)
}

/// A new secret token (session, mail link, access token): 256 random bits.
pub fn new_token() -> String {
    random_hex(32)
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Text for HTML, attribute values included.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Now, as Altogic writes dates: ISO 8601 in UTC with milliseconds.
pub fn now_iso() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

async fn not_found() -> ApiError {
    ApiError::NoSuchEndpoint
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

async fn index() -> Html<&'static str> {
    Html(
        "<!doctype html><title>Altogic emulator</title><h1>Local Altogic-compatible backend</h1>\
         <p>REST API under <code>/_api/rest/v1/</code>. Mails sent: <a href=\"/_outbox\">outbox</a>.</p>",
    )
}

/// Browsers may call from `origins` (`*`: any). Only the API has it: the
/// outbox holds every mail and code, and /_test switches the backend, so
/// another site's page must never read them, whatever the API allows.
fn cors(origins: &[String]) -> CorsLayer {
    let origins = if origins.iter().any(|o| o.trim() == "*") {
        AllowOrigin::mirror_request()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o.trim().trim_end_matches('/')).ok()),
        )
    };
    CorsLayer::new()
        .allow_origin(origins)
        // The JS client sends `credentials: "include"`.
        .allow_credentials(true)
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("x-client"),
            HeaderName::from_static("x-client-key"),
            HeaderName::from_static("session"),
        ])
        .max_age(std::time::Duration::from_secs(600))
}

/// Whether a request's `Host` names this server: a loopback name, or the
/// host of the public or files URL. A DNS-rebinding page (another site's
/// name pointed at 127.0.0.1) could otherwise read the outbox.
pub fn host_allowed(settings: &Settings, host: &str) -> bool {
    let name = match host.rsplit_once(':') {
        // `[::1]:8787`, `localhost:8787`; a bare IPv6 address has no port.
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    let name = name.trim_start_matches('[').trim_end_matches(']');
    let loopback = name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    let configured = [settings.public_url(), settings.files_url()]
        .iter()
        .filter_map(|u| url::Url::parse(u).ok())
        .any(|u| u.host_str().is_some_and(|h| h.eq_ignore_ascii_case(name)));
    loopback || configured
}

async fn check_host(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned);
    match host {
        Some(host) if !host_allowed(&state.settings, &host) => {
            ApiError::UnknownHost.into_response()
        }
        _ => next.run(request).await,
    }
}

pub fn router(state: AppState) -> Router {
    let settings = state.settings.clone();
    // Room for the multipart framing around the largest file.
    let upload_limit = settings.max_upload_bytes + 16 * 1024;

    let api = Router::new()
        .nest("/auth", auth::routes().merge(phone::routes()))
        .route("/db/object/get", post(objects::get))
        .route("/db/object/update", post(objects::update))
        .route("/db/object/delete", post(objects::delete))
        .route("/storage/delete-file", post(storage::delete_file))
        .route(
            "/storage/bucket/upload-formdata",
            post(storage::upload).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .fallback(not_found);
    // Both the API and the operator's endpoints: the client key, and
    // Altogic's codes only when asked.
    let guarded = |router: Router<AppState>| {
        router
            .method_not_allowed_fallback(method_not_allowed)
            .layer(from_fn_with_state(
                state.clone(),
                extract::require_client_key,
            ))
            .layer(from_fn_with_state(
                state.clone(),
                error::documented_codes_only,
            ))
    };
    let api = guarded(api);
    // Inside the API's CORS, so that a browser reads an injected failure
    // as the API's answer.
    let api = if settings.test_mode {
        api.layer(from_fn_with_state(state.clone(), testing::inject_faults))
    } else {
        api
    }
    .layer(cors(&settings.allowed_origins));
    // The operator's own endpoints, beside the API, guarded as it is.
    let endpoints = guarded(Router::new().route(
        &settings.delete_user_endpoint,
        axum::routing::delete(objects::delete_me),
    ))
    .layer(cors(&settings.allowed_origins));

    // What only a developer or a test reads: every mail and code sent, and
    // in test mode the switches. The browser tests' runner reads them from
    // its own origin (`--test-origins`, test mode only); no other page may.
    // (A router's own 405 answer is set before its CORS, or a preflight,
    // OPTIONS, is answered by the outer one's without CORS headers.)
    let for_tests = |router: Router<AppState>| {
        let router = router.method_not_allowed_fallback(method_not_allowed);
        if settings.test_origins.is_empty() {
            router
        } else {
            router.layer(cors(&settings.test_origins))
        }
    };
    // (The runner also opens mail links with fetch, its redirect not
    // followed; a browser opens them as a page, without CORS.)
    let mut tools = for_tests(
        Router::new()
            .route("/_outbox", get(outbox::outbox_page))
            .route("/_outbox/messages", get(outbox::outbox_json))
            .route("/_auth/mail/{action}", get(links::open_link)),
    );
    if settings.test_mode {
        tools = tools.nest("/_test", for_tests(testing::routes(state.clone())));
    }

    let app = Router::new()
        .route("/", get(index))
        .nest("/_api/rest/v1", api)
        .merge(endpoints)
        .route("/_auth/{provider}", get(oauth::start).post(oauth::decide))
        .route("/_auth/{provider}/picture", get(oauth::picture))
        .route("/_storage/{env}/{bucket}/{file}", get(storage::serve))
        .merge(tools)
        // Browsers ask for it on every page the backend shows (the outbox):
        // no icon, and no 404 in their console.
        .route(
            "/favicon.ico",
            get(|| async { axum::http::StatusCode::NO_CONTENT }),
        )
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed);

    app.layer(DefaultBodyLimit::max(settings.max_body_bytes))
        .layer(from_fn_with_state(state.clone(), check_host))
        .with_state(state)
}
