//! `db/object/…` calls: the signed-in user's own record in the users model
//! (`users` unless the page's config names another, as Altogic's app
//! settings may).

use super::request::{Call, JsonObject};
use super::{ApiRequest, User};

/// Sets `field` to `value` (`None`: unsets it) on user `id` of `model`;
/// answers with the updated user. `options` as the official client sends
/// them (`DBObject.ts`, `DEFAULT_UPDATE_OPTIONS`).
pub fn update_user(model: &str, id: &str, field: &str, value: Option<&str>) -> Call<User> {
    let values = match value {
        Some(value) => JsonObject::new().str(field, value),
        None => JsonObject::new().null(field),
    };
    Call::new(
        ApiRequest::post("db/object/update").json(
            JsonObject::new()
                .str("model", model)
                .str("id", id)
                .object("values", values)
                .object(
                    "options",
                    JsonObject::new()
                        .str("cache", "nocache")
                        .bool("returnTop", false),
                ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{body_json, parse, Method};
    use serde_json::json;

    #[test]
    fn builds_an_update() {
        let r = update_user("members", "u1", "name", Some("Grace"));
        assert_eq!((r.method, r.path), (Method::Post, "db/object/update"));
        assert_eq!(
            body_json(&r.body),
            json!({"model": "members", "id": "u1", "values": {"name": "Grace"},
                   "options": {"cache": "nocache", "returnTop": false}})
        );
        let r = update_user("users", "u1", "profilePicture", None);
        assert_eq!(
            body_json(&r.body)["values"],
            json!({"profilePicture": null})
        );
    }

    #[test]
    fn parses_the_updated_user() {
        let u: User = parse(
            200,
            r#"{"_id":"u1","name":"Grace","profilePicture":"http://x/p.png","city":"Rome"}"#,
        )
        .unwrap();
        assert_eq!(u.name.as_deref(), Some("Grace"));
        assert_eq!(u.profile_picture.as_deref(), Some("http://x/p.png"));
        assert!(u.json().contains(r#""city":"Rome""#));
        let err = parse::<User>(403, r#"{"errors":[{"code":"field_not_updatable","message":"No","details":{"field":"email"}}]}"#).unwrap_err();
        assert_eq!(err.for_field("email"), Some("No"));
    }
}
