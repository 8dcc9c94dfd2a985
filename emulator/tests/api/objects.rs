//! The users model (`db/object`) and files (`storage`).

use crate::harness::*;

#[tokio::test]
async fn users_object_get_and_update() {
    let api = Api::new(false);
    let (id, token) = api.account("q@example.com").await;
    let (other, _) = api.account("r@example.com").await;

    let got = api
        .post_as(
            &token,
            "db/object/get",
            Some(json!({"model": "users", "id": id, "options": {}})),
        )
        .await;
    assert_eq!(got.status, StatusCode::OK, "{}", got.text);
    assert_eq!(got.body["email"], "q@example.com");
    api.post_as(
        &token,
        "db/object/get",
        Some(json!({"model": "users", "id": other})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    api.post_as(
        &token,
        "db/object/get",
        Some(json!({"model": "posts", "id": id})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "model_not_found");
    api.post("db/object/get", json!({"model": "users", "id": id}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");

    let updated = api
        .post_as(
            &token,
            "db/object/update",
            Some(json!({"model": "users", "id": id, "values": {"name": "Quinn", "city": "Rome"}})),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["name"], "Quinn");
    assert_eq!(updated.body["city"], "Rome");
    assert_eq!(
        api.get_as(Some(&token), "auth/user").await.body["name"],
        "Quinn"
    );

    for field in ["email", "password", "provider", "_id"] {
        let r = api
            .post_as(
                &token,
                "db/object/update",
                Some(json!({"model": "users", "id": id, "values": {field: "x@example.com"}})),
            )
            .await;
        r.assert_error(StatusCode::FORBIDDEN, "field_not_updatable");
        assert_eq!(r.body["errors"][0]["details"]["field"], field);
    }
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": other, "values": {"name": "Hacked"}})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": id, "values": "nope"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": id, "values": {"name": 5}})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

fn multipart(field: &str, file_type: &str, data: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----emulatortest";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"a.png\"\r\nContent-Type: {file_type}\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(data);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(api: &Api, token: &str, query: &str, content_type: &str, body: Vec<u8>) -> Reply {
    let req = Request::post(format!("{REST}/storage/bucket/upload-formdata?{query}"))
        .header("x-client-key", KEY)
        .header("session", token)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    api.send(req).await
}

#[tokio::test]
async fn upload_and_serve_a_file() {
    // Served from another origin than the API's, as Altogic's files are.
    let mut s = settings(false);
    s.files_url = Some("http://files.test/".into());
    let api = Api::with(s);
    let (id, token) = api.account("s@example.com").await;
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";
    let options = "%7B%22contentType%22%3A%22image%2Fpng%22%2C%22createBucket%22%3Afalse%7D";
    let (ct, body) = multipart("file", "image/png", png);
    let r = upload(
        &api,
        &token,
        &format!("bucket=root&fileName=user_{id}&options={options}"),
        &ct,
        body,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["fileName"], format!("user_{id}"));
    assert_eq!(r.body["mimeType"], "image/png");
    assert_eq!(r.body["size"], png.len());
    assert_eq!(r.body["bucketId"], "root");
    let public = r.body["publicPath"].as_str().unwrap().to_owned();
    assert_eq!(public, format!("http://files.test/_storage/root/user_{id}"));

    let served = api
        .send(
            Request::get(public.strip_prefix("http://files.test").unwrap())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.bytes, png);

    // The same name again gets a fresh one, so a cached old avatar never shows.
    let (ct, body) = multipart("file", "image/png", png);
    let again = upload(
        &api,
        &token,
        &format!("bucket=root&fileName=user_{id}"),
        &ct,
        body,
    )
    .await;
    assert_eq!(again.body["fileName"], format!("user_{id}-1"));
    assert_ne!(again.body["publicPath"], public);
}

#[tokio::test]
async fn upload_errors() {
    let api = Api::new(false);
    let (_, token) = api.account("t@example.com").await;
    let r = upload(
        &api,
        &token,
        "bucket=root&fileName=x",
        "application/json",
        b"{}".to_vec(),
    )
    .await;
    r.assert_error(StatusCode::BAD_REQUEST, "invalid_multipart");
    let (ct, body) = multipart("other", "image/png", b"abc");
    upload(&api, &token, "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_multipart");
    let (ct, body) = multipart("file", "image/png", &[7u8; 4000]);
    upload(&api, &token, "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Named and typed as a PNG, but not one: refused by its content.
    let (ct, body) = multipart("file", "image/png", b"<svg onload=alert(1)>");
    upload(&api, &token, "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_file_type");
    let (ct, body) = multipart("file", "image/png", b"abc");
    upload(&api, &token, "bucket=nope&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::NOT_FOUND, "bucket_not_found");
    let (ct, body) = multipart("file", "text/plain", b"abc");
    upload(&api, &token, "bucket=root&fileName=../x", &ct, body)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let (ct, body) = multipart("file", "text/plain", b"abc");
    upload(&api, "bad-token", "bucket=root&fileName=x", &ct, body)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn oversize_json_body_is_refused_in_the_envelope() {
    let api = Api::new(false);
    let big = "x".repeat(10_000);
    api.post(
        "auth/signin-email",
        json!({"email": big, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
}

#[tokio::test]
async fn unknown_endpoints_and_methods() {
    let api = Api::new(false);
    api.post("auth/nope", json!({}))
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
    api.get_as(None, "auth/signin-email")
        .await
        .assert_error(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed");
    api.get("/nothing/here")
        .await
        .assert_error(StatusCode::NOT_FOUND, "not_found");
}
