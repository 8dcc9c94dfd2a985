//! Mail without SMTP: every message lands in an outbox, shown at `/_outbox`
//! (HTML, links clickable) and `/_outbox/messages` (JSON, for tests). The
//! links come back here; like Altogic, the emulator checks the single-use
//! token and redirects the browser to the app's redirect URL with `action`,
//! `status` and an `access_token` (or an `error`).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{Html, Redirect};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::store::Mail;
use crate::{new_token, now_iso, AppState};

/// Kinds of access token a mail link turns into.
pub const ACCESS_GRANT: &str = "access-grant";
pub const ACCESS_RESET_PWD: &str = "access-reset-pwd";
/// How long the app has to use an access token.
pub const ACCESS_TTL_SECS: i64 = 10 * 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    EmailConfirm,
    MagicLink,
    ResetPwd,
    ChangeEmail,
}

impl Action {
    pub fn name(self) -> &'static str {
        match self {
            Self::EmailConfirm => "email-confirm",
            Self::MagicLink => "magic-link",
            Self::ResetPwd => "reset-pwd",
            Self::ChangeEmail => "change-email",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        [
            Self::EmailConfirm,
            Self::MagicLink,
            Self::ResetPwd,
            Self::ChangeEmail,
        ]
        .into_iter()
        .find(|a| a.name() == name)
    }

    fn ttl_secs(self) -> i64 {
        match self {
            Self::EmailConfirm | Self::ChangeEmail => 24 * 3600,
            Self::MagicLink | Self::ResetPwd => 3600,
        }
    }

    fn subject(self) -> &'static str {
        match self {
            Self::EmailConfirm => "Verify your email address",
            Self::MagicLink => "Your sign-in link",
            Self::ResetPwd => "Reset your password",
            Self::ChangeEmail => "Confirm your new email address",
        }
    }

    fn text(self) -> &'static str {
        match self {
            Self::EmailConfirm => "Open this link to verify your email address:",
            Self::MagicLink => "Open this link to sign in:",
            Self::ResetPwd => "Open this link to choose a new password:",
            Self::ChangeEmail => "Open this link to make this your account's email address:",
        }
    }
}

/// Sends (stores) the mail for `action` with a fresh single-use link.
pub fn send(
    state: &AppState,
    action: Action,
    user_id: &str,
    to: &str,
    payload: Option<&str>,
) -> ApiResult<()> {
    let token = new_token();
    state
        .store
        .insert_token(&token, action.name(), user_id, payload, action.ttl_secs())?;
    let link = format!(
        "{}/_auth/mail/{}?token={token}",
        state.settings.public_url(),
        action.name()
    );
    state.store.insert_mail(&Mail {
        id: 0,
        to: to.to_owned(),
        subject: action.subject().to_owned(),
        body: format!("{}\n\n{link}\n", action.text()),
        link,
        action: action.name().to_owned(),
        created_at: now_iso(),
        code: None,
    })
}

/// Sends (stores) an SMS with a one-time code: it lands in the outbox with
/// the mails, marked as an SMS, to the number, with its code.
pub fn send_sms(state: &AppState, to: &str, action: &str, text: &str, code: &str) -> ApiResult<()> {
    state.store.insert_mail(&Mail {
        id: 0,
        to: to.to_owned(),
        subject: "SMS".to_owned(),
        body: format!("{text} {code}"),
        link: String::new(),
        action: action.to_owned(),
        created_at: now_iso(),
        code: Some(code.to_owned()),
    })
}

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
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is no such mail link",
        ));
    };
    let name = action.name();
    let invalid = |state: &AppState| {
        redirect_to_app(
            state,
            name,
            Outcome::Failed(
                401,
                "This link is invalid, has expired or has already been used",
            ),
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

#[derive(Deserialize)]
pub struct OutboxQuery {
    to: Option<String>,
}

fn mail_json(mail: &Mail) -> Value {
    let mut json = json!({
        "id": mail.id,
        "kind": if mail.code.is_some() { "sms" } else { "mail" },
        "to": mail.to,
        "subject": mail.subject,
        "text": mail.body,
        "link": mail.link,
        "action": mail.action,
        "createdAt": mail.created_at,
    });
    if let Some(code) = &mail.code {
        json["code"] = json!(code);
    }
    json
}

/// The outbox as JSON, newest first; `?to=` keeps one address's mails.
pub async fn outbox_json(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> ApiResult<Json<Value>> {
    // An email address, or a phone number (`+` arrives as a space when the
    // query was not encoded).
    let to = query.to.map(
        |t| match crate::extract::normalize_phone(&t.replace(' ', "+")) {
            Some(phone) => phone,
            None => crate::extract::normalize_email(&t),
        },
    );
    let mails = state.store.mails(to.as_deref())?;
    Ok(Json(Value::Array(mails.iter().map(mail_json).collect())))
}

/// Text for HTML, attribute values included.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The outbox for people: every mail with its link, newest first.
pub async fn outbox_page(State(state): State<AppState>) -> ApiResult<Html<String>> {
    let mails = state.store.mails(None)?;
    let mut page = String::from(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Outbox - Altogic emulator</title>\
         <style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
         article{border:1px solid #c9cedb;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}\
         .meta{color:#4a5263;font-size:.9rem}a{word-break:break-all}</style>\
         <h1>Outbox</h1><p>Mails and SMS the local backend would have sent, newest first. \
         Each link and code works once.</p>",
    );
    if mails.is_empty() {
        page.push_str("<p>No mail yet.</p>");
    }
    for mail in &mails {
        if let Some(code) = &mail.code {
            page.push_str(&format!(
                "<article><h2>SMS: code {code}</h2><p class=\"meta\">To {to} at {at}</p><p>{text}</p></article>",
                code = escape(code),
                to = escape(&mail.to),
                at = escape(&mail.created_at),
                text = escape(&mail.body),
            ));
            continue;
        }
        page.push_str(&format!(
            "<article><h2>{subject}</h2><p class=\"meta\">To {to} at {at}</p>\
             <p>{text}</p><p><a href=\"{link}\">{link}</a></p></article>",
            subject = escape(&mail.subject),
            to = escape(&mail.to),
            at = escape(&mail.created_at),
            text = escape(Action::from_name(&mail.action).map_or("", |a| a.text())),
            link = escape(&mail.link),
        ));
    }
    Ok(Html(page))
}
