//! Phone numbers: sign-up, codes, sign-in, reset and change of number.

use crate::harness::*;

#[tokio::test]
async fn phone_sign_up_with_confirmation_then_the_code_grants_a_session() {
    let api = phone_api(true);
    let r = phone_signup(&api, "+1 (415) 555-0123").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session"], Value::Null);
    assert_eq!(r.body["user"]["phone"], PHONE);
    assert_eq!(r.body["user"]["phoneVerified"], false);
    assert_eq!(r.body["user"]["name"], "Pat");
    assert!(r.body["user"].get("email").is_none());

    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "phone_not_verified");

    let code = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/verify-phone?code={code}&phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["session"]["token"].is_string());
    assert_eq!(r.body["user"]["phoneVerified"], true);
    api.post_empty(&format!("auth/verify-phone?code={code}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "code_used");

    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "secret1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "wrong-one"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    api.post(
        "auth/signin-phone",
        json!({"phone": "+14155550999", "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn phone_sign_up_without_confirmation_signs_in_at_once() {
    let api = phone_api(false);
    let r = phone_signup(&api, PHONE).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["session"]["token"].is_string());
    assert_eq!(sms_count(&api, PHONE).await, 0);
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "secret1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn phone_numbers_are_checked_and_unique() {
    let api = phone_api(true);
    for bad in [
        "4155550123",
        "+1 415",
        "+1-415-555-012345678",
        "+0415550123",
        "+1415555abcd",
    ] {
        let r = phone_signup(&api, bad).await;
        r.assert_error(StatusCode::BAD_REQUEST, "invalid_phone");
        assert_eq!(r.body["errors"][0]["details"]["field"], "phone");
    }
    phone_signup(&api, PHONE).await;
    let r = phone_signup(&api, "+1 415 555 0123").await;
    r.assert_error(StatusCode::CONFLICT, "phone_not_unique");
    assert_eq!(api.get("/_test/counts").await.body["users"], 1);
}

#[tokio::test]
async fn a_code_is_void_after_five_wrong_tries_and_expires() {
    let api = phone_api(true);
    phone_signup(&api, PHONE).await;
    let code = sms_code(&api, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for left in (1..=4).rev() {
        let r = api
            .post_empty(&format!("auth/verify-phone?code={wrong}&phone={PHONE_Q}"))
            .await;
        r.assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
        assert_eq!(r.body["errors"][0]["details"]["triesLeft"], left);
    }
    api.post_empty(&format!("auth/verify-phone?code={wrong}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "too_many_tries");
    // Void: even the right code no longer serves.
    api.post_empty(&format!("auth/verify-phone?code={code}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "too_many_tries");

    // A new code replaces it, and expires.
    let r = api
        .post_empty(&format!("auth/resend-code?phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let fresh = sms_code(&api, PHONE).await;
    let r = api
        .send(
            Request::post("/_test/expire-codes")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    api.post_empty(&format!("auth/verify-phone?code={fresh}&phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "code_expired");
    // No code at all for another number: the same answer as a wrong one.
    api.post_empty("auth/verify-phone?code=123456&phone=%2B14155550999")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
}

#[tokio::test]
async fn sign_in_with_a_code_needs_a_verified_number() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let code = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/signin-code?code={code}&phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert!(r.body["session"]["token"].is_string());
    assert_eq!(r.body["user"]["phone"], PHONE);

    // Docs (`sendSignInCode`): only to a verified number, else an error.
    // Unknown and unverified numbers get the same answer, and no SMS.
    phone_signup(&api, "+14155550111").await;
    let before = sms_count(&api, "+14155550111").await;
    let mut answers = Vec::new();
    for number in ["%2B14155550999", "%2B14155550111"] {
        let r = api
            .post_empty(&format!("auth/send-code?phone={number}"))
            .await;
        r.assert_error(StatusCode::BAD_REQUEST, "phone_not_verified");
        answers.push(
            r.body["errors"][0]["message"]
                .as_str()
                .unwrap()
                .replace("0999", "0111"),
        );
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(sms_count(&api, "+14155550999").await, 0);
    assert_eq!(sms_count(&api, "+14155550111").await, before);

    let mut s = settings(false);
    s.code_signin = false;
    let off = Api::with(s);
    off.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::FORBIDDEN, "code_signin_disabled");
}

#[tokio::test]
async fn password_reset_by_code() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/send-reset-code?phone={PHONE_Q}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    // Docs (`sendResetPwdCode`): a verified number, with confirmation on.
    api.post_empty("auth/send-reset-code?phone=%2B14155550999")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_not_verified");
    phone_api(false)
        .post_empty(&format!("auth/send-reset-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_confirmation_disabled");
    let code = sms_code(&api, PHONE).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    api.post(
        &format!("auth/reset-pwd-code?phone={PHONE_Q}&code={wrong}"),
        json!({"newPassword": "better1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
    api.post(
        &format!("auth/reset-pwd-code?phone={PHONE_Q}&code={code}"),
        json!({"newPassword": "short"}),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "password_too_short");
    let r = api
        .post(
            &format!("auth/reset-pwd-code?phone={PHONE_Q}&code={code}"),
            json!({"newPassword": "better1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(api.get("/_test/counts").await.body["sessions"], 0);
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "better1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

#[tokio::test]
async fn change_phone_takes_effect_when_the_new_number_is_verified() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    phone_account(&api, "+14155550111").await;
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": PHONE, "password": "secret1"}),
        )
        .await;
    let token = r.body["session"]["token"].as_str().unwrap().to_owned();

    api.post_as(
        &token,
        "auth/change-phone",
        Some(json!({"currentPassword": "nope", "newPhone": "+14155550222"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
    let r = api
        .post_as(
            &token,
            "auth/change-phone",
            Some(json!({"currentPassword": "secret1", "newPhone": "+14155550111"})),
        )
        .await;
    r.assert_error(StatusCode::CONFLICT, "phone_not_unique");
    assert_eq!(r.body["errors"][0]["details"]["field"], "newPhone");
    let r = api
        .post_as(
            &token,
            "auth/change-phone",
            Some(json!({"currentPassword": "secret1", "newPhone": "+1 415 555 0222"})),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["phone"], PHONE, "unchanged until verified");

    let code = sms_code(&api, "+14155550222").await;
    let r = api
        .post_empty(&format!(
            "auth/verify-phone?code={code}&phone=%2B14155550222"
        ))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["session"], Value::Null);
    assert_eq!(r.body["user"]["phone"], "+14155550222");
    assert_eq!(r.body["user"]["phoneVerified"], true);
    let r = api
        .post(
            "auth/signin-phone",
            json!({"phone": "+14155550222", "password": "secret1"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn codes_are_rate_limited_per_number_before_any_lookup() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    let api = Api::with(s);
    for _ in 0..3 {
        api.post_empty("auth/send-code?phone=%2B14155550999")
            .await
            .assert_error(StatusCode::BAD_REQUEST, "phone_not_verified");
    }
    api.post_empty("auth/send-code?phone=%2B14155550999")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Guessing codes is limited the same way.
    for _ in 0..3 {
        api.post_empty("auth/signin-code?code=000000&phone=%2B14155550888")
            .await;
    }
    api.post_empty("auth/signin-code?code=000000&phone=%2B14155550888")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}

#[tokio::test]
async fn the_outbox_page_marks_an_sms() {
    let api = phone_api(true);
    phone_signup(&api, PHONE).await;
    let code = sms_code(&api, PHONE).await;
    let page = api.get("/_outbox").await;
    assert!(
        page.text.contains(&format!("<h2>SMS: code {code}</h2>")),
        "{}",
        page.text
    );
    assert!(page.text.contains("To +14155550123"));
}

/// Docs (`resendVerificationCode`): an error for a verified number, or when
/// the app does not confirm numbers.
#[tokio::test]
async fn a_new_confirmation_code_only_for_an_unverified_number() {
    let api = phone_api(true);
    phone_signup(&api, "+14155550111").await;
    let r = api
        .post_empty("auth/resend-code?phone=%2B14155550111")
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(sms_count(&api, "+14155550111").await, 2);
    phone_account(&api, PHONE).await;
    api.post_empty(&format!("auth/resend-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_already_verified");
    api.post_empty("auth/resend-code?phone=%2B14155550999")
        .await
        .assert_error(StatusCode::NOT_FOUND, "user_not_found");
    phone_api(false)
        .post_empty(&format!("auth/resend-code?phone={PHONE_Q}"))
        .await
        .assert_error(StatusCode::BAD_REQUEST, "phone_confirmation_disabled");
}

/// `phoneVerified: true` in the sign-up data skips the code, as Altogic
/// does (`AuthManager.ts` on `signUpWithPhone`).
#[tokio::test]
async fn signup_data_saying_verified_skips_the_code() {
    let api = phone_api(true);
    let r = api
        .post(
            "auth/signup-phone",
            json!({"phone": "+14155550177", "password": "secret1",
                   "nameOrUserData": {"name": "Pre", "phoneVerified": true}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["user"]["phoneVerified"], true);
    assert!(r.body["session"]["token"].is_string(), "{}", r.text);
    assert_eq!(sms_count(&api, "+14155550177").await, 0);
}
