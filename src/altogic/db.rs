//! `db/object/…` calls: the signed-in user's own record in model `users`.

use super::request::JsonObject;
use super::{Api, ApiError, ApiRequest, User};

/// Sets `field` to `value` on user `id`; answers with the updated user.
pub fn update_user(id: &str, field: &str, value: &str) -> ApiRequest {
    ApiRequest::post("db/object/update").json(
        JsonObject::new()
            .str("model", "users")
            .str("id", id)
            .object("values", JsonObject::new().str(field, value)),
    )
}

impl Api {
    pub async fn update_user(&self, id: &str, field: &str, value: &str) -> Result<User, ApiError> {
        self.call(update_user(id, field, value)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{body_json, parse, Method};
    use serde_json::json;

    #[test]
    fn builds_an_update() {
        let r = update_user("u1", "name", "Grace");
        assert_eq!((r.method, r.path), (Method::Post, "db/object/update"));
        assert_eq!(
            body_json(&r.body),
            json!({"model": "users", "id": "u1", "values": {"name": "Grace"}})
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
