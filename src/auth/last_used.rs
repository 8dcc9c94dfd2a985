//! The way this device last signed in (Clerk's "Last used", Better Auth's
//! `lastLoginMethod`): the login pages mark it and offer the address or
//! number again. Kept in `localStorage` as `<way> <who>` (never a
//! password); forgotten by "Not me" and by signing out everywhere.

use crate::altogic::User;
use crate::route::SignInWith;

pub const KEY: &str = "lastSignIn";

/// A sign-in of this device: by email, by phone, or by a provider (its id:
/// `github`), and the address or number it was for (none for a provider:
/// the login form is not where that address is typed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LastUsed {
    pub way: String,
    pub who: String,
}

impl LastUsed {
    /// What a sign-in of `user` by `by` leaves to remember.
    pub fn of(user: &User, by: SignInWith) -> Option<Self> {
        if let Some(provider) = user.provider() {
            return Some(Self {
                way: provider.to_owned(),
                who: String::new(),
            });
        }
        let who = match by {
            SignInWith::Email => user.email.as_deref(),
            SignInWith::Phone => user.phone.as_deref(),
        }?;
        Some(Self {
            way: by.name().to_owned(),
            who: who.to_owned(),
        })
    }

    /// Reads what was stored; anything else is nothing remembered.
    pub fn parse(stored: &str) -> Option<Self> {
        let (way, who) = stored.split_once(' ').unwrap_or((stored, ""));
        let known = way
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        (known && !way.is_empty()).then(|| Self {
            way: way.to_owned(),
            who: who.to_owned(),
        })
    }

    pub fn stored(&self) -> String {
        format!("{} {}", self.way, self.who)
    }

    /// The way, when it is an email address or a phone number.
    pub fn way(&self) -> Option<SignInWith> {
        [SignInWith::Email, SignInWith::Phone]
            .into_iter()
            .find(|w| w.name() == self.way)
    }

    /// The provider, when it was one.
    pub fn provider(&self) -> Option<&str> {
        self.way().is_none().then_some(self.way.as_str())
    }

    /// The address or number to offer on the login page of `way`.
    pub fn offered(&self, way: SignInWith) -> Option<&str> {
        (self.way == way.name() && !self.who.is_empty()).then_some(self.who.as_str())
    }
}

/// What this device remembers (none at build time: a first visit).
pub fn get() -> Option<LastUsed> {
    if cfg!(not(target_arch = "wasm32")) {
        return None;
    }
    let stored = super::storage::local_storage().ok()?.get_item(KEY).ok()??;
    LastUsed::parse(&stored)
}

/// Remembers a sign-in of `user` by `by`.
pub fn remember(user: &User, by: SignInWith) {
    if let (Some(last), Ok(storage)) = (LastUsed::of(user, by), super::storage::local_storage()) {
        let _ = storage.set_item(KEY, &last.stored());
    }
}

pub fn forget() {
    if let Ok(storage) = super::storage::local_storage() {
        let _ = storage.remove_item(KEY);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(fields: &str) -> User {
        User::from_json(&format!(r#"{{"_id":"u1",{fields}}}"#)).unwrap()
    }

    #[test]
    fn remembers_the_way_and_who_but_no_more() {
        let both = user(r#""provider":"altogic","email":"a@b.co","phone":"+905551112233""#);
        let by_email = LastUsed::of(&both, SignInWith::Email).unwrap();
        assert_eq!(
            (by_email.way.as_str(), by_email.who.as_str()),
            ("email", "a@b.co")
        );
        let by_phone = LastUsed::of(&both, SignInWith::Phone).unwrap();
        assert_eq!(by_phone.stored(), "phone +905551112233");
        assert_eq!(by_phone.offered(SignInWith::Phone), Some("+905551112233"));
        assert_eq!(by_phone.offered(SignInWith::Email), None);
        assert_eq!(
            (by_phone.way(), by_phone.provider()),
            (Some(SignInWith::Phone), None)
        );

        // A provider's user: the provider, no address to type.
        let github = user(r#""provider":"github","email":"a@b.co""#);
        let last = LastUsed::of(&github, SignInWith::Email).unwrap();
        assert_eq!(last.stored(), "github ");
        assert_eq!(last.offered(SignInWith::Email), None);
        assert_eq!((last.way(), last.provider()), (None, Some("github")));

        // Nothing to remember without the address it was for.
        assert_eq!(
            LastUsed::of(&user(r#""provider":"altogic""#), SignInWith::Phone),
            None
        );
    }

    #[test]
    fn reads_back_what_it_stored_and_nothing_else() {
        for last in [
            LastUsed {
                way: "email".into(),
                who: "a+b@c.co".into(),
            },
            LastUsed {
                way: "github".into(),
                who: String::new(),
            },
        ] {
            assert_eq!(LastUsed::parse(&last.stored()), Some(last));
        }
        for foreign in [
            "",
            " a@b.co",
            "Email a@b.co",
            "{\"way\":\"email\"}",
            "<b> x",
        ] {
            assert_eq!(LastUsed::parse(foreign), None, "{foreign}");
        }
    }
}
