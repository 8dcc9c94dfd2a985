//! `storage/bucket/upload-formdata` and `storage/delete-file`, and the
//! uploaded files served at their `publicPath`, shaped as Altogic's
//! (`<files url>/_storage/<env id>/<bucket id>/<file id>`: the client
//! guide's `getInfo` example).

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::config::KeyRights;
use crate::error::{ApiError, ApiResult};
use crate::extract::{JsonBody, SignedIn};
use crate::{new_id, now_iso, AppState};

#[derive(Deserialize)]
pub struct UploadQuery {
    bucket: Option<String>,
    #[serde(rename = "fileName")]
    file_name: Option<String>,
    /// JSON: `{contentType, createBucket}` (`isPublic` is ignored).
    options: Option<String>,
}

/// The type a file is served with. A file that says it is an image must be
/// one by its content, not only by its name or claimed type: the stored
/// file is served to browsers, and a script dressed as a picture must not
/// be.
fn checked_type(declared: &str, bytes: &[u8]) -> ApiResult<String> {
    let found = infer::get(bytes).map(|t| t.mime_type());
    match found {
        Some(found) if found == declared => Ok(declared.to_owned()),
        // An image of another image type than claimed: serve what it is.
        Some(found) if declared.starts_with("image/") && found.starts_with("image/") => {
            Ok(found.to_owned())
        }
        _ if declared.starts_with("image/") => Err(ApiError::NotAnImage(declared.to_owned())),
        // Not an image: kept, but served as opaque bytes.
        Some(found) => Ok(found.to_owned()),
        None => Ok("application/octet-stream".to_owned()),
    }
}

/// A name that is safe in a URL path segment and in a bucket.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name != "."
        && name != ".."
        && !name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control())
}

pub async fn upload(
    State(state): State<AppState>,
    me: SignedIn,
    Query(query): Query<UploadQuery>,
    request: Request<Body>,
) -> ApiResult<Json<Value>> {
    let bucket = query.bucket.unwrap_or_default();
    let file_name = query.file_name.unwrap_or_default();
    if !valid_name(&bucket) {
        return Err(ApiError::validation("bucket", "a bucket name"));
    }
    if !valid_name(&file_name) {
        return Err(ApiError::validation("fileName", "a file name without '/'"));
    }
    let options: Value = match query.options.as_deref() {
        None | Some("") => json!({}),
        Some(raw) => serde_json::from_str(raw).map_err(|_| ApiError::OptionsNotJson)?,
    };
    let bucket_id = match state.store.bucket_id(&bucket)? {
        Some(id) => id,
        None if options["createBucket"] == json!(true) => state.store.create_bucket(&bucket)?,
        None => return Err(ApiError::BucketNotFound(bucket)),
    };

    let max = state.settings.max_upload_bytes;
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|_| ApiError::BadMultipart)?;
    let mut file = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::FileTooLarge(max))
            }
            Err(_) => return Err(ApiError::BadMultipart),
        };
        if field.name() != Some("file") {
            continue;
        }
        let field_type = field.content_type().map(str::to_owned);
        let bytes = match field.bytes().await {
            Ok(bytes) => bytes,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                return Err(ApiError::FileTooLarge(max))
            }
            Err(_) => return Err(ApiError::BadMultipart),
        };
        file = Some((field_type, bytes));
        break;
    }
    let Some((field_type, bytes)) = file else {
        return Err(ApiError::BadMultipart);
    };
    if bytes.len() > max {
        return Err(ApiError::FileTooLarge(max));
    }
    // As Altogic: the File's own type wins over `options.contentType`.
    let declared = field_type
        .filter(|t| !t.is_empty() && t != "application/octet-stream")
        .or_else(|| options["contentType"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "application/octet-stream".to_owned());
    let mime = checked_type(&declared, &bytes)?;

    let id = new_id();
    let now = now_iso();
    let meta = json!({
        "_id": id,
        "bucketId": bucket_id,
        "fileName": file_name,
        "size": bytes.len(),
        "encoding": "7bit",
        "mimeType": mime,
        "publicPath": format!(
            "{}/_storage/{}/{bucket_id}/{id}",
            state.settings.files_url(),
            state.store.env_id()?
        ),
        // Every file here is public: the app shows avatars by URL.
        "isPublic": true,
        "userId": me.user_id,
        "tags": [],
        "uploadedAt": now,
        "updatedAt": now,
    });
    // A name is stored once in a bucket (`BucketManager.ts`: "You cannot
    // upload a file with the same name multiple times to a bucket").
    if !state
        .store
        .insert_file(&id, &bucket, &file_name, &mime, &bytes, &meta)?
    {
        return Err(ApiError::FileNameTaken {
            file: file_name,
            bucket,
        });
    }
    Ok(Json(meta))
}

/// `(bucket id, file id)` of a public path of this server's files.
fn path_ids<'a>(state: &AppState, url: &'a str) -> ApiResult<Option<(&'a str, &'a str)>> {
    let prefix = format!(
        "{}/_storage/{}/",
        state.settings.files_url(),
        state.store.env_id()?
    );
    Ok(url
        .strip_prefix(&prefix)
        .and_then(|rest| rest.split_once('/'))
        .filter(|(_, file)| !file.contains('/')))
}

#[derive(Deserialize)]
pub struct DeleteFile {
    #[serde(rename = "fileUrl")]
    file_url: String,
}

/// `storage/delete-file {fileUrl}` (`StorageManager.deleteFile`, as
/// idealy deletes a replaced picture). The uploader's own file, or any
/// with `--key-rights master`.
pub async fn delete_file(
    State(state): State<AppState>,
    me: SignedIn,
    JsonBody(body): JsonBody<DeleteFile>,
) -> ApiResult<Json<Value>> {
    let (bucket_id, file_id) = path_ids(&state, &body.file_url)?.ok_or(ApiError::FileNotFound)?;
    let file = state
        .store
        .file(bucket_id, file_id)?
        .ok_or(ApiError::FileNotFound)?;
    if file.meta["userId"] != json!(me.user_id) && state.settings.key_rights == KeyRights::Own {
        return Err(ApiError::NotOwnFile);
    }
    state.store.delete_file(file_id)?;
    Ok(Json(Value::Null))
}

/// A stored file. Ids are never reused, so it may be cached for good.
pub async fn serve(
    State(state): State<AppState>,
    Path((env, bucket_id, file_id)): Path<(String, String, String)>,
) -> ApiResult<Response> {
    if env != state.store.env_id()? {
        return Err(ApiError::FileNotFound);
    }
    let stored = state
        .store
        .file(&bucket_id, &file_id)?
        .ok_or(ApiError::FileNotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, stored.mime),
            (
                header::CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            // The app on another origin shows these as <img>.
            (
                header::HeaderName::from_static("cross-origin-resource-policy"),
                "cross-origin".to_owned(),
            ),
            // A hostile upload (say SVG with script) cannot run here.
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; sandbox".to_owned(),
            ),
        ],
        stored.data,
    )
        .into_response())
}
