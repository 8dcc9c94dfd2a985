//! Mail and SMS without SMTP or a carrier: each message is written to the
//! outbox (`outbox.rs` shows it), a mail with a fresh single-use link
//! (`links.rs` opens it), an SMS with its code.

use crate::error::ApiResult;
use crate::store::Mail;
use crate::{new_token, now_iso, AppState};

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

    pub fn from_name(name: &str) -> Option<Self> {
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

    pub fn text(self) -> &'static str {
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
