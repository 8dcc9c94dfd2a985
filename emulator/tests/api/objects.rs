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
    // A field the users model lacks is not stored, as in Altogic.
    assert_eq!(updated.body.get("city"), None);
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

/// The users model stores what it defines: Altogic's own fields and those
/// the operator added (`--user-fields`); a sign-up's and an update's other
/// fields are not kept.
#[tokio::test]
async fn only_the_users_models_fields_are_stored() {
    let mut settings = settings(false);
    settings.user_fields = vec!["termsAcceptedAt".into(), "company".into()];
    let api = Api::with(settings);
    let r = api
        .post(
            "auth/signup-email",
            json!({"email": "t@example.com", "password": "secret1",
                   "nameOrUserData": {"name": "Tess", "termsAcceptedAt": "2026-12-02T10:00:00.000Z",
                                      "company": "Acme", "shoeSize": 42}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let user = &r.body["user"];
    assert_eq!(user["termsAcceptedAt"], "2026-12-02T10:00:00.000Z");
    assert_eq!(
        (user["name"].as_str(), user["company"].as_str()),
        (Some("Tess"), Some("Acme"))
    );
    assert_eq!(user.get("shoeSize"), None);
    let (id, token) = (
        user["_id"].as_str().unwrap().to_owned(),
        r.body["session"]["token"].as_str().unwrap().to_owned(),
    );
    let updated = api
        .post_as(
            &token,
            "db/object/update",
            Some(json!({"model": "users", "id": id, "values": {"company": "Initech", "shoeSize": 43}})),
        )
        .await;
    assert_eq!(updated.status, StatusCode::OK, "{}", updated.text);
    assert_eq!(updated.body["company"], "Initech");
    assert_eq!(updated.body.get("shoeSize"), None);
}

/// A user deletes their own account, by `db/object/delete` or by the
/// operator's endpoint (`DELETE /user`); another's is refused; the deleted
/// user's sessions end with it.
#[tokio::test]
async fn a_user_deletes_their_own_account_only() {
    let api = Api::new(false);
    let (id, token) = api.account("del@example.com").await;
    let (other, _) = api.account("keep@example.com").await;
    api.post_as(
        &token,
        "db/object/delete",
        Some(json!({"model": "users", "id": other})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    let r = api
        .post_as(
            &token,
            "db/object/delete",
            Some(json!({"model": "users", "id": id, "options": {"cache": "nocache", "returnTop": false}})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.get_as(Some(&token), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
    assert_eq!(
        api.signin("del@example.com", "secret1").await.status,
        StatusCode::UNAUTHORIZED
    );

    // The endpoint way: the caller's own record, whoever it names.
    let (_, token) = api.account("end@example.com").await;
    let r = api.call(Method::DELETE, "/user", Some(&token), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.get_as(Some(&token), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
    api.call(Method::DELETE, "/user", None, None)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    assert_eq!(
        api.get_as(None, "auth/user").await.status,
        StatusCode::UNAUTHORIZED
    );
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

fn is_id(text: &str) -> bool {
    text.len() == 24 && text.chars().all(|c| c.is_ascii_hexdigit())
}

async fn upload_png(api: &Api, token: &str, name: &str) -> Reply {
    let (ct, body) = multipart("file", "image/png", PNG);
    upload(
        api,
        token,
        &format!("bucket=root&fileName={name}"),
        &ct,
        body,
    )
    .await
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x02\0\0\0";

#[tokio::test]
async fn upload_and_serve_a_file() {
    // Served from another origin than the API's, as Altogic's files are.
    let mut s = settings(false);
    s.files_url = Some("http://files.test/".into());
    let api = Api::with(s);
    let (id, token) = api.account("s@example.com").await;
    let options = "%7B%22contentType%22%3A%22image%2Fpng%22%2C%22createBucket%22%3Afalse%7D";
    let (ct, body) = multipart("file", "image/png", PNG);
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
    assert_eq!(r.body["size"], PNG.len());
    assert_eq!(r.body["userId"], id);
    // Altogic's shapes (client guide, `getInfo` example): the bucket by
    // id, and a public path of ids, not names.
    let bucket_id = r.body["bucketId"].as_str().unwrap();
    assert!(is_id(bucket_id), "{bucket_id}");
    let public = r.body["publicPath"].as_str().unwrap().to_owned();
    let ids: Vec<&str> = public
        .strip_prefix("http://files.test/_storage/")
        .unwrap_or_else(|| panic!("{public}"))
        .split('/')
        .collect();
    assert_eq!(ids.len(), 3, "{public}");
    assert!(ids.iter().all(|i| is_id(i)), "{public}");
    assert_eq!(
        (ids[1], ids[2]),
        (bucket_id, r.body["_id"].as_str().unwrap())
    );

    let served = api
        .send(
            Request::get(public.strip_prefix("http://files.test").unwrap())
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/png");
    assert_eq!(served.bytes, PNG);

    // A name is stored once in a bucket (`BucketManager.ts`).
    let again = upload_png(&api, &token, &format!("user_{id}")).await;
    again.assert_error(StatusCode::CONFLICT, "file_name_taken");
}

#[tokio::test]
async fn a_user_deletes_their_own_files_only() {
    let mut s = settings(false);
    s.files_url = Some("http://files.test/".into());
    let api = Api::with(s);
    let (_, token) = api.account("own@example.com").await;
    let (_, stranger) = api.account("stranger@example.com").await;
    let mine = upload_png(&api, &token, "mine").await;
    let url = mine.body["publicPath"].as_str().unwrap().to_owned();
    let path = url.strip_prefix("http://files.test").unwrap().to_owned();
    let get = || Request::get(&path).body(Body::empty()).unwrap();

    api.post_as(
        &stranger,
        "storage/delete-file",
        Some(json!({"fileUrl": url})),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(api.send(get()).await.status, StatusCode::OK);
    api.post("storage/delete-file", json!({"fileUrl": url}))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");

    let r = api
        .post_as(&token, "storage/delete-file", Some(json!({"fileUrl": url})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.send(get()).await.status, StatusCode::NOT_FOUND);
    // Gone, so its name is free again.
    assert_eq!(
        upload_png(&api, &token, "mine").await.status,
        StatusCode::OK
    );
    api.post_as(&token, "storage/delete-file", Some(json!({"fileUrl": url})))
        .await
        .assert_error(StatusCode::NOT_FOUND, "file_not_found");
    for url in [
        "https://avatars.example.com/u/1",
        "",
        "http://files.test/_storage/x",
    ] {
        api.post_as(&token, "storage/delete-file", Some(json!({"fileUrl": url})))
            .await
            .assert_error(StatusCode::NOT_FOUND, "file_not_found");
    }
    api.post_as(&token, "storage/delete-file", Some(json!({"url": url})))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

/// With the rights of Altogic's default (master) client key, any signed-in
/// caller reaches anyone's user object and files: what README "Security"
/// tells an operator to lock down.
#[tokio::test]
async fn a_master_key_reaches_everyone() {
    let mut s = settings(false);
    s.key_rights = altogic_emulator::config::KeyRights::Master;
    let api = Api::with(s);
    let (victim, victim_token) = api.account("victim@example.com").await;
    let (_, thief) = api.account("thief@example.com").await;
    let got = api
        .post_as(
            &thief,
            "db/object/get",
            Some(json!({"model": "users", "id": victim})),
        )
        .await;
    assert_eq!(got.body["email"], "victim@example.com", "{}", got.text);
    let r = api
        .post_as(
            &thief,
            "db/object/update",
            Some(json!({"model": "users", "id": victim, "values": {"name": "Owned"}})),
        )
        .await;
    assert_eq!(r.body["name"], "Owned", "{}", r.text);
    assert_eq!(
        api.get_as(Some(&victim_token), "auth/user").await.body["name"],
        "Owned"
    );
    let file = upload_png(&api, &victim_token, "v").await;
    let r = api
        .post_as(
            &thief,
            "storage/delete-file",
            Some(json!({"fileUrl": file.body["publicPath"]})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.post_as(
        &thief,
        "db/object/get",
        Some(json!({"model": "users", "id": "nobody"})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "object_not_found");
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
