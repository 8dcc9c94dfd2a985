//! The sign-in kept in `localStorage`, under the keys and in the JSON shapes
//! of the official Altogic JS client, so both can share one sign-in.

use super::AuthState;
use crate::altogic::{Session, User};

pub const SESSION_KEY: &str = "session";
pub const USER_KEY: &str = "user";

/// Reads the stored values. Anything missing, corrupt, partial or foreign
/// means signed out: stored data is outside input and never panics us.
pub fn parse(session: Option<&str>, user: Option<&str>) -> AuthState {
    let session = session.and_then(Session::from_json);
    let user = user.and_then(User::from_json);
    match (session, user) {
        (Some(session), Some(user))
            if !session.token.is_empty()
                && !user.id.is_empty()
                // A session of another user is a leftover, not a sign-in.
                && session.user_id.as_ref().is_none_or(|id| *id == user.id) =>
        {
            AuthState::SignedIn {
                session,
                user,
                fresh: false,
            }
        }
        _ => AuthState::SignedOut,
    }
}

/// What another tab left in storage, read when it says it changed: a
/// sign-in, a sign-out (both keys gone), or `None` while the two keys
/// disagree, e.g. between its two writes; the next event settles it.
pub fn settled(session: Option<&str>, user: Option<&str>) -> Option<AuthState> {
    match (session, user) {
        (None, None) => Some(AuthState::SignedOut),
        _ => Some(parse(session, user)).filter(AuthState::is_signed_in),
    }
}

/// The two stored values of a store.
fn read_pair(storage: &web_sys::Storage) -> (Option<String>, Option<String>) {
    let read = |key| storage.get_item(key).ok().flatten();
    (read(SESSION_KEY), read(USER_KEY))
}

/// This tab's own sign-in, kept in `sessionStorage` when "Keep me signed
/// in" was unticked.
fn tab_sign_in() -> Option<AuthState> {
    let (session, user) = read_pair(&session_storage()?);
    Some(parse(session.as_deref(), user.as_deref())).filter(AuthState::is_signed_in)
}

/// `settled` for the values in storage now: this tab's own sign-in, or
/// the shared one.
pub fn peek() -> Option<AuthState> {
    if let Some(own) = tab_sign_in() {
        return Some(own);
    }
    let (session, user) = read_pair(&local_storage().ok()?);
    settled(session.as_deref(), user.as_deref())
}

/// Where "Keep me signed in" leaves its answer for this tab: `no` while
/// the next sign-in is to end with the tab.
const KEEP_KEY: &str = "keepSignedIn";

/// Whether the next sign-in in this tab is kept beyond it (the sign-in
/// pages' checkbox, read as the person signs in).
pub fn keep_signed_in(keep: bool) {
    if let Some(storage) = session_storage() {
        let _ = if keep {
            storage.remove_item(KEEP_KEY)
        } else {
            storage.set_item(KEEP_KEY, "no")
        };
    }
}

/// Where a sign-in is kept: `localStorage`, shared with the other tabs
/// and the JS client, unless this tab asked for it to end with the tab.
fn store_for_sign_in() -> Result<web_sys::Storage, StorageUnavailable> {
    let tab = session_storage();
    match &tab {
        Some(s) if s.get_item(KEEP_KEY).ok().flatten().as_deref() == Some("no") => {
            tab.ok_or(StorageUnavailable)
        }
        _ => local_storage(),
    }
}

fn remove_pair(storage: &web_sys::Storage) -> Result<(), StorageUnavailable> {
    storage
        .remove_item(SESSION_KEY)
        .and_then(|()| storage.remove_item(USER_KEY))
        .map_err(|_| StorageUnavailable)
}

/// Storage is missing when the browser blocks it (privacy settings, some
/// embedded views); then the sign-in lives only as long as the tab.
#[derive(Debug, PartialEq, Eq)]
pub struct StorageUnavailable;

/// The one way into `sessionStorage` (what is remembered for this visit).
/// None at build time: the pages are prerendered for a first visit.
pub fn session_storage() -> Option<web_sys::Storage> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    web_sys::window()?.session_storage().ok().flatten()
}

/// The one way into `localStorage`.
pub fn local_storage() -> Result<web_sys::Storage, StorageUnavailable> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .ok_or(StorageUnavailable)
}

thread_local! {
    /// Whether the last save went through (a full quota refuses it).
    static LAST_SAVE_OK: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether the sign-in is being remembered: storage is there and took the
/// last write.
pub fn remembering() -> bool {
    LAST_SAVE_OK.with(|ok| ok.get()) && available()
}

/// Whether a sign-in can be remembered: some browsers block storage, or
/// allow reading but refuse writing.
pub fn available() -> bool {
    const PROBE: &str = "storage-probe";
    local_storage()
        .ok()
        .is_some_and(|s| s.set_item(PROBE, "1").is_ok() && s.remove_item(PROBE).is_ok())
}

/// The stored sign-in. Values that do not make one are removed, so they
/// are not read again on every start.
pub fn load() -> AuthState {
    if let Some(own) = tab_sign_in() {
        return own;
    }
    let Ok(storage) = local_storage() else {
        return AuthState::SignedOut;
    };
    let (session, user) = read_pair(&storage);
    let state = parse(session.as_deref(), user.as_deref());
    if !state.is_signed_in() && (session.is_some() || user.is_some()) {
        let _ = remove_pair(&storage);
    }
    state
}

pub fn save(state: &AuthState) -> Result<(), StorageUnavailable> {
    let result = write(state);
    LAST_SAVE_OK.with(|ok| ok.set(result.is_ok()));
    result
}

/// Writes a newer copy of the signed-in user, but only while storage still
/// holds this sign-in's session (another tab may have signed out or in).
pub fn save_user(state: &AuthState) -> Result<(), StorageUnavailable> {
    let AuthState::SignedIn { session, user, .. } = state else {
        return Ok(());
    };
    // The store that holds this sign-in: the shared one or the tab's.
    let holds = |s: &web_sys::Storage| {
        same_session(
            s.get_item(SESSION_KEY).ok().flatten().as_deref(),
            &session.token,
        )
    };
    let shared = local_storage().ok().filter(|s| holds(s));
    let Some(storage) = shared.or_else(|| session_storage().filter(|s| holds(s))) else {
        return Ok(());
    };
    let result = storage
        .set_item(USER_KEY, user.json())
        .map_err(|_| StorageUnavailable);
    LAST_SAVE_OK.with(|ok| ok.set(result.is_ok()));
    result
}

/// Whether the stored session text is the session with `token`.
fn same_session(stored: Option<&str>, token: &str) -> bool {
    stored
        .and_then(Session::from_json)
        .is_some_and(|s| s.token == token)
}

fn write(state: &AuthState) -> Result<(), StorageUnavailable> {
    // This tab's own sign-in, if it has one, is the one that changes; the
    // shared one (other tabs', the JS client's) is left alone.
    let tab = session_storage().filter(|t| t.get_item(SESSION_KEY).ok().flatten().is_some());
    match state {
        // Written back as read, so fields we do not model survive.
        // Quota errors land here too: the sign-in then lasts the tab.
        AuthState::SignedIn { session, user, .. } => {
            let storage = store_for_sign_in()?;
            if let Some(tab) = tab.filter(|t| *t != storage) {
                let _ = remove_pair(&tab);
            }
            storage
                .set_item(SESSION_KEY, session.json())
                .and_then(|()| storage.set_item(USER_KEY, user.json()))
                .map_err(|_| StorageUnavailable)
        }
        AuthState::SignedOut => match tab {
            Some(tab) => remove_pair(&tab),
            None => remove_pair(&local_storage()?),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Shapes as the JS client stores them after signInWithEmail.
    const SESSION: &str = r#"{"userId":"u1","token":"tok-1","creationDtm":"2026-11-25T10:00:00.000Z","accessGroupKeys":[],"userAgent":{"family":"Chrome","major":"120","minor":"0","patch":"0","device":{"family":"Other","major":"0","minor":"0","patch":"0"},"os":{"family":"Linux","major":"0","minor":"0","patch":"0"}}}"#;
    const USER: &str = r#"{"_id":"u1","provider":"altogic","providerUserId":"u1","email":"ada@example.com","name":"Ada","emailVerified":true,"signUpAt":"2026-11-25T09:00:00.000Z","lastLoginAt":"2026-11-25T10:00:00.000Z","favouriteColour":"teal"}"#;

    #[test]
    fn valid_values_sign_in() {
        let state = parse(Some(SESSION), Some(USER));
        assert_eq!(state.session().map(|s| s.token.as_str()), Some("tok-1"));
        // Stored data may be old: the profile refreshes it once.
        assert!(!state.is_fresh());
        let user = state.user().expect("signed in");
        assert_eq!(user.id, "u1");
        assert_eq!(user.name.as_deref(), Some("Ada"));
        assert_eq!(user.email.as_deref(), Some("ada@example.com"));
    }

    #[test]
    fn missing_values_sign_out() {
        assert_eq!(parse(None, None), AuthState::SignedOut);
        assert_eq!(parse(Some(SESSION), None), AuthState::SignedOut);
        assert_eq!(parse(None, Some(USER)), AuthState::SignedOut);
    }

    #[test]
    fn corrupt_values_sign_out() {
        for bad in [
            "",
            "{",
            "null",
            "42",
            "\"tok\"",
            "[]",
            "{\"token\":",
            &SESSION[..SESSION.len() / 2],
        ] {
            assert_eq!(parse(Some(bad), Some(USER)), AuthState::SignedOut, "{bad}");
            assert_eq!(
                parse(Some(SESSION), Some(bad)),
                AuthState::SignedOut,
                "{bad}"
            );
        }
    }

    #[test]
    fn partial_or_foreign_values_sign_out() {
        // No token, an empty token, a token of the wrong type.
        for session in [r#"{"userId":"u1"}"#, r#"{"token":""}"#, r#"{"token":7}"#] {
            assert_eq!(parse(Some(session), Some(USER)), AuthState::SignedOut);
        }
        // No id, an empty id, a name of the wrong type.
        for user in [
            r#"{"name":"Ada"}"#,
            r#"{"_id":""}"#,
            r#"{"_id":"u1","name":5}"#,
        ] {
            assert_eq!(parse(Some(SESSION), Some(user)), AuthState::SignedOut);
        }
        // The session belongs to someone else.
        let other = SESSION.replace("\"userId\":\"u1\"", "\"userId\":\"u2\"");
        assert_eq!(parse(Some(&other), Some(USER)), AuthState::SignedOut);
    }

    #[test]
    fn another_tabs_changes_are_taken_once_settled() {
        assert_eq!(settled(None, None), Some(AuthState::SignedOut));
        assert!(settled(Some(SESSION), Some(USER)).is_some_and(|s| s.is_signed_in()));
        // Halfway through another tab's writes, or garbage: wait.
        assert_eq!(settled(Some(SESSION), None), None);
        assert_eq!(settled(None, Some(USER)), None);
        assert_eq!(settled(Some("{"), Some(USER)), None);
    }

    #[test]
    fn a_user_is_written_only_beside_its_own_session() {
        assert!(same_session(Some(SESSION), "tok-1"));
        assert!(!same_session(Some(SESSION), "tok-2"));
        assert!(!same_session(None, "tok-1"));
        assert!(!same_session(Some("{"), "tok-1"));
    }

    #[test]
    fn huge_values_are_read_without_trouble() {
        let huge_user = format!(r#"{{"_id":"u1","blob":"{}"}}"#, "x".repeat(5 * 1024 * 1024));
        let state = parse(Some(SESSION), Some(&huge_user));
        assert_eq!(state.user().map(|u| u.json().len()), Some(huge_user.len()));
        let deep = "[".repeat(100_000);
        assert_eq!(parse(Some(&deep), Some(USER)), AuthState::SignedOut);
    }

    #[test]
    fn a_bare_token_is_enough() {
        // The seed's store saves `{ token }` when it only has the token.
        let state = parse(Some(r#"{"token":"tok-2"}"#), Some(r#"{"_id":"u1"}"#));
        assert_eq!(state.session().map(|s| s.token.as_str()), Some("tok-2"));
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let AuthState::SignedIn { session, user, .. } = parse(Some(SESSION), Some(USER)) else {
            panic!("expected a sign-in");
        };
        // What is saved is exactly what was read, every field included.
        assert_eq!(session.json(), SESSION);
        assert_eq!(user.json(), USER);
        assert!(user.json().contains(r#""favouriteColour":"teal""#));
        assert_eq!(
            session
                .user_agent
                .os
                .as_ref()
                .and_then(|o| o.family.as_deref()),
            Some("Linux")
        );
    }
}
