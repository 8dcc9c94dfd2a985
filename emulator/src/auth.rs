//! `auth/…`: sign-up, sign-in, mail links, grants, passwords, emails and
//! sessions, with Altogic's rules and error envelope.

use axum::extract::{Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::accounts::{
    check_email, check_password, hash_password, new_user, said_verified, session_json,
    start_session, user_data, user_or_missing, verify_password, KnownBy, NewPassword,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{
    normalize_email, query_email, valid_email, JsonBody, OptionalJsonBody, SignedIn, UserAgent,
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

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignUp {
    email: String,
    password: String,
    name_or_user_data: Option<Value>,
}

async fn signup_email(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<SignUp>,
) -> ApiResult<Json<Value>> {
    let email = check_email(&body.email)?;
    let password = &body.password;
    check_password(password, "password")?;
    // Limited like a sign-in: a taken address answers differently, so
    // sign-up must not probe (or flood) without limit.
    state.limit("signup", &email, address)?;

    let id = new_id();
    let data = body.name_or_user_data.as_ref();
    let said_verified = said_verified(data, "emailVerified");
    let doc = new_user(
        &id,
        KnownBy::Email(&email, said_verified),
        user_data(&state.settings, data)?,
    );
    let verify = state.switches().email_verification && !said_verified;

    if state.store.user_by_email(&email)?.is_some() {
        return Err(ApiError::EmailNotUnique(email.clone()));
    }
    let row = UserRow {
        id,
        password_hash: hash_password(password).await?,
        doc,
    };
    // The unique index settles a race between two sign-ups.
    if !state.store.insert_user(&row, Some(&email), None)? {
        return Err(ApiError::EmailNotUnique(email.clone()));
    }

    if verify {
        mail::send(&state, Action::EmailConfirm, &row.id, &email, None)?;
        return Ok(Json(json!({ "user": row.doc, "session": null })));
    }
    Ok(Json(start_session(&state, row, &ua).await?))
}

#[derive(Deserialize)]
struct SignIn {
    email: String,
    password: String,
}

async fn signin_email(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<SignIn>,
) -> ApiResult<Json<Value>> {
    let email = normalize_email(&body.email);
    let password = &body.password;
    let from = address.map(|a| a.to_string()).unwrap_or_default();
    state.check_guess("signin", &email, &from, address)?;
    let user = state.store.user_by_email(&email)?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    if !verify_password(hash, password).await {
        state.wrong_guess("signin", &email, &from);
        return Err(ApiError::InvalidCredentials);
    }
    let Some(user) = user else {
        return Err(ApiError::InvalidCredentials);
    };
    if state.switches().email_verification && !user.email_verified() {
        return Err(ApiError::EmailNotVerified(email.to_owned()));
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
        return Err(ApiError::InvalidEmail(raw.trim().to_owned()));
    }
    state.limit(action, &email, address)?;
    let user = state
        .store
        .user_by_email(&email)?
        .ok_or_else(|| ApiError::UserNotFound(email.clone()))?;
    Ok((email, user))
}

/// Magic links and reset links go only to a verified address, and only
/// while the app asks for verification: the official client's docs
/// (`sendMagicLinkEmail`, `sendResetPwdEmail`: "works only if email
/// confirmation is enabled … and the user's email address has already been
/// verified … otherwise it returns an error").
fn verified_only(state: &AppState, user: &UserRow, email: &str) -> ApiResult<()> {
    if !state.switches().email_verification {
        return Err(ApiError::EmailLinksOff);
    }
    if !user.email_verified() {
        return Err(ApiError::EmailNotVerified(email.to_owned()));
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
        return Err(ApiError::EmailVerificationOff);
    }
    if user.email_verified() {
        return Err(ApiError::EmailAlreadyVerified(email));
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
        return Err(ApiError::NoPasswordToReset);
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
    JsonBody(NewPassword { new_password }): JsonBody<NewPassword>,
) -> ApiResult<()> {
    let password = &new_password;
    check_password(password, "newPassword")?;
    let key = query.key.unwrap_or_default();
    let token = state
        .store
        .take_token(&key, &[ACCESS_RESET_PWD])?
        .ok_or(ApiError::InvalidAccessToken)?;
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
        .ok_or(ApiError::InvalidAccessToken)?;
    let user = state
        .store
        .user_by_id(&token.user_id)?
        .ok_or(ApiError::InvalidAccessToken)?;
    Ok(Json(start_session(&state, user, &ua).await?))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangePassword {
    new_password: String,
    old_password: String,
}

async fn change_pwd(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(body): JsonBody<ChangePassword>,
) -> ApiResult<()> {
    let ChangePassword {
        new_password,
        old_password,
    } = &body;
    check_password(new_password, "newPassword")?;
    state.check_guess("change-pwd", &me.user_id, &me.token, None)?;
    let user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash), old_password).await {
        state.wrong_guess("change-pwd", &me.user_id, &me.token);
        return Err(ApiError::WrongCurrentPassword("oldPassword"));
    }
    let hash = hash_password(new_password).await?;
    state.store.set_password_hash(&me.user_id, &hash)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeEmail {
    current_password: String,
    new_email: String,
}

async fn change_email(
    State(state): State<AppState>,
    me: SignedIn,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<ChangeEmail>,
) -> ApiResult<Json<Value>> {
    let password = &body.current_password;
    let new_email = check_email(&body.new_email)?;
    state.check_guess("change-email", &me.user_id, &me.token, None)?;
    let mut user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash.clone()), password).await {
        state.wrong_guess("change-email", &me.user_id, &me.token);
        return Err(ApiError::WrongCurrentPassword("currentPassword"));
    }
    // Counted in the new address's mail budget, before it is looked up:
    // neither a way to mail anyone without limit nor to ask without
    // limit which addresses have accounts.
    state.limit("mail-change-email", &new_email, address)?;
    if state.store.user_by_email(&new_email)?.is_some() {
        return Err(ApiError::EmailNotUnique(new_email.clone()));
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
        return Err(ApiError::EmailNotUnique(new_email.clone()));
    }
    Ok(Json(Value::Object(user.doc)))
}

#[derive(Deserialize)]
struct SignOut {
    token: Option<String>,
}

async fn signout(
    State(state): State<AppState>,
    me: SignedIn,
    OptionalJsonBody(body): OptionalJsonBody<SignOut>,
) -> ApiResult<()> {
    let token = body.token.as_deref().unwrap_or(&me.token);
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
