//! Property tests (host) for every parser of outside data: stored values,
//! API answers and error envelopes, the redirect query, the return-to
//! filter, and what the client writes. Whatever comes in, nothing panics
//! and nothing hostile gets through.
#![cfg(not(target_arch = "wasm32"))]

use altogic_auth::altogic::auth::{SignedIn, SignedUp};
use altogic_auth::altogic::request::{parse, JsonObject};
use altogic_auth::altogic::{ApiError, Session, User};
use altogic_auth::auth::redirect_query::{Outcome, RedirectQuery};
use altogic_auth::auth::{return_to, storage};
use altogic_auth::percent::{decode_form as decode, encode};
use altogic_auth::route::Route;
use proptest::prelude::*;
use proptest::strategy::ValueTree;

/// Text that is sometimes JSON-shaped: the interesting inputs for parsers.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[{}\\[\\]\":,a-z0-9_ ]{0,60}",
        Just(r#"{"_id":"u1","token":"t"}"#.to_owned()),
        ("[a-z_]{1,8}", any::<String>()).prop_map(|(k, v)| format!(r#"{{"{k}":{v:?}}}"#)),
        any::<String>().prop_map(|v| format!(
            r#"{{"errors":[{{"code":"x","message":{v:?},"details":{{"field":{v:?}}}}}]}}"#
        )),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn stored_values_never_panic_and_round_trip(session in jsonish(), user in jsonish()) {
        let state = storage::parse(Some(&session), Some(&user));
        if let (Some(s), Some(u)) = (state.session(), state.user()) {
            // What is saved is what was read.
            prop_assert_eq!(s.json(), session.as_str());
            prop_assert_eq!(u.json(), user.as_str());
            prop_assert!(!s.token.is_empty() && !u.id.is_empty());
        }
        let _ = storage::settled(Some(&session), None);
        let _ = Session::from_json(&session).map(|s| s.user_agent);
        let _ = User::from_json(&user).map(|u| u.display_name().len());
    }

    #[test]
    fn answers_never_panic(status in 100u16..600, body in jsonish()) {
        let err = ApiError::from_response(status, &body);
        prop_assert!(!err.items.is_empty());
        prop_assert!(err.messages().all(|m| !m.is_empty()) || body.contains("\"message\":\"\""));
        let _ = err.is_dead_session();
        let _ = err.for_field("email");
        let _ = parse::<SignedIn>(status, &body);
        let _ = parse::<SignedUp>(status, &body);
        let _ = parse::<User>(status, &body);
        let _ = parse::<Vec<serde_json::value::Value>>(status, &body);
    }

    #[test]
    fn redirect_queries_never_panic(search in any::<String>()) {
        let query = RedirectQuery::parse(&search);
        // A query with a token (or a done change of email), no error and no
        // failure status goes on; anything else explains why not.
        let status_ok = query
            .status
            .as_deref()
            .and_then(|s| s.parse::<u16>().ok())
            .is_none_or(|s| (200..300).contains(&s));
        let goes_on = query.error.is_none()
            && status_ok
            && (query.access_token.is_some() || query.action.as_deref() == Some("change-email"));
        prop_assert_eq!(!matches!(query.outcome(), Outcome::Failed(_)), goes_on);
        let _ = decode(&search);
    }

    #[test]
    fn query_values_survive_encoding(value in any::<String>()) {
        let encoded = encode(&value);
        prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        prop_assert_eq!(decode(&encoded), value);
    }

    #[test]
    fn return_to_refuses_other_origins(host in "[a-z.]{1,20}", path in "[a-z/]{0,12}", scheme in "(https?|javascript|data|//)") {
        for raw in [
            format!("{scheme}:{host}/{path}"),
            format!("//{host}/{path}"),
            format!("%2F%2F{host}/{path}"),
            format!("/\\{host}/{path}"),
        ] {
            prop_assert_eq!(return_to::accept(&raw), None, "{}", raw);
        }
    }

    #[test]
    fn request_bodies_are_valid_json_whatever_is_typed(key in any::<String>(), value in any::<String>()) {
        let text = JsonObject::new().str(&key, &value).finish();
        let back: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        prop_assert_eq!(back[key.as_str()].as_str(), Some(value.as_str()));
    }
}

/// Paths a return-to value may hold, from a grammar, each with whether it
/// must be accepted: the profile as it is, encoded once or twice, with a
/// query, hash or trailing slash; the app's other pages; and hostile ones
/// that try to lead off the site.
fn return_to_path() -> impl Strategy<Value = (String, bool)> {
    let tail = prop_oneof![
        Just(String::new()),
        Just("/".to_owned()),
        "\\?[a-z]{1,5}=[a-z0-9]{0,5}",
        "#[a-z]{1,6}",
    ];
    let profile = prop_oneof![
        Just("/profile".to_owned()),
        Just("/%70rofile".to_owned()),
        Just("/%2570rofile".to_owned()),
        Just("%2Fprofile".to_owned()),
    ];
    let allowed = (profile, tail).prop_map(|(p, t)| (format!("{p}{t}"), true));
    let other_page = prop_oneof![
        Just("/"),
        Just("/login"),
        Just("/register"),
        Just("/auth-redirect"),
        Just("/nowhere"),
    ]
    .prop_map(|p| (p.to_owned(), false));
    let host = "[a-z]{1,10}\\.[a-z]{2,3}";
    let hostile = (
        prop_oneof![
            Just("//"),
            Just("///"),
            Just("/\\"),
            Just("\\\\"),
            Just("%2F%2F"),
            Just("%252F%252F"),
            Just("/%2F"),
            Just("/%5C"),
            Just("/%09/"),
            Just("https://"),
            Just("javascript:"),
            Just(" /"),
        ],
        host,
    )
        .prop_map(|(lead, host)| (format!("{lead}{host}/profile"), false));
    prop_oneof![allowed, other_page, hostile]
}

#[test]
fn return_to_accepts_exactly_the_signed_in_pages() {
    use proptest::test_runner::TestRunner;
    let (mut accepted, mut refused) = (0, 0);
    let mut runner = TestRunner::default();
    runner
        .run(&return_to_path(), |(raw, allowed)| {
            let got = return_to::accept(&raw);
            prop_assert_eq!(got, allowed.then_some(Route::Profile), "{}", raw);
            Ok(())
        })
        .unwrap();
    // Both answers were exercised, not just the easy one.
    for _ in 0..512 {
        let (raw, _) = return_to_path().new_tree(&mut runner).unwrap().current();
        match return_to::accept(&raw) {
            Some(_) => accepted += 1,
            None => refused += 1,
        }
    }
    assert!(
        accepted > 50 && refused > 50,
        "{accepted} accepted, {refused} refused"
    );
}
