//! Back to where you were: a guest sent to the login page from a protected
//! page goes back there after signing in, by any method (the mail of a
//! magic link may open in another tab, so it is kept in `localStorage`).
//! A guest page opened with `?return_to=/app/x` goes back there too, when
//! the site lets sign-ins return under `/app/` (`config::return_prefixes`:
//! the operator's own app on this origin, which shares the sign-in through
//! `localStorage`). Only those are accepted: anything that could lead off
//! the site falls back to the profile.

use yew_router::prelude::Navigator;
use yew_router::Routable;

use crate::percent::decode_strict;
use crate::route::{access, Access, Route, SignInWith};

pub const KEY: &str = "returnTo";

/// The query parameter that names where to go back to.
pub const PARAM: &str = "return_to";

/// Where a sign-in goes on to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Destination {
    /// One of the app's signed-in pages.
    Page(Route),
    /// A page of the operator's app on this origin: a full navigation.
    Away(String),
}

/// `raw` decoded until nothing changes (so no layer of encoding hides a
/// `//`), if it is a plain path of this origin.
fn plain_path(raw: &str) -> Option<String> {
    let mut path = raw.to_owned();
    for _ in 0..4 {
        let decoded = decode_strict(&path)?;
        if decoded == path {
            break;
        }
        path = decoded;
    }
    if path.contains('%') && decode_strict(&path).as_deref() != Some(&path) {
        return None; // still encoded after four rounds: refuse
    }
    let safe = path.starts_with('/')
        && !path.starts_with("//")
        && !path
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace());
    safe.then_some(path)
}

/// The page `raw` names, if it is one of the app's signed-in pages.
pub fn accept(raw: &str) -> Option<Route> {
    match destination_in(raw, &[]) {
        Some(Destination::Page(route)) => Some(route),
        _ => None,
    }
}

/// `raw`, if it is a page under one of the operator's `prefixes` (a
/// prefix counts at a `/`: `/app/` takes `/app` and `/app/x`, not
/// `/application`); no `.` or `..` step may climb out of it.
#[cfg(test)]
fn accept_away(raw: &str, prefixes: &[String]) -> Option<String> {
    match destination_in(raw, prefixes) {
        Some(Destination::Away(path)) => Some(path),
        _ => None,
    }
}

/// Where `raw` leads: one of the app's signed-in pages, or a page under
/// one of the operator's `prefixes` (`accept_away`), decoded once.
fn destination_in(raw: &str, prefixes: &[String]) -> Option<Destination> {
    let path = plain_path(raw)?;
    let bare = path.split(['?', '#']).next().unwrap_or_default();
    if let Some(route) = Route::recognize(bare).filter(|r| access(r) == Access::SignedInOnly) {
        return Some(Destination::Page(route));
    }
    if bare.split('/').any(|step| step == "." || step == "..") {
        return None;
    }
    let under = |prefix: &String| {
        let prefix = prefix.trim_end_matches('/');
        bare == prefix
            || bare
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('/'))
    };
    prefixes
        .iter()
        .any(under)
        .then(|| Destination::Away(path.clone()))
}

/// Where `raw` leads, if it is somewhere a sign-in may go on to.
pub fn destination(raw: &str) -> Option<Destination> {
    destination_in(raw, crate::config::return_prefixes())
}

/// The value of `?return_to=` in a query string, as it is written.
pub fn param_of(search: &str) -> Option<&str> {
    crate::percent::param(search, PARAM)
}

fn storage() -> Option<web_sys::Storage> {
    super::storage::local_storage().ok()
}

/// Remembers the page a guest was turned away from, or named by
/// `?return_to=`.
pub fn remember(path: &str) {
    if let (Some(_), Some(storage)) = (destination(path), storage()) {
        let _ = storage.set_item(KEY, path);
    }
}

/// Remembers the page this address names with `?return_to=`, if it is one
/// a sign-in may go on to (read once, as the app starts).
pub fn remember_from_address() {
    let search = web_sys::window().and_then(|w| w.location().search().ok());
    if let Some(raw) = search.as_deref().and_then(param_of) {
        remember(raw);
    }
}

const WAY_KEY: &str = "signInWith";

/// Remembers, for this visit, whether someone signs in with an email or a
/// phone number.
pub fn remember_way(way: SignInWith) {
    if let Some(storage) = super::storage::session_storage() {
        let _ = storage.set_item(WAY_KEY, way.name());
    }
}

/// The way chosen in this visit (email unless phone was chosen).
pub fn remembered_way() -> SignInWith {
    let stored = super::storage::session_storage().and_then(|s| s.get_item(WAY_KEY).ok().flatten());
    SignInWith::from_name(stored.as_deref().unwrap_or_default())
}

/// Set in `sessionStorage` by `js/early.js` when someone
/// clicks "Continue with …" in a way that leaves this tab: the provider's
/// id and the time (`github 1764600000000`). It marks this tab as the one
/// that asked for a provider's sign-in (a token arriving in a tab that did
/// not ask is refused: someone else's link), and names the provider if it
/// fails (Altogic's redirect does not). The script clears it when the tab
/// comes back to any other page.
pub const PROVIDER_KEY: &str = "oauthProvider";

/// How long a provider's sign-in may take: a mark older than this is from
/// an abandoned one, and no longer vouches for a token.
pub const PROVIDER_LIFE_MS: u64 = 10 * 60 * 1000;

/// The provider a mark names, if it is `now` still fresh.
pub fn provider_of(mark: &str, now: u64) -> Option<&str> {
    let (id, at) = mark.split_once(' ')?;
    let age = now.checked_sub(at.parse::<u64>().ok()?)?;
    (age < PROVIDER_LIFE_MS).then_some(id)
}

/// A click on "Continue with …" that did not leave the tab (stopped by
/// the page): its mark goes.
pub fn forget_provider() {
    if let Some(storage) = super::storage::session_storage() {
        let _ = storage.remove_item(PROVIDER_KEY);
    }
}

/// The provider this tab left to sign in with, once: the mark is spent.
pub fn take_provider() -> Option<&'static str> {
    let storage = super::storage::session_storage()?;
    let mark = storage.get_item(PROVIDER_KEY).ok().flatten();
    let _ = storage.remove_item(PROVIDER_KEY);
    crate::config::provider_name(provider_of(&mark?, js_sys::Date::now() as u64)?)
}

/// Where to go after signing in: the remembered page, once, or the profile.
pub fn take() -> Destination {
    let stored = storage().and_then(|s| {
        let value = s.get_item(KEY).ok().flatten();
        let _ = s.remove_item(KEY);
        value
    });
    stored
        .as_deref()
        .and_then(destination)
        .unwrap_or(Destination::Page(Route::Profile))
}

/// Goes on to where a sign-in leads (`take`), in place of this page.
pub fn go_on(navigator: Option<&Navigator>) {
    match take() {
        Destination::Page(route) => {
            if let Some(navigator) = navigator {
                navigator.replace(&route);
            }
        }
        Destination::Away(path) => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().replace(&path);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_apps_signed_in_pages() {
        for ok in [
            "/profile",
            "/profile?tab=sessions",
            "/profile#avatar",
            "/%70rofile",
            "/profile/",
        ] {
            assert_eq!(accept(ok), Some(Route::Profile), "{ok}");
        }
    }

    #[test]
    fn refuses_anything_that_leads_elsewhere() {
        for hostile in [
            "",
            "profile",
            "//evil.example",
            "//evil.example/profile",
            "///evil.example",
            "https://evil.example/profile",
            "http:/evil.example",
            "javascript:alert(1)",
            "/javascript:alert(1)",
            "%2F%2Fevil.example",
            "/%2Fevil.example",
            "%252F%252Fevil.example",
            "%25252F%25252Fevil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/%5Cevil.example",
            "/%09/evil.example",
            "/ /evil.example",
            "/profile%0d%0aSet-Cookie:x",
            "/%",
            "/%zz",
            "/%C3",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert_eq!(accept(hostile), None, "{hostile}");
        }
    }

    fn prefixes() -> Vec<String> {
        vec!["/app/".into(), "/docs".into()]
    }

    #[test]
    fn goes_back_to_the_operators_pages_under_their_prefixes() {
        for ok in [
            "/app",
            "/app/",
            "/app/x?y=1#z",
            "/%61pp/x",
            "/docs/a/b",
            "/app/x%3Fy",
        ] {
            assert!(accept_away(ok, &prefixes()).is_some(), "{ok}");
        }
        assert_eq!(
            accept_away("/%61pp/x", &prefixes()).as_deref(),
            Some("/app/x")
        );
        for no in [
            "/application",
            "/docsy",
            "/other/app/",
            "/app/../profile",
            "/app/%2e%2e/admin",
            "/app/./x",
            "//app/x",
            "/\\app/x",
            "https://evil.example/app/",
            "//evil.example/app/",
            "/%2F/evil.example/app/",
            "%2F%2Fevil.example%2Fapp%2F",
            "/app/\tx",
        ] {
            assert_eq!(accept_away(no, &prefixes()), None, "{no}");
        }
        // Without prefixes, nothing of the operator's.
        assert_eq!(accept_away("/app/x", &[]), None);
    }

    #[test]
    fn reads_return_to_from_a_query() {
        assert_eq!(param_of("?return_to=%2Fapp%2Fx&a=1"), Some("%2Fapp%2Fx"));
        assert_eq!(param_of("?a=1&return_to=/app"), Some("/app"));
        assert_eq!(param_of("?return_tox=/app"), None);
        assert_eq!(param_of(""), None);
    }

    #[test]
    fn a_provider_mark_counts_for_ten_minutes() {
        let at = 1_000_000;
        let mark = format!("github {at}");
        assert_eq!(provider_of(&mark, at), Some("github"));
        assert_eq!(
            provider_of(&mark, at + PROVIDER_LIFE_MS - 1),
            Some("github")
        );
        assert_eq!(provider_of(&mark, at + PROVIDER_LIFE_MS), None);
        // From the future (a clock set back), without a time, or broken.
        assert_eq!(provider_of(&mark, at - 1), None);
        for broken in ["github", "github ", "github soon", "github 1.5e6", ""] {
            assert_eq!(provider_of(broken, at), None, "{broken}");
        }
    }

    #[test]
    fn refuses_pages_that_make_no_sense_after_signing_in() {
        for page in [
            "/",
            "/login",
            "/register",
            "/login-with-magic-link",
            "/forgot-password",
            "/auth-redirect",
            "/nowhere",
        ] {
            assert_eq!(accept(page), None, "{page}");
        }
    }
}
