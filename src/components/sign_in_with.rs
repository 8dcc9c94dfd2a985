//! "Email | Phone number" on the login, register and forgotten-password
//! pages: one choice, remembered for the visit (`return_to::remember_way`),
//! so the next page of a sign-in comes in the same way.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::auth::return_to;
use crate::i18n::{t, Text};
use crate::route::{phone_page, Route, SignInWith};

#[derive(Properties, PartialEq)]
pub struct ChoiceProps {
    pub current: SignInWith,
    /// This page's email version (its phone version is `phone_page`'s).
    pub email: Route,
    /// The way this device last signed in (the login pages mark it).
    #[prop_or_default]
    pub last_used: Option<SignInWith>,
}

/// "Last used", beside a way of signing in.
pub fn last_used_badge() -> Html {
    // The space keeps the two words apart for a screen reader.
    html! { <>{ " " }<span class="badge">{ t(Text::LastUsed) }</span></> }
}

#[component]
pub fn SignInWithChoice(props: &ChoiceProps) -> Html {
    let navigator = use_navigator();
    let link = |way: SignInWith, label: &'static str| {
        let to = match way {
            SignInWith::Email => props.email,
            SignInWith::Phone => phone_page(&props.email).unwrap_or(props.email),
        };
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
            <a href={to.to_path()} aria-current={current.then_some("page")} {onclick}>
                { label }
                if props.last_used == Some(way) { { last_used_badge() } }
            </a>
        }
    };
    html! {
        <nav class="choice-tabs" aria-label={t(Text::SignInWith)}>
            { link(SignInWith::Email, t(Text::Email)) }
            { link(SignInWith::Phone, t(Text::PhoneNumber)) }
        </nav>
    }
}
