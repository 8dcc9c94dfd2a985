//! "Email | Phone" on the login and register pages: one choice, remembered
//! for the visit (`return_to::remember_way`), so the next page of a sign-in
//! comes in the same way.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::auth::return_to;
use crate::route::SignInWith;

#[derive(Properties, PartialEq)]
pub struct ChoiceProps {
    pub current: SignInWith,
    /// On a register page (else a login page).
    #[prop_or_default]
    pub register: bool,
}

#[component]
pub fn SignInWithChoice(props: &ChoiceProps) -> Html {
    let navigator = use_navigator();
    let link = |way: SignInWith, label: &'static str| {
        let (login, register) = way.pages();
        let to = if props.register { register } else { login };
        let current = way == props.current;
        let onclick = {
            let navigator = navigator.clone();
            move |e: MouseEvent| {
                e.prevent_default();
                return_to::remember_way(way);
                if let Some(navigator) = &navigator {
                    navigator.push(&to);
                }
            }
        };
        html! {
            <a href={to.to_path()} aria-current={current.then_some("page")} {onclick}>{ label }</a>
        }
    };
    html! {
        <nav class="choice-tabs" aria-label="Sign in with">
            { link(SignInWith::Email, "Email") }
            { link(SignInWith::Phone, "Phone number") }
        </nav>
    }
}
