//! The query Altogic sends the browser back with after a mail link or
//! OAuth: `action`, `status`, and `access_token` or `error`. A change of
//! email comes back with no token: it is done once its link is opened (the
//! Flutter client's `ChangeEmailRedirect`; Altogic's idealy app shows an
//! "email changed" page).

use crate::altogic::{ApiError, ErrorItem};
use crate::i18n::{t, Text};
use crate::percent::decode_form;

pub const RESET_PWD: &str = "reset-pwd";
pub const CHANGE_EMAIL: &str = "change-email";
/// A verification link (sign-up, or "resend verification").
pub const EMAIL_CONFIRM: &str = "email-confirm";
/// A provider's sign-in; `oauth-signup` the first time (a new user), as
/// Altogic's idealy app reads it.
pub const OAUTH_SIGNIN: &str = "oauth-signin";
pub const OAUTH_SIGNUP: &str = "oauth-signup";

/// What the page does with the redirect.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// Ask for a new password, to send with this token.
    ResetPassword(String),
    /// Trade the token for a session.
    Grant(String),
    /// The email address has been changed; nothing to trade.
    EmailChanged,
    Failed(ApiError),
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedirectQuery {
    pub action: Option<String>,
    pub status: Option<String>,
    pub access_token: Option<String>,
    pub error: Option<String>,
}

impl RedirectQuery {
    /// Reads `location.search` (with or without its `?`).
    pub fn parse(search: &str) -> Self {
        let mut query = Self::default();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = Some(decode_form(value)).filter(|v| !v.is_empty());
            match decode_form(key).as_str() {
                "action" => query.action = value,
                "status" => query.status = value,
                "access_token" => query.access_token = value,
                "error" => query.error = value,
                _ => {}
            }
        }
        query
    }

    /// Whether the sign-in came from a provider (first time or not).
    pub fn is_provider(&self) -> bool {
        matches!(self.action.as_deref(), Some(OAUTH_SIGNIN | OAUTH_SIGNUP))
    }

    pub fn outcome(&self) -> Outcome {
        if let Some(problem) = self.problem() {
            return Outcome::Failed(problem);
        }
        match (self.action.as_deref(), &self.access_token) {
            (Some(CHANGE_EMAIL), _) => Outcome::EmailChanged,
            (Some(RESET_PWD), Some(token)) => Outcome::ResetPassword(token.clone()),
            (_, Some(token)) => Outcome::Grant(token.clone()),
            // `problem()` covers a query without a token.
            (_, None) => Outcome::Failed(Self::failure(None, t(Text::NoAccessToken).to_owned())),
        }
    }

    /// Why this redirect cannot go on, if it cannot. The page says it in
    /// words of its own, chosen by action and status: the address is
    /// anyone's to write, so its `error` text is never shown (a link could
    /// otherwise put any words on this site's page).
    fn problem(&self) -> Option<ApiError> {
        let status = self.status.as_deref().and_then(|s| s.parse::<u16>().ok());
        let succeeded = status.is_none_or(|s| (200..300).contains(&s));
        let failed = self.error.is_some() || !succeeded;
        let message = match (failed, &self.access_token) {
            (true, _) => Self::why(self.action.as_deref(), status),
            (false, None) if self.action.as_deref() == Some(CHANGE_EMAIL) => return None,
            (false, Some(_)) => return None,
            (false, None) => t(Text::NoAccessToken),
        };
        Some(Self::failure(status, message.to_owned()))
    }

    /// The fixed words for a failure of `action` with `status`.
    fn why(action: Option<&str>, status: Option<u16>) -> &'static str {
        let provider = matches!(action, Some(OAUTH_SIGNIN | OAUTH_SIGNUP));
        match (action, status) {
            (_, Some(429)) => t(Text::TooManyAttempts),
            (Some(CHANGE_EMAIL), Some(409)) => t(Text::EmailTaken),
            (Some(CHANGE_EMAIL), _) => t(Text::EmailLinkInvalid),
            (_, Some(409)) if provider => t(Text::AccountExists),
            (_, Some(401 | 403)) if provider => t(Text::ProviderCancelled),
            _ if provider => t(Text::ProviderFailed),
            // A used or expired link comes back 400 (Altogic's Flutter
            // example app, `verify_mail.dart`); the others alike.
            (_, Some(400 | 401 | 403 | 404)) => t(Text::LinkInvalid),
            _ => t(Text::LinkFailed),
        }
    }

    fn failure(status: Option<u16>, message: String) -> ApiError {
        ApiError {
            status,
            items: vec![ErrorItem {
                origin: Some("redirect".into()),
                code: Some("redirect_error".into()),
                message,
                details: Default::default(),
            }],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_success() {
        let q = RedirectQuery::parse("?action=email-confirm&status=200&access_token=abc123");
        assert_eq!(q.action.as_deref(), Some("email-confirm"));
        assert_eq!(q.status.as_deref(), Some("200"));
        assert_eq!(q.access_token.as_deref(), Some("abc123"));
        assert_eq!(q.outcome(), Outcome::Grant("abc123".into()));
    }

    #[test]
    fn each_action_has_its_outcome() {
        let outcome = |search: &str| RedirectQuery::parse(search).outcome();
        assert_eq!(
            outcome("action=reset-pwd&status=200&access_token=r1"),
            Outcome::ResetPassword("r1".into())
        );
        for action in [
            "oauth-signin",
            "oauth-signup",
            "magic-link",
            "email-confirm",
        ] {
            let q = RedirectQuery::parse(&format!("action={action}&status=200&access_token=t"));
            assert_eq!(q.outcome(), Outcome::Grant("t".into()), "{action}");
            assert_eq!(q.is_provider(), action.starts_with("oauth"), "{action}");
        }
        // Altogic sends no token for a change of email: it is done.
        assert_eq!(
            outcome("action=change-email&status=200"),
            Outcome::EmailChanged
        );
        for failed in [
            "action=change-email&status=409&error=Taken",
            "action=change-email&status=401",
            "action=magic-link&status=500&access_token=t",
        ] {
            assert!(matches!(outcome(failed), Outcome::Failed(_)), "{failed}");
        }
    }

    #[test]
    fn a_failure_is_told_in_fixed_words_never_the_address_text() {
        let message = |search: &str| {
            let Outcome::Failed(problem) = RedirectQuery::parse(search).outcome() else {
                panic!("an error: {search}")
            };
            problem.messages().collect::<String>()
        };
        let q = RedirectQuery::parse("action=magic-link&status=401&error=Call+%2B1-555+now");
        let Outcome::Failed(problem) = q.outcome() else {
            panic!("an error")
        };
        assert_eq!(problem.status, Some(401));
        assert_eq!(
            problem.messages().collect::<Vec<_>>(),
            ["This link is invalid, has expired or has already been used."]
        );
        for search in [
            "action=oauth-signin&status=401&error=You+did+not+allow+EvilCorp",
            "action=oauth-signup&status=403&error=x",
            "action=oauth-signin&status=409&error=x",
            "action=oauth-signin&status=400&error=Sign-in+with+%27evil%27",
            "action=change-email&status=409&error=x",
            "action=reset-pwd&status=429&error=x",
            "action=email-confirm&status=500&error=x",
        ] {
            let said = message(search);
            assert!(
                !said.contains("Evil") && !said.contains("evil"),
                "{search}: {said}"
            );
            assert!(said.ends_with('.'), "{search}: {said}");
        }
        assert!(message("action=oauth-signin&status=409&error=x").contains("already exists"));
        // A provider's refusal of an email with an account: any status
        // from 400 to 599 (Altogic's Flutter client), the way on said.
        for status in [400, 422, 500] {
            let said = message(&format!("action=oauth-signin&status={status}&error=x"));
            assert!(said.contains("already have an account"), "{status}: {said}");
        }
        // Altogic's answer to a used or expired link.
        for action in ["email-confirm", "magic-link", "reset-pwd"] {
            let used = format!("action={action}&status=400&error=Invalid+or+expired+access+token");
            assert_eq!(message(&used), t(Text::LinkInvalid), "{action}");
        }
        assert!(message("action=oauth-signin&status=401&error=x").contains("cancelled"));
        assert!(message("action=change-email&status=409").contains("another account"));
    }

    #[test]
    fn no_token_is_a_problem() {
        for search in ["", "?", "?action=magic-link", "?access_token="] {
            let outcome = RedirectQuery::parse(search).outcome();
            assert!(matches!(outcome, Outcome::Failed(_)), "{search}");
        }
    }

    #[test]
    fn decodes_hostile_or_broken_input_without_panicking() {
        let q = RedirectQuery::parse("&&=&access_token&error=%&x=%E2%82");
        assert_eq!(q.access_token, None);
        assert_eq!(q.error.as_deref(), Some("%"));
    }
}
