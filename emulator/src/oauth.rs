//! Sign-in with a provider (`/_auth/{provider}`), offline: this server plays
//! the provider with a small consent page ("Sign in to … as"), then does what
//! Altogic does after a provider answers: finds or creates the user and sends
//! the browser to the app's redirect URL with `action=oauth-signin` and an
//! access token (or an `error`).
//!
//! The page is a plain form with no script. A one-time state value, in the
//! form and in a `SameSite=Strict` cookie, must match: another site cannot
//! post the form on someone's behalf (sign them in as somebody else).
//!
//! An email that already belongs to another account (a password account, or
//! another provider's) is refused, not linked: the provider's word alone
//! must not hand over an account that someone else proves with a password.

use axum::extract::{Form, Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::{json, Map};

use crate::accounts::{new_user, KnownBy};
use crate::error::ApiResult;
use crate::extract::{normalize_email, valid_email};
use crate::limits::ClientAddr;
use crate::links::{redirect_to_app, Outcome, ACCESS_GRANT, ACCESS_TTL_SECS};
use crate::store::UserRow;
use crate::{escape, new_id, new_token, AppState};

/// Altogic's providers, with the names people know them by.
pub const PROVIDERS: [(&str, &str); 6] = [
    ("google", "Google"),
    ("facebook", "Facebook"),
    ("twitter", "Twitter"),
    ("apple", "Apple"),
    ("discord", "Discord"),
    ("github", "GitHub"),
];

/// The redirect's action: `oauth-signup` the first time an identity signs
/// in (a new user), `oauth-signin` afterwards, and for failures. Source:
/// Altogic's app idealy (`pages/auth-redirect.jsx` branches on both).
const ACTION: &str = "oauth-signin";
const ACTION_SIGNUP: &str = "oauth-signup";
const STATE_KIND: &str = "oauth-state";
const STATE_COOKIE: &str = "altogic_oauth_state";
const STATE_TTL_SECS: i64 = 10 * 60;
const MAX_NAME_CHARS: usize = 100;

/// Whom the local provider says the person is.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// Which providers are on, and (test mode) an identity that approves at once.
#[derive(Clone, Debug, Default)]
pub struct OAuthSettings {
    pub providers: Vec<String>,
    pub auto_approve: Option<Identity>,
}

impl OAuthSettings {
    pub fn new(providers: &[String]) -> Self {
        Self {
            providers: providers
                .iter()
                .map(|p| p.trim().to_ascii_lowercase())
                .filter(|p| !p.is_empty())
                .collect(),
            auto_approve: None,
        }
    }
}

pub fn display_name(provider: &str) -> Option<&'static str> {
    PROVIDERS
        .iter()
        .find(|(id, _)| *id == provider)
        .map(|(_, name)| *name)
}

/// The provider's name, if it is one of Altogic's and turned on here.
fn enabled(state: &AppState, provider: &str) -> Option<&'static str> {
    let on = state
        .switches()
        .oauth
        .providers
        .iter()
        .any(|p| p == provider);
    display_name(provider).filter(|_| on)
}

fn failed(state: &AppState, status: u16, message: &str) -> Response {
    redirect_to_app(state, ACTION, Outcome::Failed(status, message)).into_response()
}

fn not_enabled(state: &AppState, provider: &str) -> Response {
    let shown: String = provider.chars().take(40).collect();
    failed(
        state,
        400,
        &format!("Sign-in with '{shown}' is not enabled for this app"),
    )
}

/// `GET /_auth/{provider}`: the consent page (or, in test mode with an
/// identity set, the approval at once).
/// Consent pages (each with a one-time state) per client address and minute.
const STARTS_PER_MINUTE: u32 = 30;

pub async fn start(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Path(provider): Path<String>,
) -> Response {
    let Some(name) = enabled(&state, &provider) else {
        return not_enabled(&state, &provider);
    };
    let who = address.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string());
    if let Err(err) = state.limiter.hit("oauth-start", &who, STARTS_PER_MINUTE) {
        return failed(&state, 429, &err.message());
    }
    let auto_approve = state.switches().oauth.auto_approve;
    if let Some(identity) = auto_approve {
        return approve(&state, &provider, &identity)
            .await
            .unwrap_or_else(IntoResponse::into_response);
    }
    let token = new_token();
    if let Err(err) =
        state
            .store
            .insert_token(&token, STATE_KIND, "", Some(&provider), STATE_TTL_SECS)
    {
        return err.into_response();
    }
    let identity = Identity {
        name: format!("{name} User"),
        email: format!("{provider}-user@example.com"),
    };
    let cookie = format!(
        "{STATE_COOKIE}={token}; Path=/_auth; Max-Age={STATE_TTL_SECS}; HttpOnly; SameSite=Strict"
    );
    let mut response = consent_page(&state, name, &provider, &token, &identity, None);
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

#[derive(Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    state: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    decision: String,
}

fn cookie_state(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == STATE_COOKIE)
        .map(|(_, value)| value)
}

/// `POST /_auth/{provider}`: Allow or Deny on the consent page.
pub async fn decide(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    Form(form): Form<ConsentForm>,
) -> Response {
    let Some(name) = enabled(&state, &provider) else {
        return not_enabled(&state, &provider);
    };
    let expired = "This sign-in request has expired or was already used. Start again from the app.";
    if form.state.is_empty() || cookie_state(&headers) != Some(form.state.as_str()) {
        return with_cleared_cookie(failed(&state, 400, expired));
    }
    if form.decision != "allow" {
        let _ = state.store.take_token(&form.state, &[STATE_KIND]);
        return with_cleared_cookie(failed(
            &state,
            401,
            &format!("You did not allow sign-in with {name}"),
        ));
    }
    let identity = Identity {
        name: form.name.trim().chars().take(MAX_NAME_CHARS).collect(),
        email: normalize_email(&form.email),
    };
    if !valid_email(&identity.email) {
        // Shown again with what was typed (escaped); the state stays valid.
        let message = "Enter an email address like name@example.com";
        let mut page = consent_page(
            &state,
            name,
            &provider,
            &form.state,
            &identity,
            Some(message),
        );
        *page.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return page;
    }
    if let Err(err) = state.limit(ACTION, &identity.email, address) {
        return failed(&state, 429, &err.message());
    }
    match state.store.take_token(&form.state, &[STATE_KIND]) {
        Ok(Some(token)) if token.payload.as_deref() == Some(provider.as_str()) => {}
        Ok(_) => return with_cleared_cookie(failed(&state, 400, expired)),
        Err(err) => return err.into_response(),
    }
    let response = approve(&state, &provider, &identity)
        .await
        .unwrap_or_else(IntoResponse::into_response);
    with_cleared_cookie(response)
}

fn with_cleared_cookie(mut response: Response) -> Response {
    let gone = format!("{STATE_COOKIE}=; Path=/_auth; Max-Age=0; HttpOnly; SameSite=Strict");
    if let Ok(value) = gone.parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// The picture the local provider gives everyone it signs in.
pub async fn picture(Path(_provider): Path<String>) -> Response {
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            // Shown as <img> by the app on another origin.
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin",
            ),
        ],
        &include_bytes!("provider-picture.png")[..],
    )
        .into_response()
}

/// The provider said yes: sign in the user with this identity, creating it
/// the first time, and send the browser back with an access token.
async fn approve(state: &AppState, provider: &str, identity: &Identity) -> ApiResult<Response> {
    // The local provider knows a person by their email.
    let provider_user_id = normalize_email(&identity.email);
    let (user, action) = match state.store.user_by_provider(provider, &provider_user_id)? {
        Some(user) => (user, ACTION),
        None => {
            let id = new_id();
            let mut told = Map::new();
            if !identity.name.trim().is_empty() {
                told.insert("name".into(), json!(identity.name.trim()));
            }
            // A provider tells of the person's picture, on its own host
            // (docs `platform-concepts/apps`: the users model keeps the
            // "profile picture"; idealy `next.config.js` lists the
            // providers' image hosts). Here that host is this server.
            told.insert(
                "profilePicture".into(),
                json!(format!(
                    "{}/_auth/{provider}/picture",
                    state.settings.public_url()
                )),
            );
            let known_by = KnownBy::Provider {
                name: provider,
                user_id: &provider_user_id,
                email: &provider_user_id,
            };
            let doc = new_user(&id, known_by, told);
            // No password: password sign-in fails, and no reset link is
            // sent (`auth.rs`).
            let row = UserRow {
                id,
                password_hash: String::new(),
                doc,
            };
            if !state
                .store
                .insert_user(&row, Some(&provider_user_id), None)?
            {
                let name = display_name(provider).unwrap_or(provider);
                // Altogic says only "between 400 and 599" (the Flutter
                // client's `auth.dart`): 400 here, so that the app relies
                // on none in particular.
                return Ok(failed(
                    state,
                    400,
                    &format!(
                        "An account with the email '{provider_user_id}' already exists. \
                         Sign in to it with its password or a magic link; \
                         it is not linked to {name} automatically."
                    ),
                ));
            }
            (row, ACTION_SIGNUP)
        }
    };
    let access = new_token();
    state
        .store
        .insert_token(&access, ACCESS_GRANT, &user.id, None, ACCESS_TTL_SECS)?;
    Ok(redirect_to_app(state, action, Outcome::Token(&access)).into_response())
}

/// The local stand-in for a provider's consent screen.
fn consent_page(
    state: &AppState,
    name: &str,
    provider: &str,
    token: &str,
    identity: &Identity,
    problem: Option<&str>,
) -> Response {
    let redirect = url::Url::parse(&state.settings.redirect_url).ok();
    let app = redirect.as_ref().map_or("the app".to_owned(), |u| {
        u[url::Position::BeforeHost..url::Position::AfterPort].to_owned()
    });
    // The form's answer is a redirect to the app, which `form-action` covers.
    let app_origin = redirect.map_or(String::new(), |u| u.origin().ascii_serialization());
    let (invalid, error) = match problem {
        Some(message) => (
            " aria-invalid=\"true\" aria-describedby=\"email-error\"",
            format!(
                "<p id=\"email-error\" class=\"error\" role=\"alert\">{}</p>",
                escape(message)
            ),
        ),
        None => ("", String::new()),
    };
    let page = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sign in with {name} - Altogic emulator</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1d2330}}\
         label{{display:block;margin-top:1rem;font-weight:600}}input{{display:block;width:100%;box-sizing:border-box;padding:.5rem;font:inherit;border:1px solid #6b7385;border-radius:6px}}\
         .actions{{display:flex;gap:.75rem;margin-top:1.5rem}}button{{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:1px solid #1d2330;background:#fff;color:#1d2330}}\
         button[value=allow]{{background:#1d4ed8;border-color:#1d4ed8;color:#fff}}.error{{color:#b42318}}.note{{color:#4a5263;font-size:.9rem}}</style>\
         <main><h1>Sign in to {app} with {name}</h1>\
         <p class=\"note\">The local backend stands in for {name}: choose who you are.</p>\
         <form method=\"post\" action=\"/_auth/{provider}\">\
         <input type=\"hidden\" name=\"state\" value=\"{token}\">\
         <label for=\"name\">Name</label><input id=\"name\" name=\"name\" autocomplete=\"name\" value=\"{person}\">\
         <label for=\"email\">Email</label><input id=\"email\" name=\"email\" type=\"email\" autocomplete=\"email\" value=\"{email}\"{invalid}>{error}\
         <div class=\"actions\"><button name=\"decision\" value=\"allow\">Allow</button>\
         <button name=\"decision\" value=\"deny\">Deny</button></div></form></main>",
        name = escape(name),
        app = escape(&app),
        provider = escape(provider),
        token = escape(token),
        person = escape(&identity.name),
        email = escape(&identity.email),
    );
    // A page of this server's own: no script, framed by nobody, and its form
    // goes only here (and on to the app).
    let policy = format!(
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self' {app_origin}; \
         frame-ancestors 'none'; base-uri 'none'"
    );
    let mut response = Html(page).into_response();
    let headers = response.headers_mut();
    if let Ok(policy) = policy.parse() {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::CACHE_CONTROL,
        "no-store".parse().expect("a valid header"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        "no-referrer".parse().expect("a valid header"),
    );
    response
}
