//! The query Altogic sends the browser back with after a mail link or
//! OAuth: `action`, `status`, and `access_token` or `error`.

use crate::altogic::{ApiError, ErrorItem};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RedirectQuery {
    pub action: Option<String>,
    pub status: Option<String>,
    pub access_token: Option<String>,
    pub error: Option<String>,
}

/// Decodes one `application/x-www-form-urlencoded` value. Bad escapes are
/// kept as written rather than failing.
pub fn decode(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl RedirectQuery {
    /// Reads `location.search` (with or without its `?`).
    pub fn parse(search: &str) -> Self {
        let mut query = Self::default();
        for pair in search.trim_start_matches('?').split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = Some(decode(value)).filter(|v| !v.is_empty());
            match decode(key).as_str() {
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
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%zz"), "%zz");
        assert_eq!(decode("%C3%A9"), "é");
        assert_eq!(decode("%FF"), "\u{FFFD}");
        assert_eq!(decode("a+b%2Bc"), "a b+c");
        let q = RedirectQuery::parse("&&=&access_token&error=%&x=%E2%82");
        assert_eq!(q.access_token, None);
        assert_eq!(q.error.as_deref(), Some("%"));
    }
}
