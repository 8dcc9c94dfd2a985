//! `db/object/…` calls: the signed-in user's own record in the users model
//! (`users` unless the page's config names another, as Altogic's app
//! settings may).

use super::request::{Call, Done, FieldValue, JsonObject};
use super::{ApiRequest, User};

/// Sets `field` to `value` (`None`: unsets it) on user `id` of `model`;
/// answers with the updated user. `options` as the official client sends
/// them (`DBObject.ts`, `DEFAULT_UPDATE_OPTIONS`).
pub fn update_user(model: &str, id: &str, field: &str, value: Option<&str>) -> Call<User> {
    let value = match value {
        Some(value) => FieldValue::Text(value.to_owned()),
        None => FieldValue::Unset,
    };
    update_values(model, id, &[(field, value)])
}

/// Sets several fields of user `id` at once (`Unset`: unsets one).
pub fn update_values(model: &str, id: &str, values: &[(&str, FieldValue)]) -> Call<User> {
    let values = values
        .iter()
        .fold(JsonObject::new(), |object, (key, value)| {
            object.value(key, value)
        });
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

/// Deletes user `id` of `model` (the official client's
/// `db.model(m).object(id).delete()`, with its default options).
pub fn delete_user(model: &str, id: &str) -> Done {
    Call::done(
        ApiRequest::post("db/object/delete").json(
            JsonObject::new().str("model", model).str("id", id).object(
                "options",
                JsonObject::new()
                    .str("cache", "nocache")
                    .bool("returnTop", false),
            ),
        ),
    )
}

/// Calls the operator's endpoint that deletes the signed-in user
/// (`altogic.endpoint.delete(path)`, as Altogic's idealy does for `/user`).
pub fn delete_by_endpoint(path: &'static str) -> Done {
    Call::done(ApiRequest::delete(path))
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
    fn builds_an_update_of_several_fields() {
        let values = [
            ("company", FieldValue::Text("Acme".into())),
            ("newsletter", FieldValue::Flag(true)),
            ("website", FieldValue::Unset),
        ];
        let r = update_values("users", "u1", &values);
        assert_eq!(
            body_json(&r.body)["values"],
            json!({"company": "Acme", "newsletter": true, "website": null})
        );
    }

    #[test]
    fn builds_the_deletes() {
        let r = delete_user("users", "u1");
        assert_eq!((r.method, r.path), (Method::Post, "db/object/delete"));
        assert_eq!(
            body_json(&r.body),
            json!({"model": "users", "id": "u1", "options": {"cache": "nocache", "returnTop": false}})
        );
        let r = delete_by_endpoint("/user");
        assert_eq!((r.method, r.path), (Method::Delete, "/user"));
        let config =
            crate::config::Config::from_values(Some("https://e.example/"), Some("k"), false)
                .unwrap();
        assert_eq!(r.url(&config), "https://e.example/user");
        assert_eq!(
            delete_user("users", "u1").url(&config),
            "https://e.example/_api/rest/v1/db/object/delete"
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
