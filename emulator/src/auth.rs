//! `auth/…`: sign-up, sign-in, mail links, grants, passwords, emails and
//! sessions, with Altogic's rules and error envelope.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::accounts::{
    check_email, check_password, hash_password, new_user, said_verified, session_json,
    start_session, user_data, user_or_missing, verify_password, wrong_current_password, KnownBy,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{
    normalize_email, opt_str, query_email, req_str, valid_email, JsonBody, OptionalJsonBody,
    SignedIn, UserAgent,
};
use crate::limits::ClientAddr;
use crate::links::{ACCESS_GRANT, ACCESS_RESET_PWD};
use crate::mail::{self, Action};
use crate::store::UserRow;
use crate::{new_id, AppState};

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
    let said_verified = said_verified(&body, "emailVerified");
    let doc = new_user(
        &id,
        KnownBy::Email(&email, said_verified),
        user_data(&body)?,
    );
    let verify = state.switches().email_verification && !said_verified;

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
    let from = address.map(|a| a.to_string()).unwrap_or_default();
    state.check_guess("signin", &email, &from, address)?;
    let user = state.store.user_by_email(&email)?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    if !verify_password(hash, password).await {
        state.wrong_guess("signin", &email, &from);
        return Err(invalid_credentials());
    }
    let Some(user) = user else {
        return Err(invalid_credentials());
    };
    if state.switches().email_verification && !user.email_verified() {
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
    if !state.switches().email_verification {
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
    if !state.switches().email_verification {
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
    // A provider's user signs in with the provider, never with a password
    // (`AuthManager.ts` on `signInWithEmail`): no source says a reset may
    // give them one, so none is sent.
    if user.password_hash.is_empty() {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "no_password",
            "This account signs in with its provider and has no password to reset",
        ));
    }
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
        .take_token(&key, &[ACCESS_RESET_PWD])?
        .ok_or_else(invalid_access_token)?;
    let hash = hash_password(password).await?;
    state.store.set_password_hash(&token.user_id, &hash)?;
    // Whoever knew the old password is signed out everywhere (assumed:
    // `Switches::reset_ends_sessions`).
    if state.switches().reset_ends_sessions {
        state.store.delete_sessions(&token.user_id, None)?;
    }
    Ok(())
}

async fn grant(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    Query(query): Query<KeyQuery>,
) -> ApiResult<Json<Value>> {
    let key = query.key.unwrap_or_default();
    let token = state
        .store
        .take_token(&key, &[ACCESS_GRANT])?
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
    state.check_guess("change-pwd", &me.user_id, &me.token, None)?;
    let user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash), old_password).await {
        state.wrong_guess("change-pwd", &me.user_id, &me.token);
        return Err(wrong_current_password("oldPassword"));
    }
    let hash = hash_password(new_password).await?;
    state.store.set_password_hash(&me.user_id, &hash)
}

async fn change_email(
    State(state): State<AppState>,
    me: SignedIn,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let password = req_str(&body, "currentPassword")?;
    let new_email = check_email(req_str(&body, "newEmail")?)?;
    state.check_guess("change-email", &me.user_id, &me.token, None)?;
    let mut user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash.clone()), password).await {
        state.wrong_guess("change-email", &me.user_id, &me.token);
        return Err(wrong_current_password("currentPassword"));
    }
    // Counted in the new address's mail budget, before it is looked up:
    // neither a way to mail anyone without limit nor to ask without
    // limit which addresses have accounts.
    state.limit("mail-change-email", &new_email, address)?;
    if state.store.user_by_email(&new_email)?.is_some() {
        return Err(email_not_unique(&new_email));
    }
    if state.switches().email_verification {
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
