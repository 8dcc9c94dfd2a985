//! Who is signed in, as a reducer: pure, so it is tested on the host.

use std::rc::Rc;

use yew::Reducible;

use super::{last_used, storage};
use crate::altogic::{Session, User};
use crate::route::SignInWith;

// One value lives in one Rc for the app's lifetime: its size does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AuthState {
    #[default]
    SignedOut,
    SignedIn {
        session: Session,
        user: User,
        /// The user came from the server in this tab, not from storage, so
        /// the profile need not ask for it again.
        fresh: bool,
    },
}

pub enum AuthAction {
    /// A sign-in, sign-up or auth grant returned a session: by an email
    /// address or a phone number (a provider's user says its own way).
    SignIn {
        session: Session,
        user: User,
        by: SignInWith,
    },
    /// The server sent a newer copy of the signed-in user.
    UpdateUser(User),
    /// The server's copy of a user read from storage: taken only while no
    /// newer one has come, so a slow answer never undoes a change made
    /// meanwhile (a new name or picture).
    Refresh(User),
    /// Logout.
    SignOut,
    /// The server said the session with this token is dead. Only that
    /// session ends: an answer to a request sent before another tab signed
    /// in anew must not end the new sign-in.
    SessionDied(String),
    /// Another tab signed in or out: take what it stored.
    Adopt(AuthState),
}

impl AuthState {
    pub fn is_signed_in(&self) -> bool {
        matches!(self, Self::SignedIn { .. })
    }

    pub fn user(&self) -> Option<&User> {
        match self {
            Self::SignedIn { user, .. } => Some(user),
            Self::SignedOut => None,
        }
    }

    /// Whether the user was read from the server since the app started.
    pub fn is_fresh(&self) -> bool {
        matches!(self, Self::SignedIn { fresh: true, .. })
    }

    pub fn session(&self) -> Option<&Session> {
        match self {
            Self::SignedIn { session, .. } => Some(session),
            Self::SignedOut => None,
        }
    }

    /// The state after `action`; `None` when nothing changes, so that no
    /// render (and no storage write) follows.
    pub fn apply(&self, action: AuthAction) -> Option<Self> {
        let next = match (self, action) {
            (_, AuthAction::SignIn { session, user, .. }) => Self::SignedIn {
                session,
                user,
                fresh: true,
            },
            // A user update only makes sense for the person signed in now:
            // a late answer for someone who has since signed out is dropped.
            (Self::SignedIn { session, user, .. }, AuthAction::UpdateUser(new))
                if new.id == user.id =>
            {
                Self::SignedIn {
                    session: session.clone(),
                    user: new,
                    fresh: true,
                }
            }
            (_, AuthAction::UpdateUser(_)) => return None,
            (Self::SignedIn { fresh: false, .. }, AuthAction::Refresh(new)) => {
                return self.apply(AuthAction::UpdateUser(new));
            }
            (_, AuthAction::Refresh(_)) => return None,
            (_, AuthAction::SignOut) => Self::SignedOut,
            (Self::SignedIn { session, .. }, AuthAction::SessionDied(token))
                if session.token == token =>
            {
                Self::SignedOut
            }
            (_, AuthAction::SessionDied(_)) => return None,
            (_, AuthAction::Adopt(state)) => state,
        };
        (next != *self).then_some(next)
    }
}

impl Reducible for AuthState {
    type Action = AuthAction;

    /// Applies the action and writes a change through to `localStorage`,
    /// so a reload or the JS client on the same origin sees the same sign-in.
    fn reduce(self: Rc<Self>, action: AuthAction) -> Rc<Self> {
        // A dead token, while storage already holds another tab's newer
        // sign-in (its storage event may not have come yet): take that one.
        let action = match action {
            AuthAction::SessionDied(token) => match storage::peek() {
                Some(stored) if stored.session().is_some_and(|s| s.token != token) => {
                    AuthAction::Adopt(stored)
                }
                _ => AuthAction::SessionDied(token),
            },
            other => other,
        };
        if let AuthAction::SignIn { user, by, .. } = &action {
            last_used::remember(user, *by);
        }
        let user_only = matches!(action, AuthAction::UpdateUser(_) | AuthAction::Refresh(_));
        match self.apply(action) {
            Some(next) => {
                // Without storage the sign-in still lasts as long as the tab.
                // A newer user is written only beside its own session: a late
                // answer must not bring back a sign-in that another tab ended.
                let _ = if user_only {
                    storage::save_user(&next)
                } else {
                    storage::save(&next)
                };
                Rc::new(next)
            }
            None => self,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, name: &str) -> User {
        User::from_json(&format!(r#"{{"_id":"{id}","name":"{name}"}}"#)).unwrap()
    }

    fn session(token: &str) -> Session {
        Session::from_json(&format!(r#"{{"token":"{token}"}}"#)).unwrap()
    }

    fn signed_in() -> AuthState {
        AuthState::SignedIn {
            session: session("t1"),
            user: user("u1", "Ada"),
            fresh: true,
        }
    }

    #[test]
    fn a_dead_session_ends_only_itself() {
        assert_eq!(
            signed_in().apply(AuthAction::SessionDied("t1".into())),
            Some(AuthState::SignedOut)
        );
        // An answer to a request sent with an older token changes nothing.
        assert_eq!(
            signed_in().apply(AuthAction::SessionDied("t0".into())),
            None
        );
        assert_eq!(
            AuthState::SignedOut.apply(AuthAction::SessionDied("t1".into())),
            None
        );
    }

    #[test]
    fn sign_in_from_signed_out() {
        let next = AuthState::SignedOut
            .apply(AuthAction::SignIn {
                session: session("t1"),
                user: user("u1", "Ada"),
                by: SignInWith::Email,
            })
            .expect("state changes");
        assert!(next.is_signed_in());
        assert!(next.is_fresh());
        assert_eq!(next.session().map(|s| s.token.as_str()), Some("t1"));
        assert_eq!(next.user().and_then(|u| u.name.as_deref()), Some("Ada"));
    }

    #[test]
    fn sign_in_replaces_an_older_sign_in() {
        let next = signed_in()
            .apply(AuthAction::SignIn {
                session: session("t2"),
                user: user("u2", "Bob"),
                by: SignInWith::Email,
            })
            .expect("state changes");
        assert_eq!(next.session().map(|s| s.token.as_str()), Some("t2"));
        assert_eq!(next.user().map(|u| u.id.as_str()), Some("u2"));
    }

    #[test]
    fn update_user_keeps_the_session() {
        let next = signed_in()
            .apply(AuthAction::UpdateUser(user("u1", "Grace")))
            .expect("state changes");
        assert_eq!(next.user().and_then(|u| u.name.as_deref()), Some("Grace"));
        assert_eq!(next.session().map(|s| s.token.as_str()), Some("t1"));
    }

    #[test]
    fn update_user_for_someone_else_or_when_signed_out_is_ignored() {
        assert!(signed_in()
            .apply(AuthAction::UpdateUser(user("u9", "Eve")))
            .is_none());
        assert!(AuthState::SignedOut
            .apply(AuthAction::UpdateUser(user("u1", "Ada")))
            .is_none());
    }

    #[test]
    fn a_user_from_the_server_makes_a_stored_sign_in_fresh() {
        let stored = AuthState::SignedIn {
            session: session("t1"),
            user: user("u1", "Ada"),
            fresh: false,
        };
        assert!(!stored.is_fresh());
        let next = stored
            .apply(AuthAction::UpdateUser(user("u1", "Ada")))
            .expect("now fresh");
        assert!(next.is_fresh());
    }

    #[test]
    fn a_refresh_never_undoes_a_newer_user() {
        let stored = AuthState::SignedIn {
            session: session("t1"),
            user: user("u1", "Ada"),
            fresh: false,
        };
        let next = stored
            .apply(AuthAction::Refresh(user("u1", "Ada L")))
            .expect("taken while stale");
        assert_eq!(next.user().unwrap().name.as_deref(), Some("Ada L"));
        // Changed meanwhile: a late refresh is dropped.
        let changed = stored
            .apply(AuthAction::UpdateUser(user("u1", "Grace")))
            .unwrap();
        assert!(changed
            .apply(AuthAction::Refresh(user("u1", "Ada")))
            .is_none());
        assert!(AuthState::SignedOut
            .apply(AuthAction::Refresh(user("u1", "Ada")))
            .is_none());
    }

    #[test]
    fn same_user_again_is_no_change() {
        assert!(signed_in()
            .apply(AuthAction::UpdateUser(user("u1", "Ada")))
            .is_none());
    }

    #[test]
    fn sign_out() {
        assert_eq!(
            signed_in().apply(AuthAction::SignOut),
            Some(AuthState::SignedOut)
        );
        assert_eq!(AuthState::SignedOut.apply(AuthAction::SignOut), None);
    }

    #[test]
    fn adopts_another_tabs_sign_in_or_out() {
        assert_eq!(
            AuthState::SignedOut.apply(AuthAction::Adopt(signed_in())),
            Some(signed_in())
        );
        assert_eq!(
            signed_in().apply(AuthAction::Adopt(AuthState::SignedOut)),
            Some(AuthState::SignedOut)
        );
        assert_eq!(signed_in().apply(AuthAction::Adopt(signed_in())), None);
    }

    #[test]
    fn reducer_keeps_the_same_rc_when_nothing_changes() {
        let state = Rc::new(AuthState::SignedOut);
        let next = state.clone().reduce(AuthAction::SignOut);
        assert!(Rc::ptr_eq(&state, &next));
    }
}
