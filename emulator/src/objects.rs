//! `db/object/get` and `db/object/update`, for the users model only (its
//! name is a setting, as in Altogic's app settings), on the caller's own
//! object, or on anyone's with `--key-rights master`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::accounts::SYSTEM_FIELDS;
use crate::config::KeyRights;
use crate::error::{ApiError, ApiResult};
use crate::extract::{req_str, JsonBody, SignedIn};
use crate::AppState;

/// Checks `{model, id}` and returns the user document the key lets the
/// caller reach.
fn own_user(
    state: &AppState,
    me: &SignedIn,
    body: &Map<String, Value>,
) -> ApiResult<Map<String, Value>> {
    let model = req_str(body, "model")?;
    let id = req_str(body, "id")?;
    let users = &state.settings.users_model;
    if model != users {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "model_not_found",
            format!("There is no model '{model}' in the local backend (it has '{users}')"),
        ));
    }
    // The official client sends `options` (`{cache, returnTop}` on update).
    if body.get("options").is_some_and(|o| !o.is_object()) {
        return Err(ApiError::validation("options", "an object"));
    }
    if id != me.user_id && state.settings.key_rights == KeyRights::Own {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "A user may only read and update their own object",
        ));
    }
    match state.store.user_by_id(id)? {
        Some(user) => Ok(user.doc),
        None if id == me.user_id => Err(ApiError::invalid_session_token()),
        None => Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "object_not_found",
            format!("There is no object '{id}' in '{users}'"),
        )),
    }
}

pub async fn get(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    Ok(Json(Value::Object(own_user(&state, &me, &body)?)))
}

pub async fn update(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(body): JsonBody,
) -> ApiResult<Json<Value>> {
    let mut doc = own_user(&state, &me, &body)?;
    let id = doc["_id"].as_str().unwrap_or_default().to_owned();
    let Some(Value::Object(values)) = body.get("values") else {
        return Err(ApiError::validation("values", "an object of fields"));
    };
    if let Some(field) = values.keys().find(|k| SYSTEM_FIELDS.contains(&k.as_str())) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "field_not_updatable",
            format!("The field '{field}' cannot be changed through the database API"),
        )
        .with_details(json!({ "field": field })));
    }
    for field in ["name", "profilePicture"] {
        if let Some(v) = values.get(field) {
            if !(v.is_string() || v.is_null()) {
                return Err(ApiError::validation(field, "a string"));
            }
        }
    }
    for (key, value) in values {
        doc.insert(key.clone(), value.clone());
    }
    state.store.save_user_doc(&id, &doc)?;
    Ok(Json(Value::Object(doc)))
}
