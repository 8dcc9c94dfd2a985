//! Accounts: password rules and hashing, the user documents a sign-up
//! writes, and sessions. The services the email routes (`auth.rs`), the
//! phone routes (`phone.rs`) and the database routes (`objects.rs`) share;
//! it needs none of them.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, SaltString};
use argon2::{Argon2, PasswordVerifier};
use serde_json::{json, Map, Value};

use crate::config::Settings;
use crate::error::{ApiError, ApiResult};
use crate::extract::{normalize_email, valid_email};
use crate::store::UserRow;
use crate::{new_token, now_iso, useragent, AppState};

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

pub fn check_password(password: &str, field: &'static str) -> ApiResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::PasswordTooShort(field));
    }
    Ok(())
}

pub fn check_email(raw: &str) -> ApiResult<String> {
    let email = normalize_email(raw);
    if !valid_email(&email) {
        return Err(ApiError::InvalidEmail(raw.trim().to_owned()));
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
    .ok_or(ApiError::Internal)?
    .map_err(|_| ApiError::Internal)
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

pub async fn user_or_missing(state: &AppState, user_id: &str) -> ApiResult<UserRow> {
    // A session whose user is gone is as dead as an expired one.
    state
        .store
        .user_by_id(user_id)?
        .ok_or(ApiError::InvalidSessionToken)
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

pub fn session_json(user_id: &str, token: &str, created: &str, user_agent: Value) -> Value {
    json!({
        "userId": user_id,
        "token": token,
        "creationDtm": created,
        "accessGroupKeys": [],
        "userAgent": user_agent,
    })
}

/// The body of the calls that set a password by a link or a code.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewPassword {
    pub new_password: String,
}

/// The fields of Altogic's users model that a user's own data may set
/// (the others are `SYSTEM_FIELDS`).
pub const OWN_FIELDS: [&str; 2] = ["name", "profilePicture"];

/// Whether the users model has `field` for a user's data to set: one of
/// Altogic's own, or one the operator added (`--user-fields`).
pub fn in_model(settings: &Settings, field: &str) -> bool {
    !SYSTEM_FIELDS.contains(&field)
        && (OWN_FIELDS.contains(&field) || settings.user_fields.iter().any(|f| f == field))
}

/// A sign-up's `nameOrUserData`: a name, or user fields (those only the
/// backend writes, and those the model lacks, are left out).
pub fn user_data(settings: &Settings, data: Option<&Value>) -> ApiResult<Map<String, Value>> {
    let mut doc = Map::new();
    match data {
        None | Some(Value::Null) => {}
        Some(Value::String(name)) => {
            doc.insert("name".into(), Value::String(name.clone()));
        }
        Some(Value::Object(fields)) => {
            for (key, value) in fields {
                if in_model(settings, key) {
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

/// Whether a sign-up's `nameOrUserData` says the address or number is
/// already verified (`field`: `emailVerified` or `phoneVerified`). Altogic
/// then skips verification (`AuthManager.ts` on `signUpWithEmail` and
/// `signUpWithPhone`; client CHANGELOG 2.3.6): anyone with the public
/// client key can do so, which README "Security" tells operators.
pub fn said_verified(data: Option<&Value>, field: &str) -> bool {
    data.and_then(|data| data.get(field)) == Some(&Value::Bool(true))
}

/// Who a new user is known by.
pub enum KnownBy<'a> {
    /// Signed up with an email address and a password; verified only if
    /// the sign-up said so.
    Email(&'a str, bool),
    /// Signed up with a phone number and a password; verified only if the
    /// sign-up said so.
    Phone(&'a str, bool),
    /// Signed in by a provider for the first time: its id for the person,
    /// and the email address it vouches for.
    Provider {
        name: &'a str,
        user_id: &'a str,
        email: &'a str,
    },
}

/// A new user's document: `fields` (a sign-up's own data, or what a
/// provider tells of the person) and what only the backend writes. The one
/// place a user document is made.
pub fn new_user(id: &str, known_by: KnownBy, mut fields: Map<String, Value>) -> Map<String, Value> {
    let (provider, provider_user_id) = match known_by {
        KnownBy::Provider { name, user_id, .. } => (name, user_id),
        _ => ("altogic", id),
    };
    fields.insert("_id".into(), json!(id));
    fields.insert("provider".into(), json!(provider));
    fields.insert("providerUserId".into(), json!(provider_user_id));
    match known_by {
        KnownBy::Email(email, verified) => {
            fields.insert("email".into(), json!(email));
            fields.insert("emailVerified".into(), json!(verified));
        }
        KnownBy::Phone(phone, verified) => {
            fields.insert("phone".into(), json!(phone));
            fields.insert("phoneVerified".into(), json!(verified));
        }
        KnownBy::Provider { email, .. } => {
            fields.insert("email".into(), json!(email));
            fields.insert("emailVerified".into(), json!(true));
        }
    }
    // The user a sign-up answers with has both (Altogic's docs' sign-up
    // example; the Dart client's `User` requires `lastLoginAt`).
    let now = now_iso();
    fields.insert("signUpAt".into(), json!(now));
    fields.insert("lastLoginAt".into(), json!(now));
    fields
}
