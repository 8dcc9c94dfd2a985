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
use serde::de::DeserializeOwned;
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
        None | Some("") => ApiError::MissingClientKey.into_response(),
        Some(key) if !state.settings.client_keys.iter().any(|k| k == key) => {
            ApiError::InvalidClientKey.into_response()
        }
        Some(_) => next.run(request).await,
    }
}

/// A JSON object body read into `T`, as axum's `Json` would, but every
/// failure answers in Altogic's envelope: bad JSON, a non-object, a wrong
/// content type, an oversize body, and a field missing or of the wrong
/// type (`validation_error` naming it in `details.field`).
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<Value>::from_request(req, state).await {
            Ok(axum::Json(value @ Value::Object(_))) => typed(value).map(Self),
            Ok(_) => Err(ApiError::BodyNotObject),
            Err(rejection) => Err(json_rejection(rejection)),
        }
    }
}

/// A body that may also be absent, read as `{}` then (the JS client sends
/// `signout` with or without `{token}`).
pub struct OptionalJsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for OptionalJsonBody<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| ApiError::BodyUnreadable(r.status()))?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return typed(Value::Object(Map::new())).map(Self);
        }
        match serde_json::from_slice(&bytes) {
            Ok(value @ Value::Object(_)) => typed(value).map(Self),
            _ => Err(ApiError::BodyNotObject),
        }
    }
}

/// A JSON object as `T`, a failure naming the field it concerns.
fn typed<T: DeserializeOwned>(object: Value) -> ApiResult<T> {
    serde_path_to_error::deserialize(object).map_err(|e| {
        let path = e.path().to_string();
        let why = e.inner().to_string();
        // A missing field fails at the object, its name only in serde's
        // words (`missing field `email``, serde's `Error::missing_field`).
        let missing = why
            .strip_prefix("missing field `")
            .and_then(|rest| rest.strip_suffix('`'));
        match missing {
            Some(field) => ApiError::Missing(field.to_owned()),
            None => ApiError::Invalid {
                field: path,
                expected: why
                    .split_once("expected ")
                    .map_or("another type", |(_, expected)| expected)
                    .to_owned(),
            },
        }
    })
}

fn json_rejection(rejection: JsonRejection) -> ApiError {
    match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::BodyTooLarge,
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ApiError::BodyNotJsonType,
        _ => ApiError::BodyNotJson,
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
            .ok_or(ApiError::MissingSessionToken)?
            .to_owned();
        let user_id = state
            .store
            .session_user(&token)?
            .ok_or(ApiError::InvalidSessionToken)?;
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
    fn a_typed_body_names_the_field_it_lacks_or_cannot_read() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct SignIn {
            email: String,
            password: String,
        }
        let read = |body| typed::<SignIn>(body).unwrap_err();
        assert_eq!(
            read(serde_json::json!({"email": "a@b.co"})),
            ApiError::Missing("password".into())
        );
        assert_eq!(
            read(serde_json::json!({"email": 5, "password": "secret"})),
            ApiError::validation("email", "a string")
        );
        assert!(typed::<SignIn>(serde_json::json!({"email": "a", "password": "b"})).is_ok());
    }

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
