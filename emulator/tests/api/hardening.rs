//! Hardening: each test is named for the attack it stops.

use crate::harness::*;

/// Asking for a new code for someone's number (each with its own tries)
/// must not give an attacker endless guesses: one budget of wrong codes
/// per number and hour, across every kind of code, then a lock.
#[tokio::test]
async fn sms_code_guessing_across_new_codes_and_kinds_is_capped_per_number() {
    let mut s = settings(false);
    s.phone_confirmation = true;
    s.rate_limit_per_account = 0;
    s.rate_limit_per_address = 0;
    let api = Api::with(s);
    phone_account(&api, PHONE).await;
    let mut wrong = 0;
    // Alternate sign-in and reset codes, a fresh code before every guess.
    while wrong < altogic_emulator::phone::WRONG_CODES_PER_HOUR {
        let (send, check) = if wrong % 2 == 0 {
            ("send-code", "signin-code")
        } else {
            ("send-reset-code", "reset-pwd-code")
        };
        let sent = api
            .post_empty(&format!("auth/{send}?phone={PHONE_Q}"))
            .await;
        assert_eq!(sent.status, StatusCode::OK, "{}", sent.text);
        let real = sms_code(&api, PHONE).await;
        let guess = if real == "000000" { "111111" } else { "000000" };
        let r = api
            .post(
                &format!("auth/{check}?phone={PHONE_Q}&code={guess}"),
                json!({"newPassword": "whatever1"}),
            )
            .await;
        r.assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
        wrong += 1;
        let left = altogic_emulator::phone::WRONG_CODES_PER_HOUR - wrong;
        assert_eq!(
            r.body["errors"][0]["details"]["triesLeft"],
            json!(left.min(4))
        );
    }
    // Locked now, even with the right code of a fresh SMS.
    api.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    let real = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/signin-code?phone={PHONE_Q}&code={real}"))
        .await;
    r.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(r.text.contains("locked"), "{}", r.text);
}

#[tokio::test]
async fn sms_bombing_a_number_is_capped_per_day() {
    let mut s = settings(false);
    s.phone_confirmation = true;
    s.rate_limit_per_account = 0;
    let api = Api::with(s);
    phone_account(&api, PHONE).await; // one SMS already
    let mut sent = 1;
    loop {
        let r = api
            .post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
            .await;
        if r.status == StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        sent += 1;
        assert!(sent <= altogic_emulator::phone::SMS_PER_DAY, "no daily cap");
    }
    assert_eq!(sent, altogic_emulator::phone::SMS_PER_DAY);
    assert_eq!(sms_count(&api, PHONE).await, sent as usize);
}

/// A number with no account and one with an account answer a wrong code
/// in the same shape.
#[tokio::test]
async fn a_code_check_does_not_tell_which_numbers_have_accounts() {
    let api = phone_api(true);
    phone_account(&api, PHONE).await;
    api.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    let real = sms_code(&api, PHONE).await;
    let guess = if real == "000000" { "111111" } else { "000000" };
    let known = api
        .post_empty(&format!("auth/signin-code?phone={PHONE_Q}&code={guess}"))
        .await;
    let unknown = api
        .post_empty(&format!(
            "auth/signin-code?phone=%2B14155550999&code={guess}"
        ))
        .await;
    assert_eq!(known.status, unknown.status);
    assert_eq!(
        known.body, unknown.body,
        "{} / {}",
        known.text, unknown.text
    );
}

#[tokio::test]
async fn refused_requests_do_not_lock_out_the_person_they_name() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    s.rate_limit_per_address = 3;
    let state = AppState::new(s, Store::in_memory().unwrap());
    let attacker: std::net::IpAddr = "10.0.0.66".parse().unwrap();
    // The attacker's address is spent on three tries at someone else.
    for _ in 0..3 {
        state
            .limit("signin", "other@example.com", Some(attacker))
            .unwrap();
    }
    // Ten more, naming the victim: all refused for the address...
    for _ in 0..10 {
        state
            .limit("signin", "victim@example.com", Some(attacker))
            .unwrap_err();
    }
    // ...and none counted against the victim, who signs in from home.
    let home: std::net::IpAddr = "192.0.2.1".parse().unwrap();
    state
        .limit("signin", "victim@example.com", Some(home))
        .expect("the victim is not locked out");
}

#[tokio::test]
async fn sign_up_cannot_be_flooded_or_probed_without_limit() {
    let mut s = settings(false);
    s.rate_limit_per_account = 3;
    let api = Api::with(s);
    for phone_or_email in ["email", "phone"] {
        for i in 0..4 {
            let r = if phone_or_email == "email" {
                api.signup("flood@example.com", "secret1", "F").await
            } else {
                phone_signup(&api, "+14155550177").await
            };
            if i < 3 {
                assert_ne!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
            } else {
                r.assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
            }
        }
    }
}

/// Another site's page posting a form (`text/plain`, no key) to /_test
/// must not switch the backend's settings.
#[tokio::test]
async fn a_cross_site_form_cannot_use_the_test_endpoints() {
    let api = Api::new(false);
    let forged = api
        .raw(
            Request::post("/_test/settings")
                .header(header::CONTENT_TYPE, "text/plain")
                .header(header::ORIGIN, "http://evil.test")
                .body(Body::from(
                    r#"{"oauthAutoApprove":{"name":"Eve","email":"eve@evil.test"}}"#,
                ))
                .unwrap(),
        )
        .await;
    forged.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    let keyless = api
        .raw(
            Request::post("/_test/reset")
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    keyless.assert_error(StatusCode::UNAUTHORIZED, "missing_client_key");
    // The consent page is still asked for: nothing was switched on.
    let page = api.get("/_auth/github").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<form"), "{}", page.text);
}

/// A DNS-rebinding page (its own name pointed at 127.0.0.1) must not read
/// the outbox: only this server's own names are answered.
#[tokio::test]
async fn a_rebound_host_name_is_not_answered() {
    let api = Api::new(false);
    let host = |h: &str| {
        Request::get("/_outbox/messages")
            .header(header::HOST, h)
            .body(Body::empty())
            .unwrap()
    };
    let rebound = api.raw(host("evil.test:8787")).await;
    rebound.assert_error(StatusCode::MISDIRECTED_REQUEST, "unknown_host");
    for ok in ["127.0.0.1:8787", "localhost:8787", "[::1]:8787", "emu.test"] {
        assert_eq!(api.raw(host(ok)).await.status, StatusCode::OK, "{ok}");
    }
}

/// Every visit of a consent page stores a one-time state: they expire and
/// are deleted, and one address cannot ask for them without limit.
#[tokio::test]
async fn consent_page_states_cannot_pile_up() {
    let api = Api::new(false);
    for _ in 0..30 {
        assert_eq!(api.get("/_auth/github").await.status, StatusCode::OK);
    }
    let r = api.get("/_auth/github").await;
    assert!(r.status.is_redirection(), "{}", r.status);
    assert!(r.location().contains("status=429"), "{}", r.location());
    assert_eq!(api.get("/_test/counts").await.body["tokens"], 30);
}

/// A sign-in request from `ip`.
fn signin_from(email: &str, password: &str, ip: &str) -> Request<Body> {
    let mut req = Request::post(format!("{REST}/auth/signin-email"))
        .header("x-client-key", KEY)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(
            json!({"email": email, "password": password}).to_string(),
        ))
        .unwrap();
    let addr: std::net::SocketAddr = format!("{ip}:5000").parse().unwrap();
    req.extensions_mut()
        .insert(axum::extract::ConnectInfo(addr));
    req
}

/// Guesses at the current password of a stolen session are limited per
/// session and per account, and a change of email mails no address, nor
/// tells which have accounts, without limit.
#[tokio::test]
async fn guessing_the_current_password_is_limited_per_session_and_per_account() {
    let mut s = settings(true);
    s.rate_limit_per_account = 3;
    let api = Api::with(s);
    api.verified_account("cur@example.com").await;
    let token = |r: Reply| r.body["session"]["token"].as_str().unwrap().to_owned();
    let thief = token(api.signin("cur@example.com", "secret1").await);
    for path in ["auth/change-pwd", "auth/change-email"] {
        let body = |password: &str| {
            json!({"oldPassword": password, "currentPassword": password,
                   "newPassword": "secret2", "newEmail": "new@example.com"})
        };
        for _ in 0..3 {
            api.post_as(&thief, path, Some(body("guess")))
                .await
                .assert_error(StatusCode::BAD_REQUEST, "invalid_password");
        }
        // Locked for this session, even the right password.
        api.post_as(&thief, path, Some(body("secret1")))
            .await
            .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    }
    // The account's ceiling holds across new sessions (3 x 10 wrong tries).
    let mut refused = false;
    for _ in 0..12 {
        let session = token(api.signin("cur@example.com", "secret1").await);
        for _ in 0..3 {
            let r = api
                .post_as(
                    &session,
                    "auth/change-pwd",
                    Some(json!({"oldPassword": "guess", "newPassword": "secret2"})),
                )
                .await;
            refused |= r.status == StatusCode::TOO_MANY_REQUESTS;
        }
    }
    assert!(refused, "no ceiling per account");

    // Every change-email mail counts in the new address's budget, right
    // password or not, the address taken or not.
    let mut s = settings(true);
    s.rate_limit_per_account = 3;
    let api = Api::with(s);
    let (_, me) = api.verified_account("mailer@example.com").await;
    let change = json!({"currentPassword": "secret1", "newEmail": "target@example.com"});
    for i in 0..3 {
        let r = api
            .post_as(&me, "auth/change-email", Some(change.clone()))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{i}: {}", r.text);
    }
    api.post_as(&me, "auth/change-email", Some(change))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert_eq!(
        api.get("/_outbox/messages?to=target@example.com")
            .await
            .body
            .as_array()
            .map(Vec::len),
        Some(3)
    );
}

/// Someone naming bob from their own address must not lock bob out: wrong
/// sign-ins count per (account, address), the account's own ceiling is
/// ten times higher (ASVS 2.2.1).
#[tokio::test]
async fn wrong_sign_ins_from_one_address_do_not_lock_the_owner_out_elsewhere() {
    let mut s = settings(false);
    s.rate_limit_per_account = 10;
    let api = Api::with(s);
    api.account("bob@example.com").await;
    for _ in 0..10 {
        api.send(signin_from("bob@example.com", "wrong-pw", "203.0.113.66"))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    }
    api.send(signin_from("bob@example.com", "secret1", "203.0.113.66"))
        .await
        .assert_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let home = api
        .send(signin_from("bob@example.com", "secret1", "192.0.2.1"))
        .await;
    assert_eq!(home.status, StatusCode::OK, "{}", home.text);
    // Right sign-ins are not guesses: they never lock anyone.
    for _ in 0..15 {
        let again = api
            .send(signin_from("bob@example.com", "secret1", "192.0.2.1"))
            .await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.text);
    }
}

/// Wrong codes for a number that was never sent one are no guesses at a
/// code: they must not lock the number's code sign-in for an hour.
#[tokio::test]
async fn wrong_codes_for_a_number_never_sent_one_do_not_lock_it() {
    let mut s = settings(false);
    s.phone_confirmation = true;
    s.rate_limit_per_account = 0;
    let api = Api::with(s);
    phone_account(&api, PHONE).await;
    // The sign-up's code is spent.
    for _ in 0..altogic_emulator::phone::WRONG_CODES_PER_HOUR {
        api.post_empty(&format!("auth/signin-code?phone={PHONE_Q}&code=000000"))
            .await
            .assert_error(StatusCode::UNAUTHORIZED, "invalid_code");
    }
    api.post_empty(&format!("auth/send-code?phone={PHONE_Q}"))
        .await;
    let real = sms_code(&api, PHONE).await;
    let r = api
        .post_empty(&format!("auth/signin-code?phone={PHONE_Q}&code={real}"))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

/// With `--allowed-origins '*'`, any site's page may call the API; none
/// may read the outbox (every mail and code) or call /_test. Only the
/// browser tests' runner is let in, by --test-origins.
#[tokio::test]
async fn the_outbox_and_test_endpoints_answer_no_other_origin() {
    let from = |path: &str| {
        Request::get(path)
            .header(header::ORIGIN, "http://evil.test")
            .header("x-client-key", KEY)
            .body(Body::empty())
            .unwrap()
    };
    let allowed = |r: &Reply| r.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    let mut s = settings(false);
    s.allowed_origins = vec!["*".into()];
    let api = Api::with(s.clone());
    assert!(
        allowed(&api.raw(from(&format!("{REST}/auth/user"))).await),
        "the API"
    );
    for path in ["/_outbox/messages", "/_outbox", "/_test/counts"] {
        assert!(!allowed(&api.raw(from(path)).await), "{path}");
    }
    s.test_origins = vec!["*".into()];
    let api = Api::with(s.clone());
    assert!(
        allowed(&api.raw(from("/_outbox/messages")).await),
        "the test runner"
    );
    // Its preflight too, for a call of /_test (a POST with JSON).
    let preflight = Request::options("/_test/settings")
        .header(header::ORIGIN, "http://127.0.0.1:5555")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "content-type,x-client-key",
        )
        .body(Body::empty())
        .unwrap();
    let r = api.raw(preflight).await;
    assert!(
        r.status.is_success() && allowed(&r),
        "{} {:?}",
        r.status,
        r.headers
    );
    // And only in test mode.
    s.test_mode = false;
    assert!(s.check().is_err());
}

/// A sign-in "email" of 64 KB would be a key kept by the limiter: refused
/// before it is looked up or counted.
#[tokio::test]
async fn a_huge_email_or_number_is_refused_before_it_is_counted() {
    let mut s = settings(false);
    s.max_body_bytes = 128 * 1024;
    let state = AppState::new(s, Store::in_memory().unwrap());
    let api = Api {
        app: router(state.clone()),
    };
    let huge = format!("{}@example.com", "a".repeat(64 * 1024 - 20));
    for _ in 0..5 {
        api.signin(&huge, "secret1")
            .await
            .assert_error(StatusCode::BAD_REQUEST, "validation_error");
    }
    assert_eq!(state.limiter.keys(), 0);
}
