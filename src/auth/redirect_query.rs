//! The query Altogic sends the browser back with after a mail link or
//! OAuth: `action`, `status`, and `access_token` or `error`.

use crate::altogic::{ApiError, ErrorItem};
use crate::percent::decode_form;

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

    /// Why this redirect cannot sign anyone in, if it cannot.
    pub fn problem(&self) -> Option<ApiError> {
        let status = self.status.as_deref().and_then(|s| s.parse().ok());
        let message = match (&self.error, &self.access_token) {
            (Some(error), _) => error.clone(),
            (None, Some(_)) => return None,
            (None, None) => "This link has no access token. Open the link from your email again, or sign in another way.".to_owned(),
        };
        Some(ApiError {
            status,
            items: vec![ErrorItem {
                origin: Some("redirect".into()),
                code: Some("redirect_error".into()),
                message,
                details: Default::default(),
            }],
        })
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
        assert_eq!(q.problem(), None);
    }

    #[test]
    fn reads_an_error_with_its_status() {
        let q = RedirectQuery::parse(
            "action=magic-link&status=401&error=This+link+has%20expired%2C%20sorry",
        );
        let problem = q.problem().expect("an error");
        assert_eq!(problem.status, Some(401));
        assert_eq!(
            problem.messages().collect::<Vec<_>>(),
            ["This link has expired, sorry"]
        );
    }

    #[test]
    fn no_token_is_a_problem() {
        for search in ["", "?", "?action=magic-link", "?access_token="] {
            assert!(RedirectQuery::parse(search).problem().is_some(), "{search}");
        }
    }

    #[test]
    fn decodes_hostile_or_broken_input_without_panicking() {
        let q = RedirectQuery::parse("&&=&access_token&error=%&x=%E2%82");
        assert_eq!(q.access_token, None);
        assert_eq!(q.error.as_deref(), Some("%"));
    }
}
