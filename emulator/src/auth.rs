//! `auth/…`: sign-up, sign-in, mail links, grants, passwords, emails and
//! sessions, with Altogic's rules and error envelope.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{
    normalize_email, opt_str, query_email, req_str, valid_email, JsonBody, OptionalJsonBody,
    SignedIn, UserAgent,
};
use crate::limits::ClientAddr;
use crate::mail::{self, Action};
use crate::store::UserRow;
use crate::{new_id, new_token, now_iso, useragent, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup-email", post(signup_email))
        .route("/signin-email", post(signin_email))
        .route("/send-magic", post(send_magic))
        .route("/resend", post(resend))
        .route("/send-reset", post(send_reset))
        .route("/reset-pwd", post(reset_pwd))
        .route("/grant", get(grant))
        .route("/change-pwd", post(change_pwd))
        .route("/change-email", post(change_email))
        .route("/signout", post(signout))
        .route("/signout-all", post(signout_all))
        .route("/signout-all-except", post(signout_all_except))
        .route("/sessions", get(sessions))
        .route("/user", get(user))
}

/// Fields of a user document that only the backend writes: a sign-up's
/// extra data and `db/object/update` may not set them.
pub const SYSTEM_FIELDS: [&str; 10] = [
    "_id",
    "email",
    "phone",
    "phoneVerified",
    "password",
    "provider",
    "providerUserId",
    "emailVerified",
    "signUpAt",
    "lastLoginAt",
];

pub const MIN_PASSWORD_CHARS: usize = 6;

pub fn check_password(password: &str, field: &str) -> ApiResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::password_too_short(field));
    }
    Ok(())
}

fn check_email(raw: &str) -> ApiResult<String> {
    let email = normalize_email(raw);
    if !valid_email(&email) {
        return Err(ApiError::invalid_email(raw.trim()));
    }
    Ok(email)
}

/// Runs argon2 work off the async threads, a few at a time. Each hash takes
/// 19 MiB: unbounded, a burst of sign-ins piles up blocking threads that
/// each keep their memory (the load test saw the process reach 20 GB).
async fn argon2_work<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    static SLOTS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let slots = SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    });
    let _slot = slots.acquire().await.ok()?;
    tokio::task::spawn_blocking(work).await.ok()
}

/// Argon2id with a random salt; slow on purpose.
pub async fn hash_password(password: &str) -> ApiResult<String> {
    let password = password.to_owned();
    argon2_work(move || {
        Argon2::default()
            .hash_password(password.as_bytes(), &SaltString::generate(&mut OsRng))
            .map(|h| h.to_string())
    })
    .await
    .ok_or_else(ApiError::internal)?
    .map_err(|_| ApiError::internal())
}

/// Checks a password against a stored hash (`None`: against a dummy hash, so
/// an unknown email takes as long as a wrong password).
pub async fn verify_password(hash: Option<String>, password: &str) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let password = password.to_owned();
    argon2_work(move || {
        let dummy = DUMMY.get_or_init(|| {
            Argon2::default()
                .hash_password(b"not a password", &SaltString::generate(&mut OsRng))
                .map(|h| h.to_string())
                .unwrap_or_default()
        });
        // A provider's user has no password (an empty hash): as unknown.
        let hash = hash.filter(|h| !h.is_empty());
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| dummy.clone());
        let matches = PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false);
        known && matches
    })
    .await
    .unwrap_or(false)
}

fn invalid_credentials() -> ApiError {
    // One answer for an unknown email and a wrong password: the sign-in form
    // must not tell which accounts exist.
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_credentials",
        "Invalid email or password",
    )
}

fn user_not_found(email: &str) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "user_not_found",
        format!("There is no user with the email '{email}'"),
    )
}

fn email_not_unique(email: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        "email_not_unique",
        format!("A user with the email '{email}' already exists"),
    )
    .with_details(json!({ "field": "email" }))
}

fn email_not_verified(email: &str) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "email_not_verified",
        format!("The email '{email}' has not been verified yet, please check your inbox"),
    )
}

pub fn invalid_access_token() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "invalid_access_token",
        "The access token is invalid, has expired or has already been used",
    )
}

pub async fn user_or_missing(state: &AppState, user_id: &str) -> ApiResult<UserRow> {
    // A session whose user is gone is as dead as an expired one.
    state
        .store
        .user_by_id(user_id)?
        .ok_or_else(ApiError::invalid_session_token)
}

/// Creates a session for `user`, marks the sign-in time, and returns the
/// `{user, session}` Altogic answers with.
pub async fn start_session(state: &AppState, mut user: UserRow, ua: &str) -> ApiResult<Value> {
    let token = new_token();
    let created = now_iso();
    let user_agent = useragent::parse(ua);
    state.store.insert_session(
        &token,
        &user.id,
        &created,
        state.settings.session_lifetime,
        &user_agent,
    )?;
    user.doc
        .insert("lastLoginAt".into(), Value::String(created.clone()));
    state.store.save_user_doc(&user.id, &user.doc)?;
    Ok(json!({
        "user": user.doc,
        "session": session_json(&user.id, &token, &created, user_agent),
    }))
}

fn session_json(user_id: &str, token: &str, created: &str, user_agent: Value) -> Value {
    json!({
        "userId": user_id,
        "token": token,
        "creationDtm": created,
        "accessGroupKeys": [],
        "userAgent": user_agent,
    })
}

/// A sign-up's `nameOrUserData`: a name, or user fields (those only the
/// backend writes are left out).
pub fn user_data(body: &Map<String, Value>) -> ApiResult<Map<String, Value>> {
    let mut doc = Map::new();
    match body.get("nameOrUserData") {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) => {
            doc.insert("name".into(), Value::String(name.clone()));
        }
        Some(Value::Object(fields)) => {
            for (key, value) in fields {
                if !SYSTEM_FIELDS.contains(&key.as_str()) {
                    doc.insert(key.clone(), value.clone());
                }
            }
        }
        Some(_) => {
            return Err(ApiError::validation(
                "nameOrUserData",
                "a name or an object of user fields",
            ))
        }
    }
    Ok(doc)
}

async fn signup_email(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let email = check_email(req_str(&body, "email")?)?;
    let password = req_str(&body, "password")?;
    check_password(password, "password")?;
    // Limited like a sign-in: a taken address answers differently, so
    // sign-up must not probe (or flood) without limit.
    state.limit("signup", &email, address)?;

    let id = new_id();
    let mut doc = user_data(&body)?;
    let verify = state.email_verification();
    doc.insert("_id".into(), Value::String(id.clone()));
    doc.insert("provider".into(), json!("altogic"));
    doc.insert("providerUserId".into(), Value::String(id.clone()));
    doc.insert("email".into(), Value::String(email.clone()));
    doc.insert("emailVerified".into(), Value::Bool(false));
    doc.insert("signUpAt".into(), Value::String(now_iso()));

    if state.store.user_by_email(&email)?.is_some() {
        return Err(email_not_unique(&email));
    }
    let row = UserRow {
        id,
        password_hash: hash_password(password).await?,
        doc,
    };
    // The unique index settles a race between two sign-ups.
    if !state.store.insert_user(&row, Some(&email), None)? {
        return Err(email_not_unique(&email));
    }

    if verify {
        mail::send(&state, Action::EmailConfirm, &row.id, &email, None)?;
        return Ok(Json(json!({ "user": row.doc, "session": null })));
    }
    Ok(Json(start_session(&state, row, &ua).await?))
}

async fn signin_email(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let email = normalize_email(req_str(&body, "email")?);
    let password = req_str(&body, "password")?;
    state.limit("signin", &email, address)?;
    let user = state.store.user_by_email(&email)?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    if !verify_password(hash, password).await {
        return Err(invalid_credentials());
    }
    let Some(user) = user else {
        return Err(invalid_credentials());
    };
    if state.email_verification() && !user.email_verified() {
        return Err(email_not_verified(&email));
    }
    Ok(Json(start_session(&state, user, &ua).await?))
}

#[derive(Deserialize)]
struct EmailQuery {
    email: Option<String>,
}

/// For the calls that mail someone: the address named by `?email=`, checked
/// for shape, counted against the rate limits of `action`, and only then
/// looked up, so that unknown addresses are limited like known ones and
/// cannot be probed without limit.
fn mailed_user(
    state: &AppState,
    action: &str,
    address: Option<std::net::IpAddr>,
    query: &EmailQuery,
) -> ApiResult<(String, UserRow)> {
    let raw = query.email.as_deref().unwrap_or("");
    if raw.trim().is_empty() {
        return Err(ApiError::validation("email", "an email address"));
    }
    let email = query_email(raw);
    if !valid_email(&email) {
        return Err(ApiError::invalid_email(raw.trim()));
    }
    state.limit(action, &email, address)?;
    let user = state
        .store
        .user_by_email(&email)?
        .ok_or_else(|| user_not_found(&email))?;
    Ok((email, user))
}

/// Magic links and reset links go only to a verified address, and only
/// while the app asks for verification: the official client's docs
/// (`sendMagicLinkEmail`, `sendResetPwdEmail`: "works only if email
/// confirmation is enabled … and the user's email address has already been
/// verified … otherwise it returns an error").
fn verified_only(state: &AppState, user: &UserRow, email: &str) -> ApiResult<()> {
    if !state.email_verification() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "email_confirmation_disabled",
            "Links by email are off: this app does not verify email addresses",
        ));
    }
    if !user.email_verified() {
        return Err(email_not_verified(email));
    }
    Ok(())
}

async fn send_magic(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Query(query): Query<EmailQuery>,
) -> ApiResult<()> {
    let (email, user) = mailed_user(&state, "send-magic", address, &query)?;
    verified_only(&state, &user, &email)?;
    mail::send(&state, Action::MagicLink, &user.id, &email, None)
}

/// Docs (`resendVerificationEmail`): an error for a verified address, or
/// when the app does not verify addresses.
async fn resend(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Query(query): Query<EmailQuery>,
) -> ApiResult<()> {
    let (email, user) = mailed_user(&state, "resend", address, &query)?;
    if !state.email_verification() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "email_confirmation_disabled",
            "This app does not verify email addresses",
        ));
    }
    if user.email_verified() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "email_already_verified",
            format!("The email '{email}' is already verified"),
        ));
    }
    mail::send(&state, Action::EmailConfirm, &user.id, &email, None)
}

async fn send_reset(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    Query(query): Query<EmailQuery>,
) -> ApiResult<()> {
    let (email, user) = mailed_user(&state, "send-reset", address, &query)?;
    verified_only(&state, &user, &email)?;
    mail::send(&state, Action::ResetPwd, &user.id, &email, None)
}

#[derive(Deserialize)]
struct KeyQuery {
    key: Option<String>,
}

async fn reset_pwd(
    State(state): State<AppState>,
    Query(query): Query<KeyQuery>,
    JsonBody(body): JsonBody,
) -> ApiResult<()> {
    let password = req_str(&body, "newPassword")?;
    check_password(password, "newPassword")?;
    let key = query.key.unwrap_or_default();
    let token = state
        .store
        .take_token(&key, &[mail::ACCESS_RESET_PWD])?
        .ok_or_else(invalid_access_token)?;
    let hash = hash_password(password).await?;
    state.store.set_password_hash(&token.user_id, &hash)?;
    // Whoever knew the old password is signed out everywhere.
    state.store.delete_sessions(&token.user_id, None)
}

async fn grant(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    Query(query): Query<KeyQuery>,
) -> ApiResult<Json<Value>> {
    let key = query.key.unwrap_or_default();
    let token = state
        .store
        .take_token(&key, &[mail::ACCESS_GRANT])?
        .ok_or_else(invalid_access_token)?;
    let user = state
        .store
        .user_by_id(&token.user_id)?
        .ok_or_else(invalid_access_token)?;
    Ok(Json(start_session(&state, user, &ua).await?))
}

async fn change_pwd(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<()> {
    let new_password = req_str(&body, "newPassword")?;
    let old_password = req_str(&body, "oldPassword")?;
    check_password(new_password, "newPassword")?;
    let user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash), old_password).await {
        return Err(wrong_current_password("oldPassword"));
    }
    let hash = hash_password(new_password).await?;
    state.store.set_password_hash(&me.user_id, &hash)
}

pub fn wrong_current_password(field: &str) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "invalid_password",
        "The current password is not correct",
    )
    .with_details(json!({ "field": field }))
}

async fn change_email(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let password = req_str(&body, "currentPassword")?;
    let new_email = check_email(req_str(&body, "newEmail")?)?;
    let mut user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash.clone()), password).await {
        return Err(wrong_current_password("currentPassword"));
    }
    if state.store.user_by_email(&new_email)?.is_some() {
        return Err(email_not_unique(&new_email));
    }
    if state.email_verification() {
        // The email changes when the link sent to the new address is opened.
        mail::send(
            &state,
            Action::ChangeEmail,
            &user.id,
            &new_email,
            Some(&new_email),
        )?;
        return Ok(Json(Value::Object(user.doc)));
    }
    user.doc
        .insert("email".into(), Value::String(new_email.clone()));
    if !state.store.set_email(&user.id, &new_email, &user.doc)? {
        return Err(email_not_unique(&new_email));
    }
    Ok(Json(Value::Object(user.doc)))
}

async fn signout(
    State(state): State<AppState>,
    me: SignedIn,
    OptionalJsonBody(body): OptionalJsonBody,
) -> ApiResult<()> {
    let token = opt_str(&body, "token")?.unwrap_or(&me.token);
    state.store.delete_session(&me.user_id, token)
}

async fn signout_all(State(state): State<AppState>, me: SignedIn) -> ApiResult<()> {
    state.store.delete_sessions(&me.user_id, None)
}

async fn signout_all_except(State(state): State<AppState>, me: SignedIn) -> ApiResult<()> {
    state.store.delete_sessions(&me.user_id, Some(&me.token))
}

async fn sessions(State(state): State<AppState>, me: SignedIn) -> ApiResult<Json<Value>> {
    let list = state
        .store
        .sessions_of(&me.user_id)?
        .into_iter()
        .map(|(token, created, ua)| session_json(&me.user_id, &token, &created, ua))
        .collect();
    Ok(Json(Value::Array(list)))
}

async fn user(State(state): State<AppState>, me: SignedIn) -> ApiResult<Json<Value>> {
    let user = user_or_missing(&state, &me.user_id).await?;
    Ok(Json(Value::Object(user.doc)))
}
