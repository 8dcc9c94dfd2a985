//! Altogic's `User` and `Session`, as the official JS client keeps them.
//!
//! Only the fields the app reads are typed; everything else is kept in
//! `extra` so that a value written by the JS client survives our round trip.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct User {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        rename = "profilePicture",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub profile_picture: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl User {
    /// The name to greet the person with: their name, else their email.
    pub fn display_name(&self) -> &str {
        self.name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.email.as_deref())
            .unwrap_or("")
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    pub token: String,
    #[serde(rename = "userId", default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// ISO 8601, as Altogic sends it.
    #[serde(
        rename = "creationDtm",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub creation_dtm: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Session {
    /// The device, browser and OS the session was opened from. Read
    /// leniently: an odd value means "unknown", not a broken session.
    pub fn user_agent(&self) -> UserAgent {
        self.extra
            .get("userAgent")
            .and_then(|ua| serde_json::from_value(ua.clone()).ok())
            .unwrap_or_default()
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
