//! What the whole server does: CORS, the outbox page, test mode, limits, settings.

use crate::harness::*;

#[tokio::test]
async fn cors_allows_the_app_origin_with_credentials() {
    let api = Api::new(false);
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri(format!("{REST}/auth/signin-email"))
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(
                header::ACCESS_CONTROL_REQUEST_HEADERS,
                "content-type,x-client,x-client-key,session",
            )
            .body(Body::empty())
            .unwrap()
    };
    let ok = api.send(preflight("http://127.0.0.1:8080")).await;
    assert!(ok.status.is_success());
    assert_eq!(
        ok.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "http://127.0.0.1:8080"
    );
    assert_eq!(ok.headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let allowed = ok.headers[header::ACCESS_CONTROL_ALLOW_HEADERS]
        .to_str()
        .unwrap()
        .to_lowercase();
    for h in ["x-client-key", "session", "content-type"] {
        assert!(allowed.contains(h), "{allowed}");
    }
    let other = api.send(preflight("http://evil.test")).await;
    assert!(other
        .headers
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
}

#[tokio::test]
async fn outbox_page_lists_links_escaped() {
    let api = Api::new(true);
    api.signup("u@example.com", "secret1", "<b>U</b>").await;
    let page = api.get("/_outbox").await;
    assert_eq!(page.status, StatusCode::OK);
    let link = api.latest_mail("u@example.com").await["link"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        page.text.contains(&format!("href=\"{link}\"")),
        "{}",
        page.text
    );
    assert!(page.text.contains("u@example.com"));
    assert!(!page.text.contains("<b>U</b>"));
}

#[tokio::test]
async fn test_mode_faults_reset_and_settings() {
    let api = Api::new(false);
    api.account("v@example.com").await;
    let fault = |kind: &str, count: u32| {
        Request::post("/_test/faults")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"path": format!("{REST}/auth/signin-email"), "kind": kind, "count": count, "delayMs": 50}).to_string(),
            ))
            .unwrap()
    };
    assert_eq!(
        api.send(fault("error", 2)).await.status,
        StatusCode::NO_CONTENT
    );
    for _ in 0..2 {
        api.signin("v@example.com", "secret1")
            .await
            .assert_error(StatusCode::INTERNAL_SERVER_ERROR, "injected_fault");
    }
    assert_eq!(
        api.signin("v@example.com", "secret1").await.status,
        StatusCode::OK
    );

    api.send(fault("malformed", 1)).await;
    let r = api.signin("v@example.com", "secret1").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body, Value::Null, "not JSON: {}", r.text);

    api.send(fault("delay", 1)).await;
    let started = std::time::Instant::now();
    assert_eq!(
        api.signin("v@example.com", "secret1").await.status,
        StatusCode::OK
    );
    assert!(started.elapsed() >= std::time::Duration::from_millis(50));

    api.send(fault("drop", 1)).await;
    let response = api
        .app
        .clone()
        .oneshot(
            Request::post(format!("{REST}/auth/signin-email"))
                .header("x-client-key", KEY)
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(
                    json!({"email": "v@example.com", "password": "secret1"}).to_string(),
                ))
                .unwrap(),
        )
        .await
        .unwrap();
    assert!(to_bytes(response.into_body(), 1 << 20).await.is_err());

    let bad = Request::post("/_test/faults")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"path":"/x","kind":"explode"}"#))
        .unwrap();
    api.send(bad)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "validation_error");

    let counts = api.get("/_test/counts").await;
    assert_eq!(counts.body["users"], 1);
    let reset = Request::post("/_test/reset")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(r#"{"emailVerification":true}"#))
        .unwrap();
    assert_eq!(api.send(reset).await.status, StatusCode::NO_CONTENT);
    let counts = api.get("/_test/counts").await;
    assert_eq!(counts.body, json!({"users": 0, "sessions": 0, "tokens": 0}));
    // Verification is now on: sign-up answers without a session.
    let r = api.signup("w@example.com", "secret1", "W").await;
    assert_eq!(r.body["session"], Value::Null);
}

#[tokio::test]
async fn test_endpoints_do_not_exist_outside_test_mode() {
    let mut s = settings(false);
    s.test_mode = false;
    let api = Api::with(s);
    let r = api
        .send(Request::post("/_test/reset").body(Body::empty()).unwrap())
        .await;
    r.assert_error(StatusCode::NOT_FOUND, "not_found");
}

#[tokio::test]
async fn sign_ins_and_mails_are_rate_limited_per_email_and_per_address() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    s.rate_limit_per_address = 5;
    let api = Api::with(s);
    api.account("lim@example.com").await;
    for _ in 0..3 {
        api.signin("lim@example.com", "wrong-pw")
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    // Even the right password waits now.
    let r = api.signin("lim@example.com", "secret1").await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(r.body["errors"][0]["message"]
        .as_str()
        .unwrap()
        .contains("seconds"));
    assert!(
        r.body["errors"][0]["details"]["retryAfterSeconds"]
            .as_u64()
            .unwrap()
            >= 1
    );
    // Mails count on their own (refused here, as verification is off,
    // but counted all the same).
    for _ in 0..3 {
        api.post_empty("auth/send-reset?email=lim@example.com")
            .await
            .assert_error(StatusCode::BAD_REQUEST, "email_confirmation_disabled");
    }
    api.post_empty("auth/send-reset?email=lim@example.com")
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");

    // One address trying many emails.
    let from = |email: &str| {
        let mut req = Request::post(format!("{REST}/auth/signin-email"))
            .header("x-client-key", KEY)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"email": email, "password": "x"}).to_string(),
            ))
            .unwrap();
        let addr: std::net::SocketAddr = "203.0.113.7:5000".parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        req
    };
    for i in 0..5 {
        api.send(from(&format!("u{i}@example.com")))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    api.send(from("u9@example.com"))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");

    // Test mode's reset starts the counts over.
    let reset = Request::post("/_test/reset").body(Body::empty()).unwrap();
    assert_eq!(api.send(reset).await.status, StatusCode::NO_CONTENT);
    api.signin("lim@example.com", "secret1")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
}

#[tokio::test]
async fn mail_calls_limit_unknown_emails_like_known_ones() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    s.rate_limit_per_address = 5;
    let api = Api::with(s);
    api.account("known@example.com").await;
    let from = |path: &str, email: &str, ip: &str| {
        let mut req = Request::post(format!("{REST}/auth/{path}?email={email}"))
            .header("x-client-key", KEY)
            .body(Body::empty())
            .unwrap();
        let addr: std::net::SocketAddr = format!("{ip}:5000").parse().unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(addr));
        req
    };
    for (n, path) in ["send-magic", "send-reset", "resend"]
        .into_iter()
        .enumerate()
    {
        // Per email, each try from another address: known or not, the
        // fourth try is refused, so the answer says nothing of an account.
        for email in ["known@example.com", "nobody@example.com"] {
            for i in 0..3 {
                let r = api
                    .send(from(path, email, &format!("198.51.{n}.{i}")))
                    .await;
                assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{path} {email}");
            }
            api.send(from(path, email, "198.51.100.99"))
                .await
                .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
        }
        // Per address: tries at unknown emails count as much as any.
        let ip = format!("203.0.113.{n}");
        for i in 0..5 {
            let r = api
                .send(from(path, &format!("u{i}@example.com"), &ip))
                .await;
            r.assert_error(StatusCode::NOT_FOUND, "user_not_found");
        }
        api.send(from(path, "other@example.com", &ip))
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    }
}

#[tokio::test]
async fn the_browser_asking_for_an_icon_gets_no_error() {
    let api = Api::with(settings(false));
    assert_eq!(api.get("/favicon.ico").await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn a_test_fault_can_answer_with_a_code_nobody_knows() {
    let api = Api::new(false);
    api.account("c@example.com").await;
    let fault = json!({
        "path": format!("{REST}/auth/signin-email"), "kind": "code",
        "status": 422, "code": "brand_new_rule", "message": "A rule from the future"
    });
    let set = Request::post("/_test/faults")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(fault.to_string()))
        .unwrap();
    assert_eq!(api.send(set).await.status, StatusCode::NO_CONTENT);
    let r = api.signin("c@example.com", "secret1").await;
    r.assert_error(StatusCode::UNPROCESSABLE_ENTITY, "brand_new_rule");
    assert_eq!(r.body["errors"][0]["message"], "A rule from the future");
    // Once: the next call goes through.
    assert_eq!(
        api.signin("c@example.com", "secret1").await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_users_model_is_a_setting_and_options_are_taken() {
    let mut s = settings(false);
    s.users_model = "members".into();
    let api = Api::with(s);
    let (id, token) = api.account("m@example.com").await;
    // What the official client sends (`DBObject.update`).
    let r = api
        .post_as(
            &token,
            "db/object/update",
            Some(
                json!({"model": "members", "id": id, "values": {"name": "Mo"},
                        "options": {"cache": "nocache", "returnTop": false}}),
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.body["name"], "Mo");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "users", "id": id, "values": {"name": "Mo"}})),
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "model_not_found");
    api.post_as(
        &token,
        "db/object/update",
        Some(json!({"model": "members", "id": id, "values": {"name": "Mo"}, "options": "x"})),
    )
    .await
    .assert_error(StatusCode::BAD_REQUEST, "validation_error");
}

#[tokio::test]
async fn documented_codes_only_hides_the_emulators_own_codes() {
    let mut s = settings(true);
    s.documented_codes_only = true;
    let api = Api::with(s);
    api.signup("d@example.com", "secret1", "Dee").await;
    let r = api.signin("d@example.com", "secret1").await;
    // Status, message and details stay; only the code is not ours.
    r.assert_error(StatusCode::FORBIDDEN, "undocumented");
    assert!(r.text.contains("has not been verified"), "{}", r.text);
    let r = api.signup("d@example.com", "secret1", "Dee").await;
    r.assert_error(StatusCode::CONFLICT, "undocumented");
    assert_eq!(r.body["errors"][0]["details"]["field"], "email");
    // The codes Altogic documents are kept.
    api.get_as(Some("nope"), "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "invalid_session_token");
    api.get_as(None, "auth/user")
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "missing_session_token");
    // Altogic's phone sample branches on `phone_not_verified`.
    api.settings(json!({"phoneConfirmation": true})).await;
    phone_signup(&api, PHONE).await;
    api.post(
        "auth/signin-phone",
        json!({"phone": PHONE, "password": "secret1"}),
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "phone_not_verified");
    // Successes pass untouched.
    let ok = api.post_empty("auth/resend?email=d@example.com").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.text);
}

/// Test mode changes several settings at once or none: a wrong value in a
/// body leaves the others as they were.
#[tokio::test]
async fn test_settings_change_all_or_none() {
    let api = Api::new(false);
    let wrong = api
        .settings(json!({"emailVerification": true, "codeSignin": "yes"}))
        .await;
    wrong.assert_error(StatusCode::BAD_REQUEST, "validation_error");
    let now = api.settings(json!({})).await;
    assert_eq!(now.body["emailVerification"], false, "{}", now.text);
    assert_eq!(now.body["codeSignin"], true, "{}", now.text);
}

/// Test mode answers a `code` fault in each shape the official clients
/// read, so the app's reading of each runs against a real server.
#[tokio::test]
async fn code_faults_answer_in_each_shape_the_clients_read() {
    let api = Api::new(false);
    for (shape, pointer) in [
        ("envelope", "/errors/0/code"),
        ("object", "/errors/code"),
        ("array", "/0/code"),
        ("bare", "/code"),
    ] {
        let set = Request::post("/_test/faults")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(
                json!({"path": format!("{REST}/auth/signin-email"), "kind": "code",
                       "status": 422, "code": "brand_new_rule", "shape": shape, "noMessage": shape == "bare"})
                .to_string(),
            ))
            .unwrap();
        assert_eq!(
            api.send(set).await.status,
            StatusCode::NO_CONTENT,
            "{shape}"
        );
        let r = api.signin("c@example.com", "secret1").await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            r.body.pointer(pointer),
            Some(&json!("brand_new_rule")),
            "{shape}: {}",
            r.text
        );
        if shape == "bare" {
            assert!(r.body.get("message").is_none(), "noMessage: {}", r.text);
        }
    }
    let bad = Request::post("/_test/faults")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"path": format!("{REST}/auth/signin-email"), "kind": "code", "shape": "xml"})
                .to_string(),
        ))
        .unwrap();
    assert!(api.send(bad).await.status.is_client_error());
}

/// What Altogic does to the sessions at a reset no source says: test mode
/// can keep them, so that the app's own ending of them is what is tested.
#[tokio::test]
async fn test_mode_can_keep_the_sessions_at_a_reset() {
    for ends in [true, false] {
        let api = Api::new(true);
        api.settings(json!({"resetEndsSessions": ends})).await;
        let (_, session) = api.verified_account("kept@example.com").await;
        api.post_empty("auth/send-reset?email=kept@example.com")
            .await;
        let link = api.latest_mail("kept@example.com").await["link"]
            .as_str()
            .unwrap()
            .to_owned();
        let key = param(&api.open(&link).await, "access_token").unwrap();
        let r = api
            .post(
                &format!("auth/reset-pwd?key={key}"),
                json!({"newPassword": "secret2"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let alive = api.get_as(Some(&session), "auth/user").await.status == StatusCode::OK;
        assert_eq!(alive, !ends, "resetEndsSessions {ends}");
    }
}
