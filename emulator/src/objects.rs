//! `db/object/get` and `db/object/update`, for the users model only (its
//! name is a setting, as in Altogic's app settings), and only on the
//! caller's own object.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Map, Value};

use crate::accounts::SYSTEM_FIELDS;
use crate::error::{ApiError, ApiResult};
use crate::extract::{req_str, JsonBody, SignedIn};
use crate::AppState;

/// Checks `{model, id}` and returns the caller's own user document.
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
    if id != me.user_id {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "A user may only read and update their own object",
        ));
    }
    state
        .store
        .user_by_id(id)?
        .map(|u| u.doc)
        .ok_or_else(ApiError::invalid_session_token)
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
    state.store.save_user_doc(&me.user_id, &doc)?;
    Ok(Json(Value::Object(doc)))
}
