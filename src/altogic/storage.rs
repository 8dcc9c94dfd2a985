//! `storage/bucket/…` calls: uploading a file.

use serde::Deserialize;

use super::request::JsonObject;
use super::{Api, ApiError, ApiRequest};

/// What an upload answers (the fields the app reads).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredFile {
    #[serde(rename = "publicPath")]
    pub public_path: String,
    #[serde(rename = "fileName", default)]
    pub file_name: String,
}

/// Uploads to `bucket` as `file_name`, with the file's own content type.
pub fn upload(bucket: &str, file_name: &str, content_type: &str) -> ApiRequest {
    let options = JsonObject::new()
        .str("contentType", content_type)
        .bool("createBucket", false);
    ApiRequest::post("storage/bucket/upload-formdata")
        .query("bucket", bucket)
        .query("fileName", file_name)
        .query("options", options.finish())
        .form()
}

impl Api {
    pub async fn upload(
        &self,
        bucket: &str,
        file_name: &str,
        file: web_sys::File,
    ) -> Result<StoredFile, ApiError> {
        self.call_with_file(upload(bucket, file_name, &file.type_()), Some(file))
            .await
    }
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
    fn parses_the_file_object() {
        let f: StoredFile = parse(200, r#"{"_id":"f1","bucketId":"root","fileName":"user_u1-1","size":12,"encoding":"7bit","mimeType":"image/png","publicPath":"http://h/_storage/root/user_u1-1","isPublic":true}"#).unwrap();
        assert_eq!(f.public_path, "http://h/_storage/root/user_u1-1");
        assert_eq!(f.file_name, "user_u1-1");
        assert!(parse::<StoredFile>(200, r#"{"fileName":"x"}"#).is_err());
    }
}
