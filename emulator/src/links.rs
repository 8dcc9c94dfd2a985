//! The links of the mails come back here. Like Altogic, the emulator
//! checks the single-use token and redirects the browser to the app's
//! redirect URL with `action`, `status` and an `access_token` (or an
//! `error`); a provider's sign-in ends the same way (`oauth.rs`).

use axum::extract::{Path, Query, State};
use axum::response::Redirect;
use serde::Deserialize;
use serde_json::Value;

use crate::error::ApiError;
use crate::mail::Action;
use crate::{new_token, AppState};

/// Kinds of access token a mail link turns into.
pub const ACCESS_GRANT: &str = "access-grant";
pub const ACCESS_RESET_PWD: &str = "access-reset-pwd";
/// How long the app has to use an access token.
pub const ACCESS_TTL_SECS: i64 = 10 * 60;

/// How a link (or a provider's sign-in) ended, for the app's redirect URL.
pub enum Outcome<'a> {
    /// Success with an access token for `auth/grant` (or `reset-pwd`).
    Token(&'a str),
    /// Success with nothing to trade: a change of email is done once the
    /// link is opened (the Flutter client's `ChangeEmailRedirect` has no
    /// token; Altogic's app idealy shows an "email changed" page).
    Done,
    /// A failure status and its message.
    Failed(u16, &'a str),
}

/// Sends the browser to the app's redirect URL (the failure redirect URL
/// when it failed), with the outcome in the query.
pub fn redirect_to_app(state: &AppState, action: &str, outcome: Outcome) -> Redirect {
    let base = match outcome {
        Outcome::Failed(..) => state.settings.failure_redirect_url(),
        _ => &state.settings.redirect_url,
    };
    let mut url = match url::Url::parse(base) {
        Ok(url) => url,
        // Not reached: `Settings::check` refuses a URL that does not parse
        // before the server starts.
        Err(_) => return Redirect::to("/_outbox"),
    };
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("action", action);
        match outcome {
            Outcome::Token(access_token) => {
                query.append_pair("status", "200");
                query.append_pair("access_token", access_token);
            }
            Outcome::Done => {
                query.append_pair("status", "200");
            }
            Outcome::Failed(status, error) => {
                query.append_pair("status", &status.to_string());
                query.append_pair("error", error);
            }
        }
    }
    Redirect::to(url.as_str())
}

#[derive(Deserialize)]
pub struct TokenQuery {
    token: Option<String>,
}

/// A link from a mail was opened.
pub async fn open_link(
    State(state): State<AppState>,
    Path(action): Path<String>,
    Query(query): Query<TokenQuery>,
) -> Result<Redirect, ApiError> {
    let Some(action) = Action::from_name(&action) else {
        return Err(ApiError::NoSuchMailLink);
    };
    let name = action.name();
    let invalid = |state: &AppState| {
        redirect_to_app(
            state,
            name,
            // As Altogic answers a used or expired link: status 400,
            // "Invalid or expired access token" (Altogic's Flutter example
            // app, `redirect/verify_mail.dart`).
            Outcome::Failed(400, "Invalid or expired access token"),
        )
    };
    let token = query.token.unwrap_or_default();
    let Some(token) = state.store.take_token(&token, &[name])? else {
        return Ok(invalid(&state));
    };
    let Some(mut user) = state.store.user_by_id(&token.user_id)? else {
        return Ok(invalid(&state));
    };

    // Opening any link proves the person reads that inbox.
    match action {
        Action::EmailConfirm | Action::MagicLink => {
            user.doc.insert("emailVerified".into(), Value::Bool(true));
            state.store.save_user_doc(&user.id, &user.doc)?;
        }
        Action::ChangeEmail => {
            let new_email = token.payload.unwrap_or_default();
            user.doc
                .insert("email".into(), Value::String(new_email.clone()));
            user.doc.insert("emailVerified".into(), Value::Bool(true));
            if !state.store.set_email(&user.id, &new_email, &user.doc)? {
                return Ok(redirect_to_app(
                    &state,
                    name,
                    Outcome::Failed(409, "That email address is now used by another account"),
                ));
            }
            return Ok(redirect_to_app(&state, name, Outcome::Done));
        }
        Action::ResetPwd => {}
    }

    let kind = if action == Action::ResetPwd {
        ACCESS_RESET_PWD
    } else {
        ACCESS_GRANT
    };
    let access = new_token();
    state
        .store
        .insert_token(&access, kind, &user.id, None, ACCESS_TTL_SECS)?;
    Ok(redirect_to_app(&state, name, Outcome::Token(&access)))
}
