//! `auth/…` calls: sign-up, sign-in, magic link, grant, user and sessions.

use serde::Deserialize;

use super::json::Raw;
use super::request::{Call, Done, FieldValue, JsonObject};
use super::{ApiRequest, Session, User, UserAnswer};

/// What sign-in and grant answer.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SignedIn {
    pub user: User,
    pub session: Session,
}

/// What sign-up answers: no session while the email awaits verification.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SignedUp {
    #[serde(default)]
    pub user: Option<User>,
    #[serde(default)]
    pub session: Option<Session>,
}

/// What a sign-up tells of the person: the name, and when they agreed to
/// the site's terms, if it has any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct UserData {
    pub name: String,
    /// ISO time (`termsAcceptedAt` in the users model).
    pub terms_accepted_at: Option<String>,
    /// The operator's own fields (`config::signup_fields`), those given.
    pub fields: Vec<(&'static str, FieldValue)>,
}

impl UserData {
    /// A name alone, and no consent recorded.
    pub fn named(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// `nameOrUserData`: the name alone, as the official client's samples
    /// send it, or the user's fields (`AuthManager.ts` takes either).
    pub fn put_in(&self, body: JsonObject) -> JsonObject {
        if self.terms_accepted_at.is_none() && self.fields.is_empty() {
            return body.str("nameOrUserData", &self.name);
        }
        let mut data = JsonObject::new().str("name", &self.name);
        if let Some(at) = &self.terms_accepted_at {
            data = data.str(TERMS_ACCEPTED_AT, at);
        }
        for (key, value) in &self.fields {
            data = data.value(key, value);
        }
        body.object("nameOrUserData", data)
    }
}

/// The users model's field that records consent to the site's terms.
pub const TERMS_ACCEPTED_AT: &str = "termsAcceptedAt";

pub fn sign_up(email: &str, password: &str, data: &UserData) -> Call<SignedUp> {
    Call::new(
        ApiRequest::post("auth/signup-email").json(
            data.put_in(
                JsonObject::new()
                    .str("email", email)
                    .str("password", password),
            ),
        ),
    )
}

pub fn sign_in(email: &str, password: &str) -> Call<SignedIn> {
    Call::new(
        ApiRequest::post("auth/signin-email").json(
            JsonObject::new()
                .str("email", email)
                .str("password", password),
        ),
    )
}

pub fn send_magic_link(email: &str) -> Done {
    Call::done(ApiRequest::post("auth/send-magic").query("email", email))
}

pub fn resend_verification(email: &str) -> Done {
    Call::done(ApiRequest::post("auth/resend").query("email", email))
}

pub fn send_password_reset(email: &str) -> Done {
    Call::done(ApiRequest::post("auth/send-reset").query("email", email))
}

/// Sets a new password with the access token of a reset mail's link.
pub fn reset_password(access_token: &str, new_password: &str) -> Done {
    Call::done(
        ApiRequest::post("auth/reset-pwd")
            .query("key", access_token)
            .json(JsonObject::new().str("newPassword", new_password)),
    )
}

pub fn change_password(old_password: &str, new_password: &str) -> Done {
    Call::done(
        ApiRequest::post("auth/change-pwd").json(
            JsonObject::new()
                .str("newPassword", new_password)
                .str("oldPassword", old_password),
        ),
    )
}

/// Answers with the user: the email changes at once without verification,
/// else once the link sent to the new address is opened.
pub fn change_email(current_password: &str, new_email: &str) -> Call<User, UserAnswer> {
    Call::then(
        ApiRequest::post("auth/change-email").json(
            JsonObject::new()
                .str("currentPassword", current_password)
                .str("newEmail", new_email),
        ),
        |UserAnswer(user)| user,
    )
}

pub fn grant(access_token: &str) -> Call<SignedIn> {
    Call::new(ApiRequest::get("auth/grant").query("key", access_token))
}

pub fn current_user() -> Call<User> {
    Call::new(ApiRequest::get("auth/user"))
}

pub fn sessions() -> Call<Vec<Session>, Vec<Raw>> {
    Call::then(ApiRequest::get("auth/sessions"), parse_sessions)
}

/// Signs out the session `token`, or the caller's own with `None`.
pub fn sign_out(token: Option<&str>) -> Done {
    let body = match token {
        Some(token) => JsonObject::new().str("token", token),
        None => JsonObject::new(),
    };
    Call::done(ApiRequest::post("auth/signout").json(body))
}

/// Signs out every session of the user, this one too.
pub fn sign_out_all() -> Done {
    Call::done(ApiRequest::post("auth/signout-all"))
}

/// Signs out every session of the user but this one.
pub fn sign_out_all_except() -> Done {
    Call::done(ApiRequest::post("auth/signout-all-except"))
}

/// Keeps the sessions that parse; one odd entry does not hide the others.
pub fn parse_sessions(list: Vec<Raw>) -> Vec<Session> {
    list.iter().filter_map(Raw::read).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{body_json, parse, Body, Method};
    use serde_json::json;

    // Answers in the shapes Altogic (and the local backend) send.
    const SIGNED_IN: &str = r#"{"user":{"_id":"u1","provider":"altogic","providerUserId":"u1","email":"ada@example.com","name":"Ada","emailVerified":true,"signUpAt":"2026-11-25T09:00:00.000Z","lastLoginAt":"2026-11-25T10:00:00.000Z"},"session":{"userId":"u1","token":"tok-1","creationDtm":"2026-11-25T10:00:00.000Z","accessGroupKeys":[],"userAgent":{"family":"Chrome","major":"120","minor":"0","patch":"6099","device":{"family":"Desktop","major":"0","minor":"0","patch":"0"},"os":{"family":"Linux","major":"0","minor":"0","patch":"0"}}}}"#;

    #[test]
    fn builds_auth_requests() {
        let mut ada = UserData::named("Ada");
        let r = sign_up("ada@example.com", "secret1", &ada);
        assert_eq!((r.method, r.path), (Method::Post, "auth/signup-email"));
        assert_eq!(
            body_json(&r.body),
            json!({"email": "ada@example.com", "password": "secret1", "nameOrUserData": "Ada"})
        );
        // With consent to the site's terms, the user's fields.
        ada.terms_accepted_at = Some("2026-12-02T10:00:00.000Z".into());
        let r = sign_up("ada@example.com", "secret1", &ada);
        assert_eq!(
            body_json(&r.body)["nameOrUserData"],
            json!({"name": "Ada", "termsAcceptedAt": "2026-12-02T10:00:00.000Z"})
        );
        // With the operator's own fields, as given.
        ada.terms_accepted_at = None;
        ada.fields = vec![
            ("company", FieldValue::Text("Acme".into())),
            ("newsletter", FieldValue::Flag(false)),
        ];
        let r = sign_up("ada@example.com", "secret1", &ada);
        assert_eq!(
            body_json(&r.body)["nameOrUserData"],
            json!({"name": "Ada", "company": "Acme", "newsletter": false})
        );
        let r = sign_in("ada@example.com", "secret1");
        assert_eq!((r.method, r.path), (Method::Post, "auth/signin-email"));
        assert_eq!(
            body_json(&r.body),
            json!({"email": "ada@example.com", "password": "secret1"})
        );
        let r = send_magic_link("ada+1@example.com");
        assert_eq!((r.method, r.path), (Method::Post, "auth/send-magic"));
        assert_eq!(r.query, [("email", "ada+1@example.com".to_owned())]);
        assert_eq!(r.body, Body::Empty);
        let r = resend_verification("ada+1@example.com");
        assert_eq!((r.method, r.path), (Method::Post, "auth/resend"));
        assert_eq!(r.query, [("email", "ada+1@example.com".to_owned())]);
        let r = send_password_reset("a@b.co");
        assert_eq!(
            (r.method, r.path, r.body.clone()),
            (Method::Post, "auth/send-reset", Body::Empty)
        );
        assert_eq!(r.query, [("email", "a@b.co".to_owned())]);
        let r = reset_password("acc-2", "n3w-secret");
        assert_eq!((r.method, r.path), (Method::Post, "auth/reset-pwd"));
        assert_eq!(r.query, [("key", "acc-2".to_owned())]);
        assert_eq!(body_json(&r.body), json!({"newPassword": "n3w-secret"}));
        let r = change_password("old-one", "new-one");
        assert_eq!((r.method, r.path), (Method::Post, "auth/change-pwd"));
        assert_eq!(
            body_json(&r.body),
            json!({"newPassword": "new-one", "oldPassword": "old-one"})
        );
        let r = change_email("secret1", "new@b.co");
        assert_eq!((r.method, r.path), (Method::Post, "auth/change-email"));
        assert_eq!(
            body_json(&r.body),
            json!({"currentPassword": "secret1", "newEmail": "new@b.co"})
        );
        let r = grant("acc-1");
        assert_eq!((r.method, r.path), (Method::Get, "auth/grant"));
        assert_eq!(r.query, [("key", "acc-1".to_owned())]);
        assert_eq!(
            (current_user().method, current_user().path),
            (Method::Get, "auth/user")
        );
        assert_eq!(
            (sessions().method, sessions().path),
            (Method::Get, "auth/sessions")
        );
        assert_eq!(body_json(&sign_out(None).body), json!({}));
        assert_eq!(
            body_json(&sign_out(Some("t2")).body),
            json!({"token": "t2"})
        );
        assert_eq!(sign_out(None).path, "auth/signout");
        for (r, path) in [
            (sign_out_all(), "auth/signout-all"),
            (sign_out_all_except(), "auth/signout-all-except"),
        ] {
            assert_eq!(
                (r.method, r.path, r.body.clone()),
                (Method::Post, path, Body::Empty)
            );
        }
    }

    #[test]
    fn parses_sign_in_and_sign_up() {
        let s: SignedIn = parse(200, SIGNED_IN).unwrap();
        assert_eq!(s.user.name.as_deref(), Some("Ada"));
        assert_eq!(s.session.token, "tok-1");
        assert_eq!(s.session.user_agent.family.as_deref(), Some("Chrome"));

        let pending: SignedUp = parse(
            200,
            r#"{"user":{"_id":"u2","email":"b@example.com"},"session":null}"#,
        )
        .unwrap();
        assert!(pending.session.is_none());
        assert_eq!(pending.user.map(|u| u.id).as_deref(), Some("u2"));
        let done: SignedUp = parse(200, SIGNED_IN).unwrap();
        assert!(done.session.is_some());
        // A sign-in answer without a session is not a sign-in.
        assert!(parse::<SignedIn>(200, r#"{"user":{"_id":"u1"},"session":null}"#).is_err());
    }

    #[test]
    fn sessions_list_keeps_what_parses() {
        let list: Vec<Raw> = crate::altogic::json::from_str(
            r#"[{"token":"a","creationDtm":"2026-11-25T10:00:00.000Z"},{"nope":1},{"token":"b"}]"#,
        )
        .unwrap();
        let tokens: Vec<String> = parse_sessions(list).into_iter().map(|s| s.token).collect();
        assert_eq!(tokens, ["a", "b"]);
    }
}
