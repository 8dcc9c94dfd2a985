//! Sessions: listing, signing out, the session header, expiry.

use crate::harness::*;

#[tokio::test]
async fn sessions_and_signing_out() {
    let api = Api::new(false);
    let (_, first) = api.account("n@example.com").await;
    let second = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let third = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let list = api.get_as(Some(&first), "auth/sessions").await;
    assert_eq!(list.status, StatusCode::OK);
    let tokens: Vec<&str> = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["token"].as_str().unwrap())
        .collect();
    assert_eq!(tokens, [first.as_str(), second.as_str(), third.as_str()]);
    // ua-parser's name for a desktop, as Altogic's sessions say it.
    assert_eq!(list.body[0]["userAgent"]["device"]["family"], "Other");

    // Sign out another session by its token.
    let r = api
        .post_as(&first, "auth/signout", Some(json!({"token": second})))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.get_as(Some(&second), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");

    // Another user's token is not ours to end.
    let (_, stranger) = api.account("o@example.com").await;
    api.post_as(&first, "auth/signout", Some(json!({"token": stranger})))
        .await;
    assert_eq!(
        api.get_as(Some(&stranger), "auth/user").await.status,
        StatusCode::OK
    );

    let r = api.post_as(&first, "auth/signout-all-except", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        api.get_as(Some(&first), "auth/sessions")
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    api.get_as(Some(&third), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");

    // No body: this session.
    let fourth = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.post_as(&fourth, "auth/signout", None).await.status,
        StatusCode::OK
    );
    api.get_as(Some(&fourth), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");

    let fifth = api.signin("n@example.com", "secret1").await.body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        api.post_as(&first, "auth/signout-all", None).await.status,
        StatusCode::OK
    );
    for token in [&first, &fifth] {
        api.get_as(Some(token), "auth/sessions")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
    }
}

#[tokio::test]
async fn session_header_rules() {
    let api = Api::new(false);
    api.get_as(None, "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    api.get_as(Some("   "), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    api.get_as(Some("garbage"), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn sessions_expire() {
    let mut s = settings(false);
    s.session_lifetime = -1;
    let api = Api::with(s);
    let (_, token) = api.account("p@example.com").await;
    api.get_as(Some(&token), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}
