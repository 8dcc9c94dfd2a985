//! The sign-in state: a reducer in a context, loaded from and saved to
//! `localStorage`, and the route guards built on it.

mod guard;
mod state;
pub mod storage;

use yew::prelude::*;

pub use guard::{access, redirect_for, Access, Guard};
pub use state::{AuthAction, AuthState};

pub type AuthContext = UseReducerHandle<AuthState>;

#[derive(Properties, PartialEq)]
pub struct AuthProviderProps {
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn AuthProvider(props: &AuthProviderProps) -> Html {
    // Changes are saved by the reducer itself; see `AuthState::reduce`.
    let auth = use_reducer(storage::load);

    html! {
        <ContextProvider<AuthContext> context={auth}>
            { props.children.clone() }
        </ContextProvider<AuthContext>>
    }
}

/// The sign-in state and its dispatcher; must be used under `AuthProvider`.
#[hook]
pub fn use_auth() -> AuthContext {
    use_context::<AuthContext>().expect("use_auth outside AuthProvider")
}
