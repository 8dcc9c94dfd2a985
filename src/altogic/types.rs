//! Altogic's `User` and `Session`, as the official JS client keeps them.
//!
//! Each keeps the JSON text it was read from: storage writes that text back
//! as it was, so every field (ours or a JS app's) survives untouched, and the
//! app never needs a JSON serializer. Only the fields the app reads are
//! typed.

use std::collections::BTreeMap;
use std::rc::Rc;

use serde::de::{DeserializeOwned, Deserializer, Error as _};
use serde::Deserialize;

use super::json::{self, Raw};
use super::request::FieldValue;

#[derive(Deserialize)]
struct UserFields {
    #[serde(rename = "_id")]
    id: String,
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    phone: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(rename = "profilePicture", default)]
    profile_picture: Option<String>,
    #[serde(default)]
    provider: Option<String>,
    #[serde(rename = "termsAcceptedAt", default)]
    terms_accepted_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: String,
    pub email: Option<String>,
    /// For someone who signed up with a phone number.
    pub phone: Option<String>,
    pub name: Option<String>,
    pub profile_picture: Option<String>,
    /// Who vouches for the person: `altogic` for an email or phone account
    /// with a password, else the sign-in provider (`github`, …).
    provider: Option<String>,
    /// When the person agreed to the site's terms, if the site asks.
    pub terms_accepted_at: Option<String>,
    json: Rc<str>,
}

impl User {
    /// Reads a user from JSON; `None` when it is not a user object.
    pub fn from_json(json: &str) -> Option<Self> {
        Some(Self::from_fields(json::from_str(json)?, json.into()))
    }

    fn from_fields(f: UserFields, json: Rc<str>) -> Self {
        Self {
            id: f.id,
            email: f.email,
            phone: f.phone,
            name: f.name,
            profile_picture: f.profile_picture,
            terms_accepted_at: f.terms_accepted_at,
            provider: f.provider,
            json,
        }
    }

    /// A field of the user document the app knows by no name of its own
    /// (an operator's: `config::signup_fields`), when it holds text or a
    /// flag.
    pub fn field(&self, key: &str) -> Option<FieldValue> {
        let fields: BTreeMap<String, Raw> = json::from_str(&self.json)?;
        let raw = fields.get(key)?;
        raw.read::<bool>()
            .map(FieldValue::Flag)
            .or_else(|| raw.read::<String>().map(FieldValue::Text))
    }

    /// The JSON this user was read from.
    pub fn json(&self) -> &str {
        &self.json
    }

    /// The provider a person signs in with, when it is not a password of
    /// Altogic's: such a user has no password, and Altogic's changes of
    /// password, email and number all ask for it (JS client
    /// `AuthManager.ts`: "You cannot use this method to log in a user who
    /// has signed up with an Oauth2 provider").
    pub fn provider(&self) -> Option<&str> {
        self.provider
            .as_deref()
            .filter(|p| !p.is_empty() && !p.eq_ignore_ascii_case("altogic"))
    }

    /// The name to greet the person with: their name, else their email.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.email.as_deref())
            .unwrap_or("")
    }
}

#[derive(Deserialize)]
struct SessionFields {
    token: String,
    #[serde(rename = "userId", default)]
    user_id: Option<String>,
    #[serde(rename = "creationDtm", default)]
    creation_dtm: Option<String>,
    /// Read leniently: an odd value means "unknown", not a broken session.
    #[serde(rename = "userAgent", default, deserialize_with = "json::lenient")]
    user_agent: UserAgent,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub token: String,
    pub user_id: Option<String>,
    /// ISO 8601, as Altogic sends it.
    pub creation_dtm: Option<String>,
    /// The device, browser and OS the session was opened from.
    pub user_agent: UserAgent,
    json: Rc<str>,
}

impl Session {
    /// Reads a session from JSON; `None` when it is not a session object.
    pub fn from_json(json: &str) -> Option<Self> {
        Some(Self::from_fields(json::from_str(json)?, json.into()))
    }

    fn from_fields(f: SessionFields, json: Rc<str>) -> Self {
        Self {
            token: f.token,
            user_id: f.user_id,
            creation_dtm: f.creation_dtm,
            user_agent: f.user_agent,
            json,
        }
    }

    /// The JSON this session was read from.
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// Nested in an answer, an object is read with its own JSON text kept.
fn keeping_json<'de, D: Deserializer<'de>, F: DeserializeOwned, T>(
    deserializer: D,
    from_fields: fn(F, Rc<str>) -> T,
    what: &'static str,
) -> Result<T, D::Error> {
    let raw = Raw::deserialize(deserializer)?;
    let fields = raw.read().ok_or_else(|| D::Error::custom(what))?;
    Ok(from_fields(fields, raw.text().into()))
}

impl<'de> Deserialize<'de> for User {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        keeping_json(deserializer, Self::from_fields, "not a user")
    }
}

/// The user `change-email` and `change-phone` answer with: a bare `User` in
/// the official JS client (`AuthManager.ts` returns `data` as the user),
/// `{user}` in the Dart client (`auth_manager.dart` reads `data['user']`).
/// Either is read.
pub struct UserAnswer(pub User);

impl<'de> Deserialize<'de> for UserAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wrapped {
            user: User,
        }
        let raw = Raw::deserialize(deserializer)?;
        raw.read::<User>()
            .or_else(|| raw.read::<Wrapped>().map(|w| w.user))
            .map(Self)
            .ok_or_else(|| D::Error::custom("not a user"))
    }
}

impl<'de> Deserialize<'de> for Session {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        keeping_json(deserializer, Self::from_fields, "not a session")
    }
}

/// ua-parser's shape, as Altogic stores it in `Session.userAgent`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct AgentPart {
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub major: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct UserAgent {
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub major: Option<String>,
    #[serde(default)]
    pub os: Option<AgentPart>,
    #[serde(default)]
    pub device: Option<AgentPart>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_json_it_was_read_from() {
        let text = r#"{"_id":"u1","name":"Ada","custom":{"deep":[1,2]}}"#;
        let user = User::from_json(text).unwrap();
        assert_eq!(user.json(), text);
        assert_eq!(user.name.as_deref(), Some("Ada"));
    }

    #[test]
    fn reads_an_operators_own_fields() {
        let user = User::from_json(
            r#"{"_id":"u1","company":"Acme","newsletter":true,"age":3,"website":null}"#,
        )
        .unwrap();
        assert_eq!(user.field("company"), Some(FieldValue::Text("Acme".into())));
        assert_eq!(user.field("newsletter"), Some(FieldValue::Flag(true)));
        for none in ["age", "website", "missing"] {
            assert_eq!(user.field(none), None, "{none}");
        }
    }

    #[test]
    fn a_provider_user_is_told_from_a_password_account() {
        let user = |fields: &str| User::from_json(&format!(r#"{{"_id":"u1",{fields}}}"#)).unwrap();
        assert_eq!(user(r#""provider":"github""#).provider(), Some("github"));
        for password_account in [
            r#""provider":"altogic""#,
            r#""provider":"Altogic""#,
            r#""provider":"""#,
            r#""x":1"#,
        ] {
            assert_eq!(
                user(password_account).provider(),
                None,
                "{password_account}"
            );
        }
    }

    #[test]
    fn nested_objects_keep_their_own_json() {
        #[derive(Deserialize)]
        struct Answer {
            user: User,
            session: Option<Session>,
        }
        let a: Answer =
            json::from_str(r#"{"user": {"_id":"u1", "x": true}, "session": null}"#).unwrap();
        assert_eq!(a.user.json(), r#"{"_id":"u1", "x": true}"#);
        assert!(a.session.is_none());
        assert!(json::from_str::<Answer>(r#"{"user": 5, "session": null}"#).is_none());
        assert!(
            json::from_str::<Answer>(r#"{"user": {"name": "no id"}, "session": null}"#).is_none()
        );
    }

    #[test]
    fn a_changed_user_is_read_bare_or_wrapped() {
        for text in [
            r#"{"_id":"u1","email":"new@b.co"}"#,
            r#"{"user":{"_id":"u1","email":"new@b.co"}}"#,
        ] {
            let UserAnswer(user) = json::from_str(text).expect(text);
            assert_eq!(user.email.as_deref(), Some("new@b.co"), "{text}");
            assert_eq!(user.json(), r#"{"_id":"u1","email":"new@b.co"}"#);
        }
        assert!(json::from_str::<UserAnswer>(r#"{"user":null}"#).is_none());
        assert!(json::from_str::<UserAnswer>("[]").is_none());
    }
}
