//! Phone numbers: sign-up, verification, sign-in with a password or with a
//! code sent by SMS, a password reset by code, and a change of number, with
//! Altogic's calls and envelope. The SMS land in the outbox with the mails.
//!
//! Codes are 6 digits, expire (`--code-lifetime`), serve once, and are void
//! after 5 wrong tries. Every call counts against the rate limits of the
//! number and of the client's address before anything is looked up, and the
//! calls that send a code answer the same whether the number has an account
//! or not.

use axum::extract::{Query, State};
use axum::routing::post;
use axum::{Json, Router};
use rand::Rng;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::accounts::{
    check_password, hash_password, new_user, said_verified, start_session, user_data,
    user_or_missing, verify_password, KnownBy, NewPassword,
};
use crate::error::{ApiError, ApiResult};
use crate::extract::{normalize_phone, JsonBody, SignedIn, UserAgent};
use crate::limits::{ClientAddr, Limit, DAY, HOUR};
use crate::mail;
use crate::store::{CodeCheck, UserRow};
use crate::{new_id, AppState};

/// Wrong codes allowed before a code is void.
pub const MAX_TRIES: i64 = 5;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/signup-phone", post(signup_phone))
        .route("/verify-phone", post(verify_phone))
        .route("/resend-code", post(resend_code))
        .route("/signin-phone", post(signin_phone))
        .route("/send-code", post(send_signin_code))
        .route("/signin-code", post(signin_code))
        .route("/send-reset-code", post(send_reset_code))
        .route("/reset-pwd-code", post(reset_pwd_code))
        .route("/change-phone", post(change_phone))
}

/// What a code is for; its SMS says so.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Verify,
    SignIn,
    Reset,
    Change,
}

impl Purpose {
    fn name(self) -> &'static str {
        match self {
            Self::Verify => "verify",
            Self::SignIn => "signin",
            Self::Reset => "reset",
            Self::Change => "change",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Self::Verify => "Your verification code:",
            Self::SignIn => "Your sign-in code:",
            Self::Reset => "Your code to choose a new password:",
            Self::Change => "Your code to confirm this new number:",
        }
    }
}

fn check_phone(raw: &str, field: &'static str) -> ApiResult<String> {
    normalize_phone(raw).ok_or_else(|| ApiError::InvalidPhone {
        raw: raw.to_owned(),
        field,
    })
}

/// The account behind a verified number: sign-in and reset codes go only
/// there (official client's docs, `sendSignInCode` and `sendResetPwdCode`:
/// "works only if … the user's phone number has already been verified",
/// else an error). An unknown and an unverified number answer alike.
fn verified_user(state: &AppState, phone: &str) -> ApiResult<crate::store::UserRow> {
    match state.store.user_by_phone(phone)? {
        Some(user) if user.phone_verified() => Ok(user),
        _ => Err(ApiError::NoVerifiedPhone(phone.to_owned())),
    }
}

/// The error for a code that did not serve.
fn code_error(check: CodeCheck) -> ApiError {
    match check {
        CodeCheck::Wrong { tries_left } => ApiError::WrongCode { tries_left },
        CodeCheck::Void => ApiError::TooManyTries,
        CodeCheck::Expired => ApiError::CodeExpired,
        CodeCheck::Used => ApiError::CodeUsed,
        CodeCheck::None | CodeCheck::Right { .. } => ApiError::NoSuchCode,
    }
}

/// Wrong codes allowed per number and hour, whatever the code was for
/// (sign-in, reset, verification): then every code check for that number
/// is locked until the oldest wrong try is an hour old. Without it anyone
/// could ask for a new code (each with its own 5 tries) and guess on.
pub const WRONG_CODES_PER_HOUR: u32 = 10;
/// SMS sent per number and day.
pub const SMS_PER_DAY: u32 = 20;

fn wrong_codes(phone: &str) -> Limit<'_> {
    Limit {
        action: "wrong-code",
        key: phone,
        max: WRONG_CODES_PER_HOUR,
        window: HOUR,
    }
}

/// Sends a new code for `purpose` to `phone` by SMS (the outbox).
fn send(state: &AppState, phone: &str, purpose: Purpose, user_id: &str) -> ApiResult<()> {
    let daily = [Limit {
        action: "sms-sent",
        key: phone,
        max: SMS_PER_DAY,
        window: DAY,
    }];
    state.limiter.check(
        &daily,
        "Too many codes were sent to this number today. Please try again in {wait} seconds.",
    )?;
    state.limiter.record(&daily);
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    state.store.put_code(
        phone,
        purpose.name(),
        &code,
        user_id,
        state.settings.code_lifetime,
    )?;
    mail::send_sms(
        state,
        phone,
        &format!("sms-{}", purpose.name()),
        purpose.text(),
        &code,
    )
}

/// Checks a code sent to `phone` for one of `purposes`; the user it was
/// sent for and the purpose, or the error to answer.
fn take_code(
    state: &AppState,
    phone: &str,
    purposes: &[Purpose],
    code: &str,
) -> ApiResult<(Purpose, String)> {
    let budget = [wrong_codes(phone)];
    state.limiter.check(
        &budget,
        "Too many wrong codes for this number: signing in or resetting the password \
         with a code is locked for {wait} seconds.",
    )?;
    let names: Vec<&str> = purposes.iter().map(|p| p.name()).collect();
    match state
        .store
        .check_code(phone, &names, code.trim(), MAX_TRIES)?
    {
        CodeCheck::Right { purpose, user_id } => {
            let purpose = purposes
                .iter()
                .copied()
                .find(|p| p.name() == purpose)
                .ok_or(ApiError::Internal)?;
            Ok((purpose, user_id))
        }
        other => {
            // Only a wrong guess at a code that exists counts: guesses
            // for a number never sent one must not lock its owner out.
            if !matches!(other, CodeCheck::None) {
                state.limiter.record(&budget);
            }
            let left = state.limiter.remaining(&budget[0]) as i64;
            // A number without a code answers as a wrong code does: the
            // same shape, with what is left of the number's budget.
            Err(code_error(match other {
                CodeCheck::Wrong { tries_left } => CodeCheck::Wrong {
                    tries_left: tries_left.min(left),
                },
                CodeCheck::None => CodeCheck::Wrong {
                    tries_left: (MAX_TRIES - 1).min(left),
                },
                other => other,
            }))
        }
    }
}

#[derive(Deserialize)]
struct PhoneQuery {
    phone: Option<String>,
    code: Option<String>,
}

impl PhoneQuery {
    /// The number, checked for shape and counted against the rate limits of
    /// `action`, before anything is looked up.
    fn phone(&self, state: &AppState, action: &str, address: ClientAddr) -> ApiResult<String> {
        let raw = self.phone.as_deref().unwrap_or("");
        if raw.trim().is_empty() {
            return Err(ApiError::validation("phone", "a phone number"));
        }
        // Sent unencoded, the `+` arrives as a space.
        let phone =
            check_phone(&raw.replace(' ', "+"), "phone").or_else(|_| check_phone(raw, "phone"))?;
        state.limit(action, &phone, address.0)?;
        Ok(phone)
    }

    fn code(&self) -> ApiResult<&str> {
        self.code
            .as_deref()
            .filter(|c| !c.trim().is_empty())
            .ok_or_else(|| ApiError::validation("code", "the code sent by SMS"))
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignUp {
    phone: String,
    password: String,
    name_or_user_data: Option<Value>,
}

async fn signup_phone(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<SignUp>,
) -> ApiResult<Json<Value>> {
    let phone = check_phone(&body.phone, "phone")?;
    state.limit("signup", &phone, address)?;
    let password = &body.password;
    check_password(password, "password")?;
    let id = new_id();
    let data = body.name_or_user_data.as_ref();
    let said_verified = said_verified(data, "phoneVerified");
    let doc = new_user(
        &id,
        KnownBy::Phone(&phone, said_verified),
        user_data(&state.settings, data)?,
    );
    if state.store.user_by_phone(&phone)?.is_some() {
        return Err(ApiError::PhoneNotUnique {
            phone: phone.clone(),
            field: "phone",
        });
    }
    let row = UserRow {
        id,
        password_hash: hash_password(password).await?,
        doc,
    };
    if !state.store.insert_user(&row, None, Some(&phone))? {
        return Err(ApiError::PhoneNotUnique {
            phone: phone.clone(),
            field: "phone",
        });
    }
    if state.switches().phone_confirmation && !said_verified {
        send(&state, &phone, Purpose::Verify, &row.id)?;
        return Ok(Json(json!({ "user": row.doc, "session": null })));
    }
    Ok(Json(start_session(&state, row, &ua).await?))
}

/// Completes a sign-up (a grant), or confirms a changed number (the user,
/// no session).
async fn verify_phone(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    address: ClientAddr,
    Query(query): Query<PhoneQuery>,
) -> ApiResult<Json<Value>> {
    let phone = query.phone(&state, "verify-phone", address)?;
    let (purpose, user_id) = take_code(
        &state,
        &phone,
        &[Purpose::Verify, Purpose::Change],
        query.code()?,
    )?;
    let mut user = state
        .store
        .user_by_id(&user_id)?
        .ok_or_else(|| code_error(CodeCheck::None))?;
    user.doc.insert("phoneVerified".into(), Value::Bool(true));
    if purpose == Purpose::Change {
        user.doc.insert("phone".into(), json!(phone));
        if !state.store.set_phone(&user.id, &phone, &user.doc)? {
            return Err(ApiError::PhoneNotUnique {
                phone: phone.clone(),
                field: "phone",
            });
        }
        return Ok(Json(json!({ "user": user.doc, "session": null })));
    }
    state.store.save_user_doc(&user.id, &user.doc)?;
    Ok(Json(start_session(&state, user, &ua).await?))
}

async fn resend_code(
    State(state): State<AppState>,
    address: ClientAddr,
    Query(query): Query<PhoneQuery>,
) -> ApiResult<()> {
    // Docs (`resendVerificationCode`): an error for a verified number, or
    // when the app does not confirm numbers.
    if !state.switches().phone_confirmation {
        return Err(ApiError::PhoneConfirmationDisabled);
    }
    let phone = query.phone(&state, "resend-code", address)?;
    match state.store.user_by_phone(&phone)? {
        Some(user) if !user.phone_verified() => send(&state, &phone, Purpose::Verify, &user.id),
        Some(_) => Err(ApiError::PhoneAlreadyVerified(phone)),
        None => Err(ApiError::PhoneUserNotFound(phone)),
    }
}

#[derive(Deserialize)]
struct SignIn {
    phone: String,
    password: String,
}

async fn signin_phone(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<SignIn>,
) -> ApiResult<Json<Value>> {
    let password = &body.password;
    let phone = check_phone(&body.phone, "phone")?;
    let from = address.map(|a| a.to_string()).unwrap_or_default();
    state.check_guess("signin", &phone, &from, address)?;
    let user = state.store.user_by_phone(&phone)?;
    let hash = user.as_ref().map(|u| u.password_hash.clone());
    if !verify_password(hash, password).await {
        state.wrong_guess("signin", &phone, &from);
        return Err(ApiError::InvalidPhoneCredentials);
    }
    let Some(user) = user else {
        return Err(ApiError::InvalidPhoneCredentials);
    };
    if state.switches().phone_confirmation && !user.phone_verified() {
        return Err(ApiError::PhoneNotVerified(phone));
    }
    Ok(Json(start_session(&state, user, &ua).await?))
}

async fn send_signin_code(
    State(state): State<AppState>,
    address: ClientAddr,
    Query(query): Query<PhoneQuery>,
) -> ApiResult<()> {
    if !state.switches().code_signin {
        return Err(ApiError::CodeSigninDisabled);
    }
    let phone = query.phone(&state, "send-code", address)?;
    let user = verified_user(&state, &phone)?;
    send(&state, &phone, Purpose::SignIn, &user.id)
}

async fn signin_code(
    State(state): State<AppState>,
    UserAgent(ua): UserAgent,
    address: ClientAddr,
    Query(query): Query<PhoneQuery>,
) -> ApiResult<Json<Value>> {
    if !state.switches().code_signin {
        return Err(ApiError::CodeSigninDisabled);
    }
    let phone = query.phone(&state, "signin-code", address)?;
    let (_, user_id) = take_code(&state, &phone, &[Purpose::SignIn], query.code()?)?;
    let user = state
        .store
        .user_by_id(&user_id)?
        .ok_or_else(|| code_error(CodeCheck::None))?;
    Ok(Json(start_session(&state, user, &ua).await?))
}

async fn send_reset_code(
    State(state): State<AppState>,
    address: ClientAddr,
    Query(query): Query<PhoneQuery>,
) -> ApiResult<()> {
    // Docs (`sendResetPwdCode`): only while numbers are confirmed by code.
    if !state.switches().phone_confirmation {
        return Err(ApiError::PhoneConfirmationDisabled);
    }
    let phone = query.phone(&state, "send-reset-code", address)?;
    let user = verified_user(&state, &phone)?;
    send(&state, &phone, Purpose::Reset, &user.id)
}

async fn reset_pwd_code(
    State(state): State<AppState>,
    address: ClientAddr,
    Query(query): Query<PhoneQuery>,
    JsonBody(NewPassword { new_password }): JsonBody<NewPassword>,
) -> ApiResult<()> {
    let password = &new_password;
    check_password(password, "newPassword")?;
    let phone = query.phone(&state, "reset-pwd-code", address)?;
    let (_, user_id) = take_code(&state, &phone, &[Purpose::Reset], query.code()?)?;
    let hash = hash_password(password).await?;
    state.store.set_password_hash(&user_id, &hash)?;
    // As a reset by mail does (`Switches::reset_ends_sessions`).
    if state.switches().reset_ends_sessions {
        state.store.delete_sessions(&user_id, None)?;
    }
    Ok(())
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangePhone {
    current_password: String,
    new_phone: String,
}

/// Sends a code to the new number; the number changes when it is verified.
async fn change_phone(
    State(state): State<AppState>,
    me: SignedIn,
    ClientAddr(address): ClientAddr,
    JsonBody(body): JsonBody<ChangePhone>,
) -> ApiResult<Json<Value>> {
    let password = &body.current_password;
    let new_phone = check_phone(&body.new_phone, "newPhone")?;
    state.check_guess("change-phone", &me.user_id, &me.token, None)?;
    state.limit("change-phone", &new_phone, address)?;
    let user = user_or_missing(&state, &me.user_id).await?;
    if !verify_password(Some(user.password_hash.clone()), password).await {
        state.wrong_guess("change-phone", &me.user_id, &me.token);
        return Err(ApiError::WrongCurrentPassword("currentPassword"));
    }
    if state.store.user_by_phone(&new_phone)?.is_some() {
        return Err(ApiError::PhoneNotUnique {
            phone: new_phone.clone(),
            field: "newPhone",
        });
    }
    send(&state, &new_phone, Purpose::Change, &user.id)?;
    Ok(Json(Value::Object(user.doc)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_international_numbers() {
        assert_eq!(
            normalize_phone("+1 (415) 555-0123").as_deref(),
            Some("+14155550123")
        );
        assert_eq!(
            normalize_phone(" +90.532.000.00.00 ").as_deref(),
            Some("+905320000000")
        );
        for bad in [
            "",
            "14155550123",
            "+",
            "+0123456789",
            "+12345",
            "+1234567890123456",
            "+1415555abcd",
            "++14155550123",
        ] {
            assert_eq!(normalize_phone(bad), None, "{bad}");
        }
    }
}
