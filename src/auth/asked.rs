//! The mail links this browser asked for, so that opening one here goes
//! straight on (as the seed does) and only a link nobody asked for here
//! asks "Continue as …?". Kept in `localStorage` (the mail may open in
//! another tab) for a day, a line an address: `<ms> <kind> <email>`.
//!
//! It also tells whether the person here chose the account's password: a
//! verification link opened by anyone else may be verifying an account
//! someone else registered in their name, with a password they do not
//! know (the pre-registration takeover), so they are asked to choose
//! their own (`pages/auth_redirect.rs`).

use crate::auth::redirect_query::{EMAIL_CONFIRM, OAUTH_SIGNIN, OAUTH_SIGNUP};

pub const KEY: &str = "linksAsked";

/// How long a mark counts: Altogic's mail links last at most a day.
const LIFE_MS: u64 = 24 * 3600 * 1000;

/// Addresses kept at once; the oldest go first.
const MOST: usize = 8;

/// What this browser did that led to a mail for an address (the stronger
/// is kept: `SignUp` > `Link`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Asked {
    /// A magic link or a new verification mail.
    Link,
    /// The account was registered here, with a password typed here.
    SignUp,
}

/// The live marks in `text`: (when, what, address).
fn parse(text: &str, now: u64) -> Vec<(u64, Asked, &str)> {
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, ' ');
            let at: u64 = parts.next()?.parse().ok()?;
            let asked = match parts.next()? {
                "1" => Asked::SignUp,
                "0" => Asked::Link,
                _ => return None,
            };
            let email = parts.next().filter(|e| !e.is_empty())?;
            (at <= now && now - at < LIFE_MS).then_some((at, asked, email))
        })
        .collect()
}

/// ASCII case only: Unicode's tables would add kilobytes to the wasm, and
/// a mark missed for an address in another script only means "Continue as
/// …?" is asked.
fn key(email: &str) -> String {
    email.trim().to_ascii_lowercase()
}

/// `text` with `email` marked as `asked` now; expired marks dropped.
pub fn with(text: &str, email: &str, asked: Asked, now: u64) -> String {
    let email = key(email);
    let mut marks = parse(text, now);
    let kept = marks
        .iter()
        .find(|(_, _, e)| *e == email)
        .map_or(asked, |(_, a, _)| asked.max(*a));
    marks.retain(|(_, _, e)| *e != email);
    marks.push((now, kept, email.as_str()));
    let skip = marks.len().saturating_sub(MOST);
    marks[skip..]
        .iter()
        .map(|(at, a, e)| format!("{at} {} {e}\n", *a as u8))
        .collect()
}

/// `text` without `email`'s mark.
pub fn without(text: &str, email: &str, now: u64) -> String {
    let email = key(email);
    parse(text, now)
        .iter()
        .filter(|(_, _, e)| *e != email)
        .map(|(at, a, e)| format!("{at} {} {e}\n", *a as u8))
        .collect()
}

/// What this browser asked for `email`, if it did within a day.
pub fn of(text: &str, email: &str, now: u64) -> Option<Asked> {
    let email = key(email);
    parse(text, now)
        .into_iter()
        .find(|(_, _, e)| *e == email)
        .map(|(_, a, _)| a)
}

/// What a page of `action` does with a token it has traded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Signed in; on to where the person was going.
    Go,
    /// "Continue as …?" first: the link may be someone else's.
    Ask,
    /// Not signed in until they have chosen a password of their own.
    ChoosePassword,
}

/// `asked`: what this browser asked for the account's address;
/// `someone_else`: another account is signed in here.
pub fn next(action: Option<&str>, asked: Option<Asked>, someone_else: bool) -> Next {
    match action {
        // The provider's mark (`return_to::take_provider`) said this tab
        // asked; only replacing someone is asked about.
        Some(OAUTH_SIGNIN | OAUTH_SIGNUP) if !someone_else => Next::Go,
        Some(EMAIL_CONFIRM) if asked != Some(Asked::SignUp) => Next::ChoosePassword,
        _ if asked.is_some() && !someone_else => Next::Go,
        _ => Next::Ask,
    }
}

/// Milliseconds, as integers: float text would add its parser and printer
/// to the wasm (some 15 KB).
fn now() -> u64 {
    js_sys::Date::now() as u64
}

fn stored() -> String {
    super::storage::local_storage()
        .ok()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .unwrap_or_default()
}

fn store(text: &str) {
    if let Ok(storage) = super::storage::local_storage() {
        let _ = storage.set_item(KEY, text);
    }
}

/// Marks `email` as asked for here.
pub fn remember(email: &str, asked: Asked) {
    store(&with(&stored(), email, asked, now()));
}

/// What was asked here for `email`; the mark is spent.
pub fn take(email: &str) -> Option<Asked> {
    let text = stored();
    let found = of(&text, email, now());
    if found.is_some() {
        store(&without(&text, email, now()));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: u64 = 3600 * 1000;

    #[test]
    fn a_mark_lasts_a_day_and_is_found_by_any_case() {
        let text = with("", " Ann@Example.com ", Asked::Link, 1000);
        assert_eq!(
            of(&text, "ann@example.com", 1000 + 23 * H),
            Some(Asked::Link)
        );
        assert_eq!(of(&text, "ANN@example.com", 1000), Some(Asked::Link));
        assert_eq!(of(&text, "ann@example.com", 1000 + 24 * H), None);
        assert_eq!(of(&text, "bob@example.com", 1000), None);
        // A clock set back does not make a mark live for ever.
        assert_eq!(of(&text, "ann@example.com", 0), None);
    }

    #[test]
    fn a_sign_up_is_not_downgraded_by_a_resend() {
        let text = with("", "ann@example.com", Asked::SignUp, 0);
        let text = with(&text, "ann@example.com", Asked::Link, 5);
        assert_eq!(of(&text, "ann@example.com", 6), Some(Asked::SignUp));
        let text = with(&text, "bob@example.com", Asked::Link, 7);
        let text = without(&text, "ann@example.com", 8);
        assert_eq!(of(&text, "ann@example.com", 8), None);
        assert_eq!(of(&text, "bob@example.com", 8), Some(Asked::Link));
    }

    #[test]
    fn few_marks_are_kept_and_broken_lines_are_ignored() {
        let mut text = String::from("x y z\n12 9 a@b.co\n\n1 1\n");
        for i in 0..20 {
            text = with(&text, &format!("u{i}@example.com"), Asked::Link, i);
        }
        assert_eq!(text.lines().count(), MOST);
        assert_eq!(of(&text, "u19@example.com", 20), Some(Asked::Link));
        assert_eq!(of(&text, "u0@example.com", 20), None);
    }

    #[test]
    fn a_link_goes_straight_on_only_where_it_was_asked_for() {
        use Next::*;
        let (up, link) = (Some(Asked::SignUp), Some(Asked::Link));
        // The seed's flow: registered here, the mail opened here.
        assert_eq!(next(Some("email-confirm"), up, false), Go);
        assert_eq!(next(Some("magic-link"), link, false), Go);
        // Nobody asked here, or someone else is signed in: ask.
        assert_eq!(next(Some("magic-link"), None, false), Ask);
        assert_eq!(next(Some("magic-link"), link, true), Ask);
        assert_eq!(next(Some("email-confirm"), up, true), Ask);
        assert_eq!(next(None, None, false), Ask);
        // A verification whose password was not chosen here.
        assert_eq!(next(Some("email-confirm"), link, false), ChoosePassword);
        assert_eq!(next(Some("email-confirm"), None, true), ChoosePassword);
        // A provider's sign-in (this tab asked): only replacing someone asks.
        assert_eq!(next(Some("oauth-signin"), None, false), Go);
        assert_eq!(next(Some("oauth-signup"), None, true), Ask);
    }
}
