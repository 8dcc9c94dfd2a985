//! The sign-in state: a reducer in a context, loaded from and saved to
//! `localStorage`, and where to go back to after signing in.

pub mod asked;
pub mod consent;
pub mod details;
pub mod last_used;
pub mod redirect_query;
pub mod return_to;
mod state;
pub mod storage;

use std::rc::Rc;

use gloo_events::EventListener;
pub use state::{AuthAction, AuthState};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic;
use crate::altogic::Api;
use crate::route::Route;

pub type AuthContext = UseReducerHandle<AuthState>;

#[derive(Properties, PartialEq)]
pub struct AuthProviderProps {
    /// The sign-in at start (read from storage by the caller).
    pub initial: AuthState,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn AuthProvider(props: &AuthProviderProps) -> Html {
    // Changes are saved by the reducer itself; see `AuthState::reduce`.
    let auth = use_reducer(|| props.initial.clone());

    // Signing in or out in another tab does the same here at once (the
    // browser tells every other tab of the origin about storage writes).
    // A page brought back from the back-forward cache missed those events:
    // it reads storage again before anything of it is used.
    {
        let auth = auth.dispatcher();
        use_effect_with((), move |_| {
            let listeners = web_sys::window().map(|window| {
                let adopt = Rc::new(move || {
                    if let Some(state) = storage::peek() {
                        auth.dispatch(AuthAction::Adopt(state));
                    }
                });
                let on_storage = {
                    let adopt = adopt.clone();
                    EventListener::new(&window, "storage", move |event| {
                        let key = event
                            .dyn_ref::<web_sys::StorageEvent>()
                            .and_then(|e| e.key());
                        // `None`: storage was cleared altogether.
                        if key
                            .as_deref()
                            .is_none_or(|k| k == storage::SESSION_KEY || k == storage::USER_KEY)
                        {
                            adopt();
                        }
                    })
                };
                let on_show = EventListener::new(&window, "pageshow", move |event| {
                    let restored = event
                        .dyn_ref::<web_sys::PageTransitionEvent>()
                        .is_some_and(|e| e.persisted());
                    if restored {
                        adopt();
                    }
                });
                (on_storage, on_show)
            });
            move || drop(listeners)
        });
    }

    // After a reset of the password in this tab, the next sign-in here ends
    // every other session of the account: the reset gives no session to
    // do it with, and a thief's must not outlive the new password.
    {
        let token = auth.session().map(|s| s.token.clone());
        let at_start = use_state(|| token.clone());
        use_effect_with(token, move |token| {
            if let Some(token) = token.as_deref().filter(|t| Some(*t) != at_start.as_deref()) {
                if take_end_others() {
                    let api = Api::of_session(token);
                    yew::platform::spawn_local(async move {
                        let _ = api.send(altogic::auth::sign_out_all_except()).await;
                    });
                }
            }
        });
    }

    html! {
        <ContextProvider<AuthContext> context={auth}>
            { props.children.clone() }
        </ContextProvider<AuthContext>>
    }
}

const END_OTHERS_KEY: &str = "endOtherSessions";

/// The password was reset: on to `login`, which says so, and the next
/// sign-in in this tab signs out every other device (`AuthProvider`).
pub fn password_was_reset(navigator: Option<Navigator>, login: Route) {
    end_others_at_next_sign_in();
    if let Some(navigator) = navigator {
        navigator.replace_with_state(&login, crate::route::PasswordChanged);
    }
}

/// The next sign-in in this tab signs out every other device
/// (`AuthProvider`): after a password was chosen without a session.
pub fn end_others_at_next_sign_in() {
    if let Some(storage) = storage::session_storage() {
        let _ = storage.set_item(END_OTHERS_KEY, "1");
    }
}

fn take_end_others() -> bool {
    let Some(storage) = storage::session_storage() else {
        return false;
    };
    let marked = storage.get_item(END_OTHERS_KEY).ok().flatten().is_some();
    let _ = storage.remove_item(END_OTHERS_KEY);
    marked
}

/// The sign-in state and its dispatcher; must be used under `AuthProvider`.
#[hook]
pub fn use_auth() -> AuthContext {
    use_context::<AuthContext>().expect("use_auth outside AuthProvider")
}

/// The API client for whoever is signed in. A dead session answer
/// (`invalid_session_token`, `missing_session_token`) to any call ends the
/// session the call was sent with, once for every page, and goes to the
/// sign-in page; not a newer one another tab has made meanwhile.
#[hook]
pub fn use_api() -> Api {
    let auth = use_auth();
    let navigator = use_navigator();
    let token = auth.session().map(|s| s.token.clone());
    let on_dead_session = {
        let dispatcher = auth.dispatcher();
        let token = token.clone().unwrap_or_default();
        Callback::from(move |()| {
            let newer = storage::peek()
                .and_then(|s| s.session().map(|s| s.token != token))
                .unwrap_or(false);
            dispatcher.dispatch(AuthAction::SessionDied(token.clone()));
            if let (false, Some(navigator)) = (newer, &navigator) {
                navigator.replace(&Route::Login);
            }
        })
    };
    Api::new(token.as_deref(), on_dead_session)
}
