//! `db/object/…` calls: the signed-in user's own record in model `users`.

use serde_json::{json, Value};

use super::{Api, ApiError, ApiRequest, User};

/// Sets `values` on user `id` and answers with the updated user.
pub fn update_user(id: &str, values: Value) -> ApiRequest {
    ApiRequest::post("db/object/update")
        .json(json!({ "model": "users", "id": id, "values": values }))
}

impl Api {
    pub async fn update_user(&self, id: &str, values: Value) -> Result<User, ApiError> {
        self.call(update_user(id, values)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{parse, Body, Method};

    #[test]
    fn builds_an_update() {
        let r = update_user("u1", json!({"name": "Grace"}));
        assert_eq!((r.method, r.path), (Method::Post, "db/object/update"));
        assert_eq!(
            r.body,
            Body::Json(json!({"model": "users", "id": "u1", "values": {"name": "Grace"}}))
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
        assert_eq!(u.extra["city"], "Rome");
        let err = parse::<User>(403, r#"{"errors":[{"code":"field_not_updatable","message":"No","details":{"field":"email"}}]}"#).unwrap_err();
        assert_eq!(err.for_field("email"), Some("No"));
    }
}
