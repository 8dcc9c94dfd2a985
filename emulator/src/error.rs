//! Altogic's error envelope: a non-2xx status with
//! `{"errors":[{"origin":"client_error","code":"…","message":"…","details":{…}}]}`.
//! Every failure the emulator answers goes through `ApiError`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

/// Every failure the emulator answers, one variant each. What a variant
/// says (status, code, message, details) is written once, in
/// [`ApiError::parts`]; a handler names the failure, never its wording.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiError {
    // The request itself.
    MissingClientKey,
    InvalidClientKey,
    MissingSessionToken,
    InvalidSessionToken,
    UnknownHost,
    NoSuchEndpoint,
    MethodNotAllowed,
    NoSuchMailLink,
    BodyNotJson,
    BodyNotObject,
    BodyUnreadable(StatusCode),
    BodyTooLarge,
    BodyNotJsonType,
    TestBodyNotJsonType,
    /// A field of the wrong type, or one that is missing where a request
    /// is read by hand (a query): `expected` says what it takes.
    Invalid {
        field: String,
        expected: String,
    },
    /// A field a typed body needs.
    Missing(String),
    /// An email or a number longer than any can be.
    AccountTooLong(usize),
    /// A test's fault that does not read: serde's own words.
    BadFault(String),
    TooManyRequests {
        wait_seconds: u64,
        message: String,
    },
    // Accounts.
    InvalidEmail(String),
    PasswordTooShort(&'static str),
    /// One answer for an unknown email and a wrong password: the sign-in
    /// form must not tell which accounts exist.
    InvalidCredentials,
    UserNotFound(String),
    EmailNotUnique(String),
    EmailNotVerified(String),
    EmailLinksOff,
    EmailVerificationOff,
    EmailAlreadyVerified(String),
    NoPasswordToReset,
    InvalidAccessToken,
    WrongCurrentPassword(&'static str),
    // Phones.
    InvalidPhone {
        raw: String,
        field: &'static str,
    },
    PhoneNotUnique {
        phone: String,
        field: &'static str,
    },
    /// One answer for an unknown number and a wrong password.
    InvalidPhoneCredentials,
    CodeSigninDisabled,
    PhoneConfirmationDisabled,
    /// Codes go only to a verified number; an unknown one answers alike.
    NoVerifiedPhone(String),
    /// A sign-in with the right password on a number not yet verified.
    PhoneNotVerified(String),
    PhoneAlreadyVerified(String),
    PhoneUserNotFound(String),
    WrongCode {
        tries_left: i64,
    },
    TooManyTries,
    CodeExpired,
    CodeUsed,
    NoSuchCode,
    // Database objects.
    ModelNotFound {
        model: String,
        users: String,
    },
    ObjectNotFound {
        id: String,
        users: String,
    },
    NotOwnObject,
    FieldNotUpdatable(String),
    // Storage.
    FileTooLarge(usize),
    BadMultipart,
    NotAnImage(String),
    OptionsNotJson,
    BucketNotFound(String),
    FileNameTaken {
        file: String,
        bucket: String,
    },
    FileNotFound,
    NotOwnFile,
    // The emulator's own failures.
    InjectedFault,
    Internal,
}

impl ApiError {
    /// A required field missing or of the wrong type.
    pub fn validation(field: &str, expected: &str) -> Self {
        Self::Invalid {
            field: field.to_owned(),
            expected: expected.to_owned(),
        }
    }

    /// What the failure answers: status, code, message and the field it
    /// concerns (Altogic's `details.field`).
    fn parts(&self) -> (StatusCode, &'static str, String, Option<&str>) {
        use StatusCode as S;
        let said = |status, code, message: &str| (status, code, message.to_owned(), None);
        match self {
            Self::MissingClientKey => said(
                S::UNAUTHORIZED,
                "missing_client_key",
                "The client key is missing: send it in the X-Client-Key header",
            ),
            Self::InvalidClientKey => said(
                S::UNAUTHORIZED,
                "invalid_client_key",
                "The client key is not valid for this app",
            ),
            Self::MissingSessionToken => said(
                S::UNAUTHORIZED,
                "missing_session_token",
                "This call needs a signed-in user: the Session header is missing",
            ),
            Self::InvalidSessionToken => said(
                S::UNAUTHORIZED,
                "invalid_session_token",
                "The session is invalid or has expired, please sign in again",
            ),
            Self::UnknownHost => said(
                S::MISDIRECTED_REQUEST,
                "unknown_host",
                "This server answers only to its own names (set --public-url for another)",
            ),
            Self::NoSuchEndpoint => said(
                S::NOT_FOUND,
                "not_found",
                "There is no such endpoint in the local backend",
            ),
            Self::MethodNotAllowed => said(
                S::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "This endpoint does not take that HTTP method",
            ),
            Self::NoSuchMailLink => said(S::NOT_FOUND, "not_found", "There is no such mail link"),
            Self::BodyNotJson => said(
                S::BAD_REQUEST,
                "invalid_json",
                "The request body is not valid JSON",
            ),
            Self::BodyNotObject => said(
                S::BAD_REQUEST,
                "invalid_json",
                "The request body must be a JSON object",
            ),
            Self::BodyUnreadable(status) => {
                said(*status, "invalid_body", "The request body could not be read")
            }
            Self::BodyTooLarge => said(
                S::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "The request body is too large",
            ),
            Self::BodyNotJsonType => said(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "The request body must be JSON, sent with Content-Type: application/json",
            ),
            Self::TestBodyNotJsonType => said(
                S::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "Test endpoints take JSON only (Content-Type: application/json)",
            ),
            Self::Invalid { field, expected } => (
                S::BAD_REQUEST,
                "validation_error",
                format!("'{field}' is required and must be {expected}"),
                Some(field),
            ),
            Self::Missing(field) => (
                S::BAD_REQUEST,
                "validation_error",
                format!("'{field}' is required"),
                Some(field),
            ),
            Self::AccountTooLong(max) => (
                S::BAD_REQUEST,
                "validation_error",
                format!("An email address or phone number has at most {max} characters"),
                None,
            ),
            Self::BadFault(why) => (
                S::BAD_REQUEST,
                "validation_error",
                format!("A fault is {{path, kind: error|delay|malformed|drop|code, count, delayMs, status, code, message}}: {why}"),
                None,
            ),
            Self::TooManyRequests { message, .. } => {
                said(S::TOO_MANY_REQUESTS, "too_many_requests", message)
            }
            Self::InvalidEmail(email) => (
                S::BAD_REQUEST,
                "invalid_email",
                format!("'{email}' is not a valid email address"),
                Some("email"),
            ),
            Self::PasswordTooShort(field) => (
                S::BAD_REQUEST,
                "password_too_short",
                "Password must be at least 6 characters long".to_owned(),
                Some(field),
            ),
            Self::InvalidCredentials => said(
                S::UNAUTHORIZED,
                "invalid_credentials",
                "Invalid email or password",
            ),
            Self::UserNotFound(email) => (
                S::NOT_FOUND,
                "user_not_found",
                format!("There is no user with the email '{email}'"),
                None,
            ),
            Self::EmailNotUnique(email) => (
                S::CONFLICT,
                "email_not_unique",
                format!("A user with the email '{email}' already exists"),
                Some("email"),
            ),
            Self::EmailNotVerified(email) => (
                S::FORBIDDEN,
                "email_not_verified",
                format!("The email '{email}' has not been verified yet, please check your inbox"),
                None,
            ),
            Self::EmailLinksOff => said(
                S::BAD_REQUEST,
                "email_confirmation_disabled",
                "Links by email are off: this app does not verify email addresses",
            ),
            Self::EmailVerificationOff => said(
                S::BAD_REQUEST,
                "email_confirmation_disabled",
                "This app does not verify email addresses",
            ),
            Self::EmailAlreadyVerified(email) => (
                S::BAD_REQUEST,
                "email_already_verified",
                format!("The email '{email}' is already verified"),
                None,
            ),
            Self::NoPasswordToReset => said(
                S::BAD_REQUEST,
                "no_password",
                "This account signs in with its provider and has no password to reset",
            ),
            Self::InvalidAccessToken => said(
                S::UNAUTHORIZED,
                "invalid_access_token",
                "The access token is invalid, has expired or has already been used",
            ),
            Self::WrongCurrentPassword(field) => (
                S::BAD_REQUEST,
                "invalid_password",
                "The current password is not correct".to_owned(),
                Some(field),
            ),
            Self::InvalidPhone { raw, field } => (
                S::BAD_REQUEST,
                "invalid_phone",
                format!(
                    "'{}' is not a phone number in international form, like +14155550123",
                    raw.trim()
                ),
                Some(field),
            ),
            Self::PhoneNotUnique { phone, field } => (
                S::CONFLICT,
                "phone_not_unique",
                format!("A user with the phone number '{phone}' already exists"),
                Some(field),
            ),
            Self::InvalidPhoneCredentials => said(
                S::UNAUTHORIZED,
                "invalid_credentials",
                "Invalid phone number or password",
            ),
            Self::CodeSigninDisabled => said(
                S::FORBIDDEN,
                "code_signin_disabled",
                "Sign-in with a code sent by SMS is not enabled for this app",
            ),
            Self::PhoneConfirmationDisabled => said(
                S::BAD_REQUEST,
                "phone_confirmation_disabled",
                "This app does not confirm phone numbers by code",
            ),
            Self::NoVerifiedPhone(phone) => (
                S::BAD_REQUEST,
                "phone_not_verified",
                format!("There is no account with the verified phone number '{phone}'"),
                Some("phone"),
            ),
            Self::PhoneNotVerified(phone) => (
                S::FORBIDDEN,
                "phone_not_verified",
                format!(
                    "The phone number '{phone}' has not been verified yet: enter the code we sent"
                ),
                None,
            ),
            Self::PhoneAlreadyVerified(phone) => (
                S::BAD_REQUEST,
                "phone_already_verified",
                format!("The phone number '{phone}' is already verified"),
                None,
            ),
            Self::PhoneUserNotFound(phone) => (
                S::NOT_FOUND,
                "user_not_found",
                format!("There is no user with the phone number '{phone}'"),
                None,
            ),
            Self::WrongCode { tries_left } => (
                S::UNAUTHORIZED,
                "invalid_code",
                if *tries_left > 0 {
                    format!("This code is wrong. You can try {tries_left} more times.")
                } else {
                    "This code is wrong, and that was the last try for now. Wait an hour, then ask for a new code.".to_owned()
                },
                Some("code"),
            ),
            Self::TooManyTries => (
                S::UNAUTHORIZED,
                "too_many_tries",
                "Too many wrong codes: this one no longer works. Ask for a new code.".to_owned(),
                Some("code"),
            ),
            Self::CodeExpired => (
                S::UNAUTHORIZED,
                "code_expired",
                "This code has expired. Ask for a new code.".to_owned(),
                Some("code"),
            ),
            Self::CodeUsed => (
                S::UNAUTHORIZED,
                "code_used",
                "This code was already used. Ask for a new code.".to_owned(),
                Some("code"),
            ),
            Self::NoSuchCode => (
                S::UNAUTHORIZED,
                "invalid_code",
                "This code is wrong, or no code was sent to this number. Ask for a new code."
                    .to_owned(),
                Some("code"),
            ),
            Self::ModelNotFound { model, users } => (
                S::NOT_FOUND,
                "model_not_found",
                format!("There is no model '{model}' in the local backend (it has '{users}')"),
                None,
            ),
            Self::ObjectNotFound { id, users } => (
                S::NOT_FOUND,
                "object_not_found",
                format!("There is no object '{id}' in '{users}'"),
                None,
            ),
            Self::NotOwnObject => said(
                S::FORBIDDEN,
                "forbidden",
                "A user may only read and update their own object",
            ),
            Self::FieldNotUpdatable(field) => (
                S::FORBIDDEN,
                "field_not_updatable",
                format!("The field '{field}' cannot be changed through the database API"),
                Some(field),
            ),
            Self::FileTooLarge(max) => (
                S::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                format!("The file is larger than the {max} bytes this backend accepts"),
                None,
            ),
            Self::BadMultipart => said(
                S::BAD_REQUEST,
                "invalid_multipart",
                "The upload must be a multipart/form-data body with the file in the field 'file'",
            ),
            Self::NotAnImage(declared) => (
                S::BAD_REQUEST,
                "invalid_file_type",
                format!("The file is not a {declared} image"),
                None,
            ),
            Self::OptionsNotJson => said(
                S::BAD_REQUEST,
                "invalid_json",
                "'options' must be a JSON object",
            ),
            Self::BucketNotFound(bucket) => (
                S::NOT_FOUND,
                "bucket_not_found",
                format!("There is no bucket '{bucket}'"),
                None,
            ),
            Self::FileNameTaken { file, bucket } => (
                S::CONFLICT,
                "file_name_taken",
                format!("There already is a file '{file}' in bucket '{bucket}'"),
                Some("fileName"),
            ),
            Self::FileNotFound => said(S::NOT_FOUND, "file_not_found", "There is no such file"),
            Self::NotOwnFile => said(
                S::FORBIDDEN,
                "forbidden",
                "A user may only delete their own files",
            ),
            Self::InjectedFault => said(
                S::INTERNAL_SERVER_ERROR,
                "injected_fault",
                "The backend failed (a fault injected by a test)",
            ),
            Self::Internal => said(
                S::INTERNAL_SERVER_ERROR,
                "internal_error",
                "The local backend failed to complete the request",
            ),
        }
    }

    pub fn status(&self) -> StatusCode {
        self.parts().0
    }

    pub fn code(&self) -> &'static str {
        self.parts().1
    }

    pub fn message(&self) -> String {
        self.parts().2
    }

    /// Altogic's `details`: the field concerned, and what else the failure
    /// tells (the tries left for a code, the wait of a rate limit).
    fn details(&self) -> Option<Value> {
        let field = self.parts().3.map(str::to_owned);
        match self {
            Self::WrongCode { tries_left } => {
                Some(json!({ "field": "code", "triesLeft": tries_left }))
            }
            Self::TooManyRequests { wait_seconds, .. } => {
                Some(json!({ "retryAfterSeconds": wait_seconds }))
            }
            _ => field.map(|field| json!({ "field": field })),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message, _) = self.parts();
        let mut item = json!({
            "origin": "client_error",
            "code": code,
            "message": message,
        });
        if let Some(details) = self.details() {
            item["details"] = details;
        }
        (status, Json(json!({ "errors": [item] }))).into_response()
    }
}

/// Storage failures are the emulator's own fault: a 500 in the envelope.
impl From<rusqlite::Error> for ApiError {
    fn from(err: rusqlite::Error) -> Self {
        eprintln!("database error: {err}");
        Self::Internal
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
