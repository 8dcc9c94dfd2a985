//! Altogic's error envelope: a non-2xx status with
//! `{"errors":[{"origin":"client_error","code":"…","message":"…","details":{…}}]}`.
//! Every failure the emulator answers goes through `ApiError`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub details: Option<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
            details: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    pub fn missing_client_key() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "missing_client_key",
            "The client key is missing: send it in the X-Client-Key header",
        )
    }

    pub fn invalid_client_key() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_client_key",
            "The client key is not valid for this app",
        )
    }

    pub fn missing_session_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "missing_session_token",
            "This call needs a signed-in user: the Session header is missing",
        )
    }

    pub fn invalid_session_token() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "invalid_session_token",
            "The session is invalid or has expired, please sign in again",
        )
    }

    /// A required field is missing or has the wrong type.
    pub fn validation(field: &str, expected: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            format!("'{field}' is required and must be {expected}"),
        )
        .with_details(json!({ "field": field }))
    }

    pub fn invalid_email(email: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_email",
            format!("'{email}' is not a valid email address"),
        )
        .with_details(json!({ "field": "email" }))
    }

    pub fn password_too_short(field: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "password_too_short",
            "Password must be at least 6 characters long",
        )
        .with_details(json!({ "field": field }))
    }

    pub fn internal() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "The local backend failed to complete the request",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut item = json!({
            "origin": "client_error",
            "code": self.code,
            "message": self.message,
        });
        if let Some(details) = self.details {
            item["details"] = details;
        }
        (self.status, Json(json!({ "errors": [item] }))).into_response()
    }
}

/// Storage failures are the emulator's own fault: a 500 in the envelope.
impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        eprintln!("database error: {err}");
        Self::internal()
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The error codes Altogic's clients and docs name: the JS client's
/// `AuthManager.ts` and `types.ts`, the Dart client, the guides. Every other
/// code in this emulator is its own invention (README: "Fidelity").
/// `phone_not_verified`: Altogic's `react-phone-authentication` sample
/// (`src/pages/SignIn.js`) branches on it.
pub const DOCUMENTED_CODES: &[&str] = &[
    "invalid_session_token",
    "missing_session_token",
    "phone_not_verified",
];

/// What an undocumented code becomes with `--documented-codes-only`.
pub const UNDOCUMENTED: &str = "undocumented";

/// `--documented-codes-only`: every error code outside [`DOCUMENTED_CODES`]
/// becomes [`UNDOCUMENTED`] (status, message and details kept), so the app
/// is tested against a backend whose codes it cannot have learnt.
pub async fn documented_codes_only(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let response = next.run(request).await;
    if !state.settings.documented_codes_only || response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "unreadable error body").into_response();
    };
    let mut envelope: Value = match serde_json::from_slice(&bytes) {
        Ok(value) => value,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    if let Some(items) = envelope["errors"].as_array_mut() {
        for item in items {
            let known = item["code"]
                .as_str()
                .is_some_and(|c| DOCUMENTED_CODES.contains(&c));
            if !known {
                item["code"] = json!(UNDOCUMENTED);
            }
        }
    }
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(envelope.to_string()))
}
