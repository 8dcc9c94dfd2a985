//! Consent to the site's terms and privacy policy (`config::legal`), which
//! the user document keeps as the time it was given (`termsAcceptedAt`).
//! Given on the register page, it goes with the sign-up; given there before
//! "Continue with …", it waits in this tab for the provider's new user;
//! a provider's user without it is asked on the profile.

use crate::altogic::auth::UserData;
use crate::altogic::User;
use crate::config;

/// Where a consent given before leaving for a provider waits (this tab).
const GIVEN_KEY: &str = "termsAcceptedAt";

/// The time now, as Altogic writes dates.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// What a sign-up sends: the name, the consent the form has checked for
/// when the site asks for it, and the operator's own fields as typed
/// (`details`).
pub fn user_data(name: String, typed: impl IntoIterator<Item = String>) -> UserData {
    UserData {
        name,
        terms_accepted_at: config::legal().map(|_| now_iso()),
        fields: super::details::for_sign_up(typed),
    }
}

/// Whether `user` came by a provider (which made the account without our
/// register page) and has not agreed to the site's terms yet.
pub fn pending(user: &User) -> bool {
    config::legal().is_some() && user.provider().is_some() && user.terms_accepted_at.is_none()
}

/// Keeps a consent given before "Continue with …", for the new user that
/// comes back (`take_given`).
pub fn remember_given() {
    if let Some(storage) = super::storage::session_storage() {
        let _ = storage.set_item(GIVEN_KEY, &now_iso());
    }
}

/// The consent given in this tab before a provider's sign-in, once.
pub fn take_given() -> Option<String> {
    let storage = super::storage::session_storage()?;
    let given = storage.get_item(GIVEN_KEY).ok().flatten();
    let _ = storage.remove_item(GIVEN_KEY);
    given
}
