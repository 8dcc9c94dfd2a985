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
