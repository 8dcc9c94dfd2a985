//! What every handler needs from a request: the client key checked, a JSON
//! body read into the envelope on failure, the signed-in user, the user
//! agent, and helpers to read typed fields with clear messages.

use axum::body::Body;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::AppState;

/// Middleware: every REST call must carry one of the app's client keys.
pub async fn require_client_key(
    State(state): State<AppState>,
    request: Request<Body>,
    next: Next,
) -> Response {
    let key = request
        .headers()
        .get("x-client-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match key {
        None | Some("") => ApiError::missing_client_key().into_response(),
        Some(key) if !state.settings.client_keys.iter().any(|k| k == key) => {
            ApiError::invalid_client_key().into_response()
        }
        Some(_) => next.run(request).await,
    }
}

/// A JSON object body. Bad JSON, a non-object, a wrong content type and an
/// oversize body all answer in the envelope.
pub struct JsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<Value>::from_request(req, state).await {
            Ok(axum::Json(Value::Object(map))) => Ok(Self(map)),
            Ok(_) => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                "The request body must be a JSON object",
            )),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// A JSON object body that may also be absent (the JS client sends
/// `signout` with or without `{token}`).
pub struct OptionalJsonBody(pub Map<String, Value>);

impl<S: Send + Sync> FromRequest<S> for OptionalJsonBody {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| {
                ApiError::new(
                    r.status(),
                    "invalid_body",
                    "The request body could not be read",
                )
            })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(Map::new()));
        }
        match serde_json::from_slice(&bytes) {
            Ok(Value::Object(map)) => Ok(Self(map)),
            _ => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                "invalid_json",
                "The request body must be a JSON object",
            )),
        }
    }
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "The request body is too large",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "The request body must be JSON, sent with Content-Type: application/json",
        ),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_json",
            "The request body is not valid JSON",
        ),
    }
}

/// A required string field.
pub fn req_str<'a>(body: &'a Map<String, Value>, field: &str) -> ApiResult<&'a str> {
    body.get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::validation(field, "a string"))
}

/// An optional string field: absent or null is `None`, another type is an error.
pub fn opt_str<'a>(body: &'a Map<String, Value>, field: &str) -> ApiResult<Option<&'a str>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "validation_error",
            format!("'{field}' must be a string"),
        )
        .with_details(serde_json::json!({ "field": field }))),
    }
}

/// The signed-in user of a request: the `Session` header names a live session.
pub struct SignedIn {
    pub token: String,
    pub user_id: String,
}

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let token = parts
            .headers
            .get("session")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(ApiError::missing_session_token)?
            .to_owned();
        let user_id = state
            .store
            .session_user(&token)?
            .ok_or_else(ApiError::invalid_session_token)?;
        Ok(Self { token, user_id })
    }
}

/// The caller's `User-Agent`, for the session it may create.
pub struct UserAgent(pub String);

impl<S: Send + Sync> FromRequestParts<S> for UserAgent {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .headers
                .get(header::USER_AGENT)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned(),
        ))
    }
}

/// A phone number in international form: `+`, the country code and the
/// number, 7 to 15 digits in all; the spaces, dashes, dots and brackets
/// people type are dropped. `None` for anything else.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let rest = raw.trim().strip_prefix('+')?;
    let digits: String = rest
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
        .collect();
    let valid = (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0');
    valid.then(|| format!("+{digits}"))
}

/// An email as Altogic keys it: trimmed and lower-case.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An email from a query string. The official JS client puts the address in
/// without URL-encoding it, so a `+` arrives as a space.
pub fn query_email(raw: &str) -> String {
    normalize_email(&raw.trim().replace(' ', "+"))
}

/// A plain shape check (what a form would check), not RFC 5322.
pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && email.len() <= 254
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_shapes() {
        for ok in ["a@b.co", "ada+test@example.com", "x.y@sub.example.org"] {
            assert!(valid_email(ok), "{ok}");
        }
        for bad in [
            "",
            "a",
            "a@",
            "@b.co",
            "a@b",
            "a b@c.de",
            "a@b.c@d.e",
            "a@.com",
            "a@com.",
        ] {
            assert!(!valid_email(bad), "{bad}");
        }
    }

    #[test]
    fn query_emails_keep_plus() {
        assert_eq!(query_email("Ada test@Example.com"), "ada+test@example.com");
        assert_eq!(query_email(" ada@example.com "), "ada@example.com");
    }
}
