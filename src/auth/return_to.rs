//! Back to where you were: a guest sent to the login page from a protected
//! page goes back there after signing in, by any method (the mail of a
//! magic link may open in another tab, so it is kept in `localStorage`).
//! Only the app's own signed-in pages are accepted: anything that could
//! lead off the site falls back to the profile.

use yew_router::Routable;

use crate::percent::decode_strict;
use crate::route::{access, Access, Route, SignInWith};

pub const KEY: &str = "returnTo";

/// The page `raw` names, if it is one of the app's signed-in pages.
pub fn accept(raw: &str) -> Option<Route> {
    // Decode until nothing changes, so no layer of encoding hides a `//`.
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
    if !safe {
        return None;
    }
    let path = path.split(['?', '#']).next().unwrap_or_default();
    Route::recognize(path).filter(|route| access(route) == Access::SignedInOnly)
}

fn storage() -> Option<web_sys::Storage> {
    super::storage::local_storage().ok()
}

/// Remembers the page a guest was turned away from.
pub fn remember(path: &str) {
    if let (Some(_), Some(storage)) = (accept(path), storage()) {
        let _ = storage.set_item(KEY, path);
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

/// The provider this tab left to sign in with, once: the mark is spent.
pub fn take_provider() -> Option<&'static str> {
    let storage = super::storage::session_storage()?;
    let mark = storage.get_item(PROVIDER_KEY).ok().flatten();
    let _ = storage.remove_item(PROVIDER_KEY);
    crate::config::provider_name(provider_of(&mark?, js_sys::Date::now() as u64)?)
}

/// Where to go after signing in: the remembered page, once, or the profile.
pub fn take() -> Route {
    let stored = storage().and_then(|s| {
        let value = s.get_item(KEY).ok().flatten();
        let _ = s.remove_item(KEY);
        value
    });
    stored.as_deref().and_then(accept).unwrap_or(Route::Profile)
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
