//! `storage/…` calls: uploading a file, deleting one.

use serde::Deserialize;

use super::request::{Call, Done, JsonObject};
use super::ApiRequest;

/// What an upload answers (the fields the app reads).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredFile {
    #[serde(rename = "publicPath")]
    pub public_path: String,
    #[serde(rename = "fileName", default)]
    pub file_name: String,
}

/// Uploads to `bucket` as `file_name`, with the file's own content type.
pub fn upload(bucket: &str, file_name: &str, content_type: &str) -> Call<StoredFile> {
    let options = JsonObject::new()
        .str("contentType", content_type)
        .bool("createBucket", false);
    Call::new(
        ApiRequest::post("storage/bucket/upload-formdata")
            .query("bucket", bucket)
            .query("fileName", file_name)
            .query("options", options.finish())
            .form(),
    )
}

/// Deletes the file at `url` (a `publicPath`): `StorageManager.deleteFile`.
pub fn delete_file(url: &str) -> Done {
    Call::done(ApiRequest::post("storage/delete-file").json(JsonObject::new().str("fileUrl", url)))
}

/// Whether `url` is a file of an Altogic storage (`…/_storage/…`, as every
/// `publicPath` is), not a picture a sign-in provider hosts: only such a
/// file is deleted when the picture changes.
pub fn in_storage(url: &str) -> bool {
    url.split_once("://")
        .and_then(|(_, rest)| rest.split_once('/'))
        .is_some_and(|(_, path)| path.starts_with("_storage/"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::altogic::request::{parse, Body, Method};
    use crate::config::Config;

    #[test]
    fn builds_an_upload() {
        let r = upload("root", "user_u1", "image/png");
        assert_eq!(
            (r.method, r.path, r.body.clone()),
            (Method::Post, "storage/bucket/upload-formdata", Body::Form)
        );
        let config = Config::from_values(Some("http://h"), Some("k"), false).unwrap();
        assert_eq!(
            r.url(&config),
            "http://h/_api/rest/v1/storage/bucket/upload-formdata?bucket=root&fileName=user_u1&options=%7B%22contentType%22%3A%22image%2Fpng%22%2C%22createBucket%22%3Afalse%7D"
        );
    }

    #[test]
    fn builds_a_delete() {
        let r = delete_file("https://c1-na.altogic.com/_storage/e/b/f");
        assert_eq!((r.method, r.path), (Method::Post, "storage/delete-file"));
        assert_eq!(
            crate::altogic::request::body_json(&r.body),
            serde_json::json!({"fileUrl": "https://c1-na.altogic.com/_storage/e/b/f"})
        );
    }

    #[test]
    fn tells_stored_files_from_providers_pictures() {
        assert!(in_storage("https://c1-na.altogic.com/_storage/6233230ba1c88fcb1ad5919a/62373bae161326736e4ffde2/6237419e161326736e4ffde3"));
        assert!(in_storage("http://127.0.0.1:8788/_storage/e/b/f"));
        for url in [
            "https://avatars.githubusercontent.com/u/1?v=4",
            "https://lh3.googleusercontent.com/a/x",
            "https://example.com/x/_storage/y",
            "/_storage/a/b/c",
            "",
        ] {
            assert!(!in_storage(url), "{url}");
        }
    }

    #[test]
    fn parses_the_file_object() {
        let f: StoredFile = parse(200, r#"{"_id":"f1","bucketId":"root","fileName":"user_u1-1","size":12,"encoding":"7bit","mimeType":"image/png","publicPath":"http://h/_storage/root/user_u1-1","isPublic":true}"#).unwrap();
        assert_eq!(f.public_path, "http://h/_storage/root/user_u1-1");
        assert_eq!(f.file_name, "user_u1-1");
        assert!(parse::<StoredFile>(200, r#"{"fileName":"x"}"#).is_err());
    }
}
