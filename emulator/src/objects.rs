//! `db/object/get`, `update` and `delete`, for the users model only (its
//! name is a setting, as in Altogic's app settings), on the caller's own
//! object, or on anyone's with `--key-rights master`.

use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::accounts::{in_model, SYSTEM_FIELDS};
use crate::config::KeyRights;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, SignedIn};
use crate::AppState;

/// `db/object/get` and `update`: the object, and the new values of an
/// update. The official client sends `options` too (`{cache, returnTop}`
/// on update), read for its type only.
#[derive(Deserialize)]
pub struct ObjectCall {
    model: String,
    id: String,
    #[allow(dead_code)]
    options: Option<Map<String, Value>>,
    values: Option<Map<String, Value>>,
}

/// Checks `{model, id}` and returns the user document the key lets the
/// caller reach.
fn own_user(state: &AppState, me: &SignedIn, call: &ObjectCall) -> ApiResult<Map<String, Value>> {
    let (model, id) = (&call.model, call.id.as_str());
    let users = &state.settings.users_model;
    if model != users {
        return Err(ApiError::ModelNotFound {
            model: model.clone(),
            users: users.clone(),
        });
    }
    if id != me.user_id && state.settings.key_rights == KeyRights::Own {
        return Err(ApiError::NotOwnObject);
    }
    match state.store.user_by_id(id)? {
        Some(user) => Ok(user.doc),
        None if id == me.user_id => Err(ApiError::InvalidSessionToken),
        None => Err(ApiError::ObjectNotFound {
            id: id.to_owned(),
            users: users.clone(),
        }),
    }
}

pub async fn get(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(call): JsonBody<ObjectCall>,
) -> ApiResult<Json<Value>> {
    Ok(Json(Value::Object(own_user(&state, &me, &call)?)))
}

pub async fn update(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(call): JsonBody<ObjectCall>,
) -> ApiResult<Json<Value>> {
    let mut doc = own_user(&state, &me, &call)?;
    let id = doc["_id"].as_str().unwrap_or_default().to_owned();
    let Some(values) = &call.values else {
        return Err(ApiError::Missing("values".into()));
    };
    if let Some(field) = values.keys().find(|k| SYSTEM_FIELDS.contains(&k.as_str())) {
        return Err(ApiError::FieldNotUpdatable(field.clone()));
    }
    for field in ["name", "profilePicture"] {
        if let Some(v) = values.get(field) {
            if !(v.is_string() || v.is_null()) {
                return Err(ApiError::validation(field, "a string"));
            }
        }
    }
    // What the model lacks is not stored (`accounts::in_model`).
    for (key, value) in values.iter().filter(|(k, _)| in_model(&state.settings, k)) {
        doc.insert(key.clone(), value.clone());
    }
    state.store.save_user_doc(&id, &doc)?;
    Ok(Json(Value::Object(doc)))
}

/// `db/object/delete`: the user document and every session of that user.
pub async fn delete(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(call): JsonBody<ObjectCall>,
) -> ApiResult<()> {
    let doc = own_user(&state, &me, &call)?;
    state
        .store
        .delete_user(doc["_id"].as_str().unwrap_or_default())
}

/// The operator's endpoint that deletes the signed-in user (`DELETE
/// /user`), as a service of theirs would: the caller's own record only.
pub async fn delete_me(State(state): State<AppState>, me: SignedIn) -> ApiResult<()> {
    state.store.delete_user(&me.user_id)
}
