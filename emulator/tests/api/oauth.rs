//! Sign-in with a provider: the consent page, its state, first sign-in and failures.

use crate::harness::*;

#[tokio::test]
async fn oauth_consent_page_is_a_form_without_scripts() {
    let api = Api::new(false);
    let page = api.get("/_auth/github").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Sign in to app.test with GitHub"));
    assert!(page
        .text
        .contains("<form method=\"post\" action=\"/_auth/github\">"));
    assert!(!page.text.contains("<script"));
    let policy = page.headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap();
    assert!(policy.starts_with("default-src 'none'"), "{policy}");
    assert!(
        policy.contains("form-action 'self' http://app.test;"),
        "{policy}"
    );
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn oauth_first_sign_in_creates_the_user_and_the_next_finds_it() {
    let api = Api::new(true);
    let first = oauth_sign_in(&api, "github", "Grace+Hopper", "Grace%40Example.com").await;
    let user = &first["user"];
    assert_eq!(user["provider"], "github");
    assert_eq!(user["providerUserId"], "grace@example.com");
    assert_eq!(user["email"], "grace@example.com");
    assert_eq!(user["emailVerified"], true);
    assert_eq!(user["name"], "Grace Hopper");
    assert!(first["session"]["token"].is_string());

    let again = oauth_sign_in(&api, "github", "Someone+Else", "grace%40example.com").await;
    assert_eq!(again["user"]["_id"], user["_id"]);
    assert_eq!(again["user"]["name"], "Grace Hopper");
    let counts = api.get("/_test/counts").await;
    assert_eq!(counts.body["users"], 1);
    assert_eq!(counts.body["sessions"], 2);

    // No password: password sign-in is refused like any wrong password.
    api.post(
        "auth/signin-email",
        json!({"email": "grace@example.com", "password": "anything"}),
    )
    .await
    .assert_error(StatusCode::UNAUTHORIZED, "invalid_credentials");
    // Nor does a reset link give one (no source says it may).
    api.post_empty("auth/send-reset?email=grace@example.com")
        .await
        .assert_error(StatusCode::BAD_REQUEST, "no_password");
    assert_eq!(
        api.get("/_outbox/messages?to=grace@example.com").await.body,
        json!([])
    );

    // The provider's picture, on the provider's host (here this server).
    let picture = user["profilePicture"].as_str().unwrap();
    let path = picture
        .strip_prefix("http://emu.test")
        .unwrap_or_else(|| panic!("{picture}"));
    assert_eq!(path, "/_auth/github/picture");
    let served = api.get(path).await;
    assert_eq!(served.status, StatusCode::OK);
    assert_eq!(served.headers[header::CONTENT_TYPE], "image/png");
    assert!(served.bytes.starts_with(b"\x89PNG"));
}

#[tokio::test]
async fn oauth_deny_comes_back_with_an_error() {
    let api = Api::new(false);
    let (state, cookie) = consent(&api, "google").await;
    let r = decide(
        &api,
        "google",
        Some(&cookie),
        &format!("state={state}&decision=deny"),
    )
    .await;
    let (status, outcome) = oauth_outcome(&r);
    assert_eq!(status, "401");
    assert_eq!(
        outcome.unwrap_err(),
        "You did not allow sign-in with Google"
    );
    assert!(r.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .contains("Max-Age=0"));
    // The state is spent.
    let r = decide(
        &api,
        "google",
        Some(&cookie),
        &format!("state={state}&email=a%40b.co&decision=allow"),
    )
    .await;
    assert_eq!(oauth_outcome(&r).0, "400");
}

#[tokio::test]
async fn oauth_state_must_match_its_cookie_and_serves_once() {
    let api = Api::new(false);
    let (state, cookie) = consent(&api, "github").await;
    let form = format!("state={state}&name=A&email=a%40b.co&decision=allow");
    // Posted from elsewhere: no cookie (SameSite=Strict), or another one.
    for cookie in [None, Some("altogic_oauth_state=forged")] {
        let (status, outcome) = oauth_outcome(&decide(&api, "github", cookie, &form).await);
        assert_eq!(status, "400");
        assert!(outcome.unwrap_err().contains("expired or was already used"));
    }
    // Another provider's state does not serve here.
    let r = decide(&api, "google", Some(&cookie), &form).await;
    assert_eq!(oauth_outcome(&r).0, "400");
    // Once, then never again.
    let (state, cookie) = consent(&api, "github").await;
    let form = format!("state={state}&name=A&email=a%40b.co&decision=allow");
    assert_eq!(
        oauth_outcome(&decide(&api, "github", Some(&cookie), &form).await).0,
        "200"
    );
    assert_eq!(
        oauth_outcome(&decide(&api, "github", Some(&cookie), &form).await).0,
        "400"
    );
}

#[tokio::test]
async fn oauth_bad_email_shows_the_page_again_escaped() {
    let api = Api::new(false);
    let (state, cookie) = consent(&api, "github").await;
    let form =
        format!("state={state}&name=%3Cb%3EA%3C%2Fb%3E&email=%22%3E%3Cscript%3Ex&decision=allow");
    let page = decide(&api, "github", Some(&cookie), &form).await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.text.contains("role=\"alert\">Enter an email address"));
    assert!(
        page.text.contains("value=\"&quot;&gt;&lt;script&gt;x\""),
        "{}",
        page.text
    );
    assert!(page.text.contains("value=\"&lt;b&gt;A&lt;/b&gt;\""));
    assert!(!page.text.contains("<script"));
    // The state still serves, for the corrected form.
    let form = format!("state={state}&name=A&email=a%40b.co&decision=allow");
    assert_eq!(
        oauth_outcome(&decide(&api, "github", Some(&cookie), &form).await).0,
        "200"
    );
}

#[tokio::test]
async fn oauth_does_not_take_over_an_existing_email() {
    let api = Api::new(false);
    let (id, _) = api.account("ada@example.com").await;
    let (state, cookie) = consent(&api, "google").await;
    let form = format!("state={state}&name=Ada&email=ada%40example.com&decision=allow");
    let (status, outcome) = oauth_outcome(&decide(&api, "google", Some(&cookie), &form).await);
    assert_eq!(status, "400");
    let message = outcome.unwrap_err();
    assert!(
        message.contains("already exists") && message.contains("Google"),
        "{message}"
    );
    assert_eq!(api.get("/_test/counts").await.body["users"], 1);
    assert!(!id.is_empty());
}

#[tokio::test]
async fn oauth_providers_not_enabled_come_back_with_an_error() {
    let api = Api::new(false);
    for path in ["/_auth/facebook", "/_auth/x", "/_auth/%3Cscript%3E"] {
        let (status, outcome) = oauth_outcome(&api.get(path).await);
        assert_eq!(status, "400");
        assert!(outcome.unwrap_err().contains("is not enabled"));
    }
    let mut s = settings(false);
    s.oauth_providers = vec![];
    let none = Api::with(s);
    assert_eq!(oauth_outcome(&none.get("/_auth/github").await).0, "400");
}

#[tokio::test]
async fn oauth_test_settings_switch_providers_and_approve_at_once() {
    let api = Api::new(false);
    let r = api
        .settings(json!({
            "oauthProviders": ["discord"],
            "oauthAutoApprove": {"name": "Lin", "email": "lin@example.com"},
        }))
        .await;
    assert_eq!(r.body["oauthProviders"], json!(["discord"]));
    assert_eq!(oauth_outcome(&api.get("/_auth/github").await).0, "400");
    let (status, token) = oauth_outcome(&api.get("/_auth/discord").await);
    assert_eq!(status, "200");
    let grant = api
        .get_as(None, &format!("auth/grant?key={}", token.unwrap()))
        .await;
    assert_eq!(grant.body["user"]["provider"], "discord");
    assert_eq!(grant.body["user"]["name"], "Lin");
    // A reset puts the started settings back.
    api.send(Request::post("/_test/reset").body(Body::empty()).unwrap())
        .await;
    assert_eq!(api.get("/_auth/github").await.status, StatusCode::OK);
}

#[tokio::test]
async fn oauth_first_sign_in_is_a_sign_up_and_failures_go_to_the_failure_url() {
    let mut s = settings(false);
    s.failure_redirect_url = Some("http://app.test/auth-failed".into());
    let api = Api::with(s);
    for (round, action) in [(1, "oauth-signup"), (2, "oauth-signin")] {
        let (state, cookie) = consent(&api, "github").await;
        let form = format!("state={state}&name=Ola&email=ola%40example.com&decision=allow");
        let r = decide(&api, "github", Some(&cookie), &form).await;
        let back = url::Url::parse(&r.location()).unwrap();
        assert!(
            back.as_str().starts_with("http://app.test/auth-redirect?"),
            "{back}"
        );
        assert_eq!(
            param(&back, "action").as_deref(),
            Some(action),
            "round {round}"
        );
        assert!(param(&back, "access_token").is_some());
    }
    let (state, cookie) = consent(&api, "github").await;
    let r = decide(
        &api,
        "github",
        Some(&cookie),
        &format!("state={state}&decision=deny"),
    )
    .await;
    let back = url::Url::parse(&r.location()).unwrap();
    assert!(
        back.as_str().starts_with("http://app.test/auth-failed?"),
        "{back}"
    );
    assert_eq!(param(&back, "status").as_deref(), Some("401"));
    // A spent mail link fails to the failure URL too.
    let r = api.get("/_auth/mail/magic-link?token=nope").await;
    assert!(
        r.location().starts_with("http://app.test/auth-failed?"),
        "{}",
        r.location()
    );
}
