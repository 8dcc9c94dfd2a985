//! The one error type of the API client: what the server said (its status
//! and error items), or why no usable answer came back.

use serde::Deserialize;

use super::json;
use crate::i18n::{t, Text};

/// One item of Altogic's error envelope.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ErrorItem {
    #[serde(default)]
    pub origin: Option<String>,
    #[serde(default)]
    pub code: Option<String>,
    /// Missing in some answers (the JS client's `Fetcher.ts` takes any
    /// object as an item): the status's own words are shown instead.
    #[serde(default)]
    pub message: String,
    /// What the server says the error is about. Read once, leniently: the
    /// shape of `details` varies by error.
    #[serde(default, deserialize_with = "json::lenient")]
    pub details: Details,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Details {
    /// The form field the error is about.
    #[serde(default)]
    pub field: Option<String>,
}

impl ErrorItem {
    fn local(code: &str, message: &str) -> Self {
        Self {
            origin: Some("client".into()),
            code: Some(code.into()),
            message: message.into(),
            details: Details::default(),
        }
    }

    /// The form field this error is about, when the server says.
    pub fn field(&self) -> Option<&str> {
        self.details.field.as_deref()
    }

    /// What to show: for a code the app knows, its words in the page's
    /// language (Altogic's own messages are English); else the server's.
    pub fn text(&self) -> &str {
        match self.code.as_deref() {
            Some(INVALID_SESSION_TOKEN | MISSING_SESSION_TOKEN) => t(Text::SessionEnded),
            _ => &self.message,
        }
    }
}

/// A failed call. `status` is `None` when no answer came back at all.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiError {
    pub status: Option<u16>,
    pub items: Vec<ErrorItem>,
}

// Every answer the app reacts to, in one place: the codes Altogic's own
// clients name, and nothing that only the local backend sends (its e2e
// run answers with documented codes alone, `--documented-codes-only`). Any
// other code shows the server's own message, with a way on from each screen.
//
// | what                  | app does                         | source                          |
// |-----------------------|----------------------------------|---------------------------------|
// | invalid_session_token | signs out, to the login page     | JS client `AuthManager.ts`      |
// | missing_session_token | signs out, to the login page     | JS client `AuthManager.ts`      |
// | phone_not_verified    | phone login: verify the number   | `react-phone-authentication`    |
// |                       | now, by a code sent again        | `SignIn.js` (Altogic's sample)  |
// | any refusal (4xx)     | the screen's way on: resend the  | -                               |
// |                       | verification, a new link         |                                 |

/// Refusals the app words itself, in the page's language, known by the
/// call, the status and the field named (`details.field`, when the row
/// names one): Altogic's messages are English, and its codes are not
/// documented enough to go by (the e2e run's backend answers with
/// documented codes only). Any other refusal keeps the server's words.
const WORDED: &[(&str, u16, Option<&str>, Text)] = &[
    ("auth/signin-email", 401, None, Text::WrongEmailOrPassword),
    ("auth/signin-email", 403, None, Text::EmailNotVerifiedYet),
    ("auth/signin-phone", 401, None, Text::WrongPhoneOrPassword),
    ("auth/signup-email", 409, None, Text::AccountExists),
    ("auth/signup-phone", 409, None, Text::PhoneAccountExists),
    (
        "auth/change-pwd",
        400,
        Some("oldPassword"),
        Text::WrongCurrentPassword,
    ),
    (
        "auth/change-email",
        400,
        Some("currentPassword"),
        Text::WrongCurrentPassword,
    ),
    (
        "auth/change-phone",
        400,
        Some("currentPassword"),
        Text::WrongCurrentPassword,
    ),
    ("auth/change-email", 409, None, Text::EmailInUse),
    ("auth/change-phone", 409, None, Text::PhoneInUse),
    // A code that does not sign in, verify or reset: mistyped, expired
    // or used (Altogic's words may tell which; the page's language first).
    ("auth/signin-code", 401, None, Text::CodeRefused),
    ("auth/verify-phone", 401, None, Text::CodeRefused),
    ("auth/reset-pwd-code", 401, None, Text::CodeRefused),
    ("auth/reset-pwd", 401, None, Text::LinkInvalid),
    ("auth/send-magic", 404, None, Text::NoAccountWithEmail),
    ("auth/send-reset", 404, None, Text::NoAccountWithEmail),
    ("auth/resend", 404, None, Text::NoAccountWithEmail),
    ("auth/send-code", 404, None, Text::NoAccountWithPhone),
    ("auth/send-reset-code", 404, None, Text::NoAccountWithPhone),
    ("auth/resend-code", 404, None, Text::NoAccountWithPhone),
    // Any call.
    ("*", 429, None, Text::TooManyAttempts),
];

/// The stored session is no longer valid.
pub const INVALID_SESSION_TOKEN: &str = "invalid_session_token";
/// The call needed a session and had none.
pub const MISSING_SESSION_TOKEN: &str = "missing_session_token";
/// A phone sign-up left at its code: the number is not verified yet.
pub const PHONE_NOT_VERIFIED: &str = "phone_not_verified";

impl ApiError {
    fn local(status: Option<u16>, code: &str, message: &str) -> Self {
        Self {
            status,
            items: vec![ErrorItem::local(code, message)],
        }
    }

    pub fn network() -> Self {
        Self::local(None, "network_error", t(Text::NetworkError))
    }

    pub fn timeout() -> Self {
        Self::local(None, "timeout", t(Text::Timeout))
    }

    /// A 2xx whose body is not what the call returns.
    pub fn unreadable(status: u16) -> Self {
        Self::local(Some(status), "unreadable_response", t(Text::Unreadable))
    }

    /// A failure status without Altogic's envelope (a proxy's error page, say).
    pub fn http(status: u16) -> Self {
        let message = if status >= 500 {
            t(Text::ServerProblem)
        } else {
            t(Text::ServerRefused)
        };
        Self::local(Some(status), "http_error", message)
    }

    /// Builds the error for a non-2xx answer from its body, in each shape
    /// the official clients read (JS `Fetcher.ts`, Dart `io_fetcher.dart`):
    /// `{errors: [item…]}`, `{errors: item}`, `[item…]` or `item`. An item
    /// that names no code and says nothing is no answer of Altogic's.
    pub fn from_response(status: u16, body: &str) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            errors: json::Raw,
        }
        let Some(raw) = json::Raw::parse(body) else {
            return Self::http(status);
        };
        let inner = raw.read::<Envelope>().map_or(raw, |e| e.errors);
        let mut items = inner
            .read::<Vec<ErrorItem>>()
            .or_else(|| inner.read::<ErrorItem>().map(|item| vec![item]))
            .unwrap_or_default();
        items.retain(|i| i.code.is_some() || !i.message.is_empty());
        if items.is_empty() {
            return Self::http(status);
        }
        let fallback = Self::http(status).items.remove(0).message;
        for item in items.iter_mut().filter(|i| i.message.is_empty()) {
            item.message = fallback.clone();
        }
        Self {
            status: Some(status),
            items,
        }
    }

    /// The refusal of the call to `path` in the page's language, where the
    /// app knows what it means (`WORDED`).
    pub fn worded_for(mut self, path: &str) -> Self {
        for item in &mut self.items {
            let said = WORDED.iter().find(|(call, status, field, _)| {
                (*call == path || *call == "*")
                    && Some(*status) == self.status
                    && field.is_none_or(|f| item.field() == Some(f))
            });
            if let Some((.., text)) = said {
                t(*text).clone_into(&mut item.message);
            }
        }
        self
    }

    /// The server answered and said no (a 4xx other than "too many"): the
    /// request itself will not do as it is, so a screen offers its way on.
    pub fn is_refusal(&self) -> bool {
        self.status
            .is_some_and(|s| (400..500).contains(&s) && s != 429)
    }

    /// The stored session is dead: the app must sign out.
    pub fn is_dead_session(&self) -> bool {
        self.has_code(INVALID_SESSION_TOKEN) || self.has_code(MISSING_SESSION_TOKEN)
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.items.iter().any(|i| i.code.as_deref() == Some(code))
    }

    /// What each item says (`ErrorItem::text`).
    pub fn messages(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(ErrorItem::text)
    }

    /// The first message about `field`, to show next to that input.
    pub fn for_field(&self, field: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|i| i.field() == Some(field))
            .map(ErrorItem::text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusals_of_codes_links_and_rates_are_worded_by_the_app() {
        let wrong = r#"{"errors":[{"code":"undocumented","message":"This code is wrong.","details":{"field":"code"}}]}"#;
        for path in [
            "auth/signin-code",
            "auth/verify-phone",
            "auth/reset-pwd-code",
        ] {
            let said = ApiError::from_response(401, wrong).worded_for(path);
            assert_eq!(said.for_field("code"), Some(t(Text::CodeRefused)), "{path}");
        }
        let many = ApiError::from_response(429, r#"{"errors":[{"message":"Slow down"}]}"#);
        assert_eq!(
            many.worded_for("auth/send-code")
                .messages()
                .collect::<Vec<_>>(),
            [t(Text::TooManyAttempts)]
        );
        let none = ApiError::from_response(404, r#"{"errors":[{"message":"No user"}]}"#);
        assert_eq!(
            none.clone().worded_for("auth/send-reset").messages().next(),
            Some(t(Text::NoAccountWithEmail))
        );
        // Another call's 404 keeps the server's words.
        assert_eq!(
            none.worded_for("db/object/update").messages().next(),
            Some("No user")
        );
    }

    #[test]
    fn reads_the_envelope() {
        let body = r#"{"errors":[{"origin":"client_error","code":"invalid_credentials","message":"Invalid email or password"},{"code":"password_too_short","message":"Too short","details":{"field":"password"}}]}"#;
        let err = ApiError::from_response(401, body);
        assert_eq!(err.status, Some(401));
        assert_eq!(
            err.messages().collect::<Vec<_>>(),
            ["Invalid email or password", "Too short"]
        );
        assert!(err.has_code("invalid_credentials"));
        assert_eq!(err.for_field("password"), Some("Too short"));
        assert_eq!(err.for_field("email"), None);
        assert!(!err.is_dead_session());
    }

    #[test]
    fn a_refusal_the_app_knows_is_said_in_the_pages_words() {
        let wrong = r#"{"errors":[{"code":"x","message":"Invalid email or password"}]}"#;
        let said = ApiError::from_response(401, wrong).worded_for("auth/signin-email");
        assert_eq!(
            said.messages().collect::<Vec<_>>(),
            [t(Text::WrongEmailOrPassword)]
        );
        // Another call, or another status: the server's words.
        for (status, path) in [(401, "auth/signin-phone"), (400, "auth/signin-email")] {
            let kept = ApiError::from_response(status, wrong).worded_for(path);
            assert_ne!(kept.messages().next(), Some(t(Text::WrongEmailOrPassword)));
        }
        // A row that names a field takes only an error about that field,
        // and the error stays next to it.
        let body =
            |field| format!(r#"{{"errors":[{{"message":"No","details":{{"field":"{field}"}}}}]}}"#);
        let said = ApiError::from_response(400, &body("oldPassword")).worded_for("auth/change-pwd");
        assert_eq!(
            said.for_field("oldPassword"),
            Some(t(Text::WrongCurrentPassword))
        );
        let kept = ApiError::from_response(400, &body("newPassword")).worded_for("auth/change-pwd");
        assert_eq!(kept.for_field("newPassword"), Some("No"));
    }

    #[test]
    fn reads_every_shape_the_official_clients_read() {
        let item = r#"{"origin":"client_error","code":"email_not_unique","message":"Taken","details":{"field":"email"}}"#;
        for body in [
            format!(r#"{{"errors":[{item}]}}"#),
            format!(r#"{{"errors":{item}}}"#),
            format!("[{item}]"),
            item.to_owned(),
        ] {
            let err = ApiError::from_response(409, &body);
            assert_eq!(err.status, Some(409), "{body}");
            assert!(err.has_code("email_not_unique"), "{body}");
            assert_eq!(err.for_field("email"), Some("Taken"), "{body}");
        }
        // No message: the code is kept, the status's words are shown.
        let err = ApiError::from_response(400, r#"{"errors":{"code":"brand_new"}}"#);
        assert!(err.has_code("brand_new"));
        assert_eq!(err.messages().collect::<Vec<_>>(), [t(Text::ServerRefused)]);
        let err = ApiError::from_response(503, r#"[{"code":"down"}]"#);
        assert_eq!(err.messages().collect::<Vec<_>>(), [t(Text::ServerProblem)]);
        // A dead session in any shape still signs out.
        assert!(
            ApiError::from_response(401, r#"{"code":"invalid_session_token"}"#).is_dead_session()
        );
    }

    #[test]
    fn dead_sessions() {
        for code in [INVALID_SESSION_TOKEN, MISSING_SESSION_TOKEN] {
            let body = format!(r#"{{"errors":[{{"code":"{code}","message":"x"}}]}}"#);
            let err = ApiError::from_response(401, &body);
            assert!(err.is_dead_session());
            // A code the app knows is said in the page's words.
            assert_eq!(err.messages().collect::<Vec<_>>(), [t(Text::SessionEnded)]);
        }
        // Any other: the server's own message.
        let body = r#"{"errors":[{"code":"nope","message":"Server says"}]}"#;
        assert_eq!(
            ApiError::from_response(400, body)
                .messages()
                .collect::<String>(),
            "Server says"
        );
    }

    #[test]
    fn garbage_bodies_still_give_a_message() {
        for body in [
            "",
            "<html>502 Bad Gateway</html>",
            "{",
            "null",
            r#"{"errors":[]}"#,
            r#"{"errors":"nope"}"#,
            r#"{"errors":[{"code":"x"}]}"#,
            "{}",
            "[]",
            r#"{"errors":[{}]}"#,
            r#"[7, "x"]"#,
        ] {
            let err = ApiError::from_response(502, body);
            assert_eq!(err.status, Some(502), "{body}");
            assert_eq!(err.items.len(), 1);
            assert!(err.messages().all(|m| !m.is_empty()));
            assert!(!err.is_dead_session());
        }
        assert!(ApiError::http(400)
            .messages()
            .next()
            .unwrap()
            .contains("refused"));
    }

    #[test]
    fn refusals_are_4xx_answers_but_too_many() {
        for status in [400, 401, 403, 404, 409] {
            assert!(
                ApiError::from_response(status, "{}").is_refusal(),
                "{status}"
            );
        }
        for err in [
            ApiError::from_response(429, "{}"),
            ApiError::from_response(500, "{}"),
            ApiError::network(),
            ApiError::timeout(),
            ApiError::unreadable(200),
        ] {
            assert!(!err.is_refusal(), "{err:?}");
        }
    }
}
