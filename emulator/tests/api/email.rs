//! Sign-up, sign-in, links by mail, reset and change of password and email.

use crate::harness::*;

#[tokio::test]
async fn client_key_is_required() {
    let api = Api::new(false);
    let no_key = Request::post(format!("{REST}/auth/signin-email"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .unwrap();
    api.send(no_key)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_client_key");
    let wrong = Request::post(format!("{REST}/auth/signin-email"))
        .header("x-client-key", "nope")
        .body(Body::from("{}"))
        .unwrap();
    api.send(wrong)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_client_key");
}

#[tokio::test]
async fn signup_without_verification_signs_in_at_once() {
    let api = Api::new(false);
    let r = api.signup("Ada@Example.com", "secret1", "Ada").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let user = &r.body["user"];
    assert_eq!(user["email"], "ada@example.com");
    assert_eq!(user["name"], "Ada");
    assert_eq!(user["provider"], "altogic");
    assert!(user.get("password").is_none());
    let session = &r.body["session"];
    assert_eq!(session["userId"], user["_id"]);
    assert_eq!(session["token"].as_str().unwrap().len(), 64);
    assert_eq!(session["accessGroupKeys"], json!([]));
    assert_eq!(session["userAgent"]["family"], "Chrome");
    assert_eq!(session["userAgent"]["major"], "120");
    assert_eq!(session["userAgent"]["os"]["family"], "Linux");
    assert!(session["creationDtm"].as_str().unwrap().ends_with('Z'));

    let me = api.get_as(session["token"].as_str(), "auth/user").await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["_id"], user["_id"]);
}

#[tokio::test]
async fn signup_with_verification_mails_a_link_that_grants_a_session() {
    let api = Api::new(true);
    let r = api.signup("bob@example.com", "secret1", "Bob").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session"], Value::Null);
    assert_eq!(r.body["user"]["emailVerified"], false);
    // With no session yet, the user still has `lastLoginAt` (Altogic's
    // sign-up example; the Dart client's `User` requires it).
    assert_eq!(r.body["user"]["lastLoginAt"], r.body["user"]["signUpAt"]);

    api.signin("bob@example.com", "secret1")
        .await
        .assert_error(StatusCode::FORBIDDEN, "email_not_verified");

    let mail = api.latest_mail("bob@example.com").await;
    assert_eq!(mail["action"], "email-confirm");
    let link = mail["link"].as_str().unwrap().to_owned();
    let back = api.open(&link).await;
    assert_eq!(back.path(), "/auth-redirect");
    assert_eq!(param(&back, "action").as_deref(), Some("email-confirm"));
    assert_eq!(param(&back, "status").as_deref(), Some("200"));
    let key = param(&back, "access_token").unwrap();

    let granted = api.get_as(None, &format!("auth/grant?key={key}")).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    assert_eq!(granted.body["user"]["emailVerified"], true);
    assert!(granted.body["session"]["token"].is_string());

    // Single use: the key and the link are spent.
    api.get_as(None, &format!("auth/grant?key={key}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_access_token");
    let again = api.open(&link).await;
    assert_eq!(param(&again, "status").as_deref(), Some("400"));
    assert!(param(&again, "error").is_some());
    assert!(param(&again, "access_token").is_none());

    assert_eq!(
        api.signin("bob@example.com", "secret1").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn signup_rejects_bad_input() {
    let api = Api::new(false);
    api.signup("not-an-email", "secret1", "X")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_email");
    api.signup("a@example.com", "12345", "X")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    // A typed body's failure names its field, as the app shows it.
    let missing = api
        .post("auth/signup-email", json!({"password": "secret1"}))
        .await;
    missing.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(missing.body["errors"][0]["details"]["field"], "email");
    let mistyped = api
        .post(
            "auth/signup-email",
            json!({"email": 5, "password": "secret1"}),
        )
        .await;
    mistyped.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    assert_eq!(mistyped.body["errors"][0]["details"]["field"], "email");
    assert_eq!(
        mistyped.body["errors"][0]["message"],
        "'email' is required and must be a string"
    );
    api.post(
        "auth/signup-email",
        json!({"email": "a@example.com", "password": "secret1", "nameOrUserData": 7}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post("auth/signup-email", json!(["not", "an", "object"]))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_json");
    let bad_json = Request::post(format!("{REST}/auth/signup-email"))
        .header("x-client-key", KEY)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"email\":"))
        .unwrap();
    api.send(bad_json)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_json");

    api.account("a@example.com").await;
    api.signup("A@EXAMPLE.com", "secret1", "Again")
        .await
        .assert_error(StatusCode::CONFLICT, "email_not_unique");
}

#[tokio::test]
async fn signup_user_data_cannot_set_system_fields() {
    let mut settings = settings(false);
    // Even listed as the operator's: only the backend writes `_id`.
    settings.user_fields = vec!["city".into(), "_id".into()];
    let api = Api::with(settings);
    let r = api
        .post(
            "auth/signup-email",
            json!({"email": "c@example.com", "password": "secret1",
                   "nameOrUserData": {"name": "Cy", "city": "Oslo", "_id": "x", "emailVerified": true, "provider": "evil"}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let user = &r.body["user"];
    assert_eq!(user["name"], "Cy");
    assert_eq!(user["city"], "Oslo");
    assert_ne!(user["_id"], "x");
    assert_eq!(user["provider"], "altogic");
    // The user a sign-up answers with says when it last signed in.
    assert!(user["lastLoginAt"].as_str() >= user["signUpAt"].as_str());
    assert!(user["lastLoginAt"].is_string());
}

/// `emailVerified: true` in the sign-up data skips the verification mail,
/// as Altogic does (`AuthManager.ts`, client CHANGELOG 2.3.6): anyone with
/// the public client key can make a pre-verified account.
#[tokio::test]
async fn signup_data_saying_verified_skips_verification() {
    let api = Api::new(true);
    let r = api
        .post(
            "auth/signup-email",
            json!({"email": "pre@example.com", "password": "secret1",
                   "nameOrUserData": {"name": "Pre", "emailVerified": true}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["user"]["emailVerified"], true);
    assert!(r.body["session"]["token"].is_string(), "{}", r.text);
    assert_eq!(
        api.get("/_outbox/messages?to=pre@example.com").await.body,
        json!([])
    );
    assert_eq!(
        api.signin("pre@example.com", "secret1").await.status,
        StatusCode::OK
    );
    // Anything but `true` verifies nothing.
    let r = api
        .post(
            "auth/signup-email",
            json!({"email": "not@example.com", "password": "secret1",
                   "nameOrUserData": {"emailVerified": "true"}}),
        )
        .await;
    assert_eq!(r.body["user"]["emailVerified"], false);
    assert_eq!(r.body["session"], Value::Null);
}

#[tokio::test]
async fn signin_errors_do_not_tell_which_accounts_exist() {
    let api = Api::new(false);
    api.account("d@example.com").await;
    let wrong = api.signin("d@example.com", "wrong-pw").await;
    wrong.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let unknown = api.signin("nobody@example.com", "secret1").await;
    unknown.assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(wrong.body, unknown.body);
    let ok = api.signin(" D@example.com ", "secret1").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert!(ok.body["user"]["lastLoginAt"].is_string());
}

#[tokio::test]
async fn magic_link_signs_in() {
    let api = Api::new(true);
    api.verified_account("e+tag@example.com").await;
    // The JS client does not encode the query: `+` arrives as a space.
    let sent = api
        .post_empty("auth/send-magic?email=e%20tag@example.com")
        .await;
    assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
    let mail = api.latest_mail("e%2Btag@example.com").await;
    assert_eq!(mail["action"], "magic-link");
    let back = api.open(mail["link"].as_str().unwrap()).await;
    assert_eq!(param(&back, "action").as_deref(), Some("magic-link"));
    let key = param(&back, "access_token").unwrap();
    let granted = api.get_as(None, &format!("auth/grant?key={key}")).await;
    assert_eq!(granted.status, StatusCode::OK, "{}", granted.text);
    assert_eq!(granted.body["user"]["email"], "e+tag@example.com");
    assert_eq!(granted.body["user"]["emailVerified"], true);

    api.post_empty("auth/send-magic?email=nobody@example.com")
        .await
        .assert_error(StatusCode::NOT_FOUND, "user_not_found");
    api.post_empty("auth/send-magic?email=")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    api.post_empty("auth/send-magic?email=nonsense")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "invalid_email");
}

/// The official client's docs: magic links and reset links "work only if
/// email confirmation is enabled … and the user's email address has already
/// been verified", else an error; resending fails for a verified address
/// and when confirmation is off.
#[tokio::test]
async fn links_by_mail_need_verification_on_and_a_verified_address() {
    let api = Api::new(true);
    api.signup("unverified@example.com", "secret1", "Una").await;
    let before = api.get("/_outbox/messages?to=unverified@example.com").await;
    for call in ["send-magic", "send-reset"] {
        api.post_empty(&format!("auth/{call}?email=unverified@example.com"))
            .await
            .assert_error(StatusCode::FORBIDDEN, "email_not_verified");
    }
    let after = api.get("/_outbox/messages?to=unverified@example.com").await;
    assert_eq!(after.body, before.body, "no mail went out");

    let off = Api::new(false);
    off.account("plain@example.com").await;
    for call in ["send-magic", "send-reset", "resend"] {
        off.post_empty(&format!("auth/{call}?email=plain@example.com"))
            .await
            .assert_error(StatusCode::BAD_REQUEST, "email_confirmation_disabled");
    }
    assert_eq!(
        off.get("/_outbox/messages?to=plain@example.com").await.body,
        json!([])
    );
}

#[tokio::test]
async fn resend_verification() {
    let api = Api::new(true);
    api.signup("f@example.com", "secret1", "Fay").await;
    let r = api.post_empty("auth/resend?email=f@example.com").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mails = api.get("/_outbox/messages?to=f@example.com").await;
    assert_eq!(mails.body.as_array().unwrap().len(), 2);
    api.open(mails.body[0]["link"].as_str().unwrap()).await;
    api.post_empty("auth/resend?email=f@example.com")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "email_already_verified");
    api.post_empty("auth/resend?email=g@example.com")
        .await
        .assert_error(StatusCode::NOT_FOUND, "user_not_found");
}

#[tokio::test]
async fn password_reset_by_mail() {
    let api = Api::new(true);
    let (_, old_session) = api.verified_account("h@example.com").await;
    let r = api.post_empty("auth/send-reset?email=h@example.com").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let mail = api.latest_mail("h@example.com").await;
    assert_eq!(mail["action"], "reset-pwd");
    let back = api.open(mail["link"].as_str().unwrap()).await;
    assert_eq!(param(&back, "action").as_deref(), Some("reset-pwd"));
    let key = param(&back, "access_token").unwrap();

    // A reset key does not sign anyone in.
    api.get_as(None, &format!("auth/grant?key={key}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_access_token");
    api.post(
        &format!("auth/reset-pwd?key={key}"),
        json!({"newPassword": "short"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    let done = api
        .post(
            &format!("auth/reset-pwd?key={key}"),
            json!({"newPassword": "brand-new"}),
        )
        .await;
    assert_eq!(done.status, StatusCode::OK, "{}", done.text);
    api.post(
        &format!("auth/reset-pwd?key={key}"),
        json!({"newPassword": "brand-new2"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_access_token");

    api.signin("h@example.com", "secret1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(
        api.signin("h@example.com", "brand-new").await.status,
        StatusCode::OK
    );
    // Sessions opened with the old password are over.
    api.get_as(Some(&old_session), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
}

#[tokio::test]
async fn change_password() {
    let api = Api::new(false);
    let (_, token) = api.account("i@example.com").await;
    api.post_as(
        &token,
        "auth/change-pwd",
        Some(json!({"newPassword": "another1", "oldPassword": "nope"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
    api.post_as(
        &token,
        "auth/change-pwd",
        Some(json!({"newPassword": "abc", "oldPassword": "secret1"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    let ok = api
        .post_as(
            &token,
            "auth/change-pwd",
            Some(json!({"newPassword": "another1", "oldPassword": "secret1"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
    assert_eq!(
        api.signin("i@example.com", "another1").await.status,
        StatusCode::OK
    );
    api.post_empty("auth/change-pwd")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
}

#[tokio::test]
async fn change_email_at_once_or_by_link() {
    let api = Api::new(false);
    let (_, token) = api.account("j@example.com").await;
    api.account("taken@example.com").await;
    api.post_as(
        &token,
        "auth/change-email",
        Some(json!({"currentPassword": "secret1", "newEmail": "taken@example.com"})),
    )
    .await
    .assert_error(StatusCode::CONFLICT, "email_not_unique");
    api.post_as(
        &token,
        "auth/change-email",
        Some(json!({"currentPassword": "bad", "newEmail": "k@example.com"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
    let r = api
        .post_as(
            &token,
            "auth/change-email",
            Some(json!({"currentPassword": "secret1", "newEmail": "k@example.com"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["email"], "k@example.com");

    // With verification on, the change waits for the new address's link.
    let api = Api::new(true);
    api.signup("l@example.com", "secret1", "Lu").await;
    let mail = api.latest_mail("l@example.com").await;
    let back = api.open(mail["link"].as_str().unwrap()).await;
    let key = param(&back, "access_token").unwrap();
    let token = api
        .get_as(None, &format!("auth/grant?key={key}"))
        .await
        .body["session"]["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = api
        .post_as(
            &token,
            "auth/change-email",
            Some(json!({"currentPassword": "secret1", "newEmail": "m@example.com"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["email"], "l@example.com");
    let mail = api.latest_mail("m@example.com").await;
    assert_eq!(mail["action"], "change-email");
    let back = api.open(mail["link"].as_str().unwrap()).await;
    assert_eq!(param(&back, "action").as_deref(), Some("change-email"));
    assert_eq!(param(&back, "status").as_deref(), Some("200"));
    // As Altogic: nothing to trade, the change is done (Flutter client's
    // `ChangeEmailRedirect` has no token).
    assert_eq!(param(&back, "access_token"), None, "{back}");
    let me = api.get_as(Some(&token), "auth/user").await;
    assert_eq!(me.body["email"], "m@example.com");
}
