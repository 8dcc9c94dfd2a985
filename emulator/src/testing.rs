//! Test mode only (`--test-mode`): wipe data between tests, switch email
//! verification, and make chosen requests fail the ways a network does.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::OptionalJsonBody;
use crate::AppState;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum FaultKind {
    /// Answer 500 in the error envelope.
    Error,
    /// Wait `delayMs`, then answer normally.
    Delay,
    /// Answer 200 with a body that is not JSON.
    Malformed,
    /// Start the answer, then cut the connection.
    Drop,
    /// Answer `status` with an error of `code` and `message`: a code the
    /// app has never seen, as a newer Altogic might send.
    Code,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Fault {
    /// The exact request path, e.g. `/_api/rest/v1/auth/signin-email`.
    pub path: String,
    pub kind: FaultKind,
    /// How many of the next matching requests it hits.
    #[serde(default = "one")]
    pub count: u32,
    #[serde(default)]
    pub delay_ms: u64,
    /// For `code`: the status, error code and message to answer with.
    #[serde(default)]
    pub status: Option<u16>,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    /// For `code`: how the body carries the error, each a shape the
    /// official clients read (JS `Fetcher.ts`): `envelope` (the default,
    /// `{errors:[item]}`), `object` (`{errors:item}`), `array` (`[item]`)
    /// or `bare` (`item`). `noMessage` leaves the item's message out.
    #[serde(default)]
    pub shape: Shape,
    #[serde(default)]
    pub no_message: bool,
}

/// How a `code` fault's body carries its error (see `Fault::shape`).
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub enum Shape {
    #[default]
    Envelope,
    Object,
    Array,
    Bare,
}

fn one() -> u32 {
    1
}

#[derive(Clone, Default)]
pub struct Faults(Arc<Mutex<HashMap<String, Fault>>>);

impl Faults {
    fn set(&self, fault: Fault) {
        self.lock().insert(fault.path.clone(), fault);
    }

    fn clear(&self) {
        self.lock().clear();
    }

    /// Uses up one hit of the fault on `path`, if any is left.
    fn take(&self, path: &str) -> Option<Fault> {
        let mut faults = self.lock();
        let fault = faults.get_mut(path)?;
        fault.count = fault.count.saturating_sub(1);
        let hit = fault.clone();
        if fault.count == 0 {
            faults.remove(path);
        }
        Some(hit)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Fault>> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Only the tests may call /_test: JSON (which another site's page cannot
/// send without the CORS preflight this backend refuses it) and the
/// client key. A cross-site form post (`text/plain`) switching settings is
/// refused.
pub async fn require_test_caller(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let json = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.trim_start().starts_with("application/json"));
    if request.method() != Method::GET && !json {
        return ApiError::TestBodyNotJsonType.into_response();
    }
    crate::extract::require_client_key(State(state), request, next).await
}

pub fn routes(state: AppState) -> Router<AppState> {
    Router::new()
        .route("/reset", post(reset))
        .route("/settings", post(settings))
        .route("/faults", post(add_fault).delete(clear_faults))
        .route("/counts", axum::routing::get(counts))
        .route("/expire-codes", post(expire_codes))
        .layer(axum::middleware::from_fn_with_state(
            state,
            require_test_caller,
        ))
}

/// What `/settings` and `/reset` change, each optional: nothing is
/// changed if any is wrong.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Settings {
    email_verification: Option<bool>,
    phone_confirmation: Option<bool>,
    code_signin: Option<bool>,
    reset_ends_sessions: Option<bool>,
    /// `["github", …]`
    oauth_providers: Option<Vec<String>>,
    /// `{name, email}`, or `null` to ask again; absent, unchanged.
    #[serde(default, deserialize_with = "present")]
    oauth_auto_approve: Option<Option<crate::oauth::Identity>>,
}

/// A field that is there, even as `null` (`Some(None)`), unlike one left out.
fn present<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(
    field: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(field).map(Some)
}

fn apply_settings(mut switches: crate::Switches, body: Settings) -> crate::Switches {
    let flags = [
        (&mut switches.email_verification, body.email_verification),
        (&mut switches.phone_confirmation, body.phone_confirmation),
        (&mut switches.code_signin, body.code_signin),
        (&mut switches.reset_ends_sessions, body.reset_ends_sessions),
    ];
    for (flag, given) in flags {
        *flag = given.unwrap_or(*flag);
    }
    if let Some(names) = body.oauth_providers {
        switches.oauth.providers = crate::oauth::OAuthSettings::new(&names).providers;
    }
    if let Some(identity) = body.oauth_auto_approve {
        switches.oauth.auto_approve = identity;
    }
    switches
}

/// Wipes all data and faults, and restores the started settings (changed
/// by the body as `/settings` would).
async fn reset(
    State(state): State<AppState>,
    OptionalJsonBody(body): OptionalJsonBody<Settings>,
) -> ApiResult<StatusCode> {
    let switches = apply_settings(crate::Switches::started(&state.settings), body);
    state.store.reset()?;
    state.faults.clear();
    state.limiter.clear();
    state.set_switches(switches);
    Ok(StatusCode::NO_CONTENT)
}

async fn settings(
    State(state): State<AppState>,
    OptionalJsonBody(body): OptionalJsonBody<Settings>,
) -> ApiResult<Json<Value>> {
    let switches = apply_settings(state.switches(), body);
    state.set_switches(switches.clone());
    Ok(Json(json!({
        "emailVerification": switches.email_verification,
        "phoneConfirmation": switches.phone_confirmation,
        "codeSignin": switches.code_signin,
        "resetEndsSessions": switches.reset_ends_sessions,
        "oauthProviders": switches.oauth.providers,
    })))
}

async fn add_fault(
    State(state): State<AppState>,
    OptionalJsonBody(body): OptionalJsonBody<Value>,
) -> ApiResult<StatusCode> {
    // Its own answer, which shows a fault's shape to whoever writes a test.
    let fault: Fault =
        serde_json::from_value(body).map_err(|e| ApiError::BadFault(e.to_string()))?;
    state.faults.set(fault);
    Ok(StatusCode::NO_CONTENT)
}

async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

/// Every code sent by SMS so far expires now: for tests of an expired code
/// without waiting.
async fn expire_codes(State(state): State<AppState>) -> ApiResult<StatusCode> {
    state.store.expire_codes()?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many users and sessions exist, for tests that check nothing was lost
/// or duplicated.
async fn counts(State(state): State<AppState>) -> ApiResult<Json<Value>> {
    Ok(Json(json!({
        "users": state.store.count_users()?,
        "sessions": state.store.count_sessions()?,
        "tokens": state.store.count_tokens()?,
    })))
}

/// Middleware: applies a fault set for this request's path.
pub async fn inject_faults(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if request.method() == Method::OPTIONS {
        return next.run(request).await;
    }
    // The API is nested: its own routes see the path without the prefix.
    let path = request
        .extensions()
        .get::<axum::extract::OriginalUri>()
        .map_or_else(|| request.uri().path().to_owned(), |u| u.path().to_owned());
    let Some(fault) = state.faults.take(&path) else {
        return next.run(request).await;
    };
    match fault.kind {
        FaultKind::Error => ApiError::InjectedFault.into_response(),
        FaultKind::Code => {
            let status = fault.status.and_then(|s| StatusCode::from_u16(s).ok());
            let mut error = json!({
                "origin": "client_error",
                "code": fault.code.as_deref().unwrap_or("unknown_code"),
                "message": fault.message.as_deref().unwrap_or("Something the app has never heard of"),
            });
            if fault.no_message {
                error.as_object_mut().map(|e| e.remove("message"));
            }
            let body = match fault.shape {
                Shape::Envelope => json!({ "errors": [error] }),
                Shape::Object => json!({ "errors": error }),
                Shape::Array => json!([error]),
                Shape::Bare => error,
            };
            (status.unwrap_or(StatusCode::BAD_REQUEST), axum::Json(body)).into_response()
        }
        FaultKind::Delay => {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms)).await;
            next.run(request).await
        }
        FaultKind::Malformed => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "{\"user\": {\"_id\": ",
        )
            .into_response(),
        FaultKind::Drop => {
            // Send the start of an answer, then fail the body stream: the
            // server aborts the connection mid-answer. (Cut before any byte,
            // a browser would quietly retry the request on a new connection.)
            use futures_util::StreamExt;
            let start = futures_util::stream::once(async {
                Ok::<_, std::io::Error>(axum::body::Bytes::from_static(b"{\"user\":"))
            });
            let cut = futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(std::io::Error::other("connection dropped by a test fault"))
            });
            let broken = start.chain(cut);
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                Body::from_stream(broken),
            )
                .into_response()
        }
    }
}
