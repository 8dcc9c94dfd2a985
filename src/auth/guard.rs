//! Who may see which page. The decision is a plain function (tested on the
//! host); `Guard` only applies it.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::pages;

use super::{return_to, use_auth};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Anyone,
    GuestsOnly,
    SignedInOnly,
}

pub fn access(route: &Route) -> Access {
    match route {
        Route::Home | Route::Login | Route::MagicLink | Route::Register | Route::ForgotPassword => {
            Access::GuestsOnly
        }
        Route::Profile => Access::SignedInOnly,
        // The redirect page signs people in (or switches accounts), and a
        // missing page is missing for everyone.
        Route::AuthRedirect | Route::NotFound => Access::Anyone,
    }
}

/// Where to send someone who may not see `route`, if anywhere.
pub fn redirect_for(route: &Route, signed_in: bool) -> Option<Route> {
    match (access(route), signed_in) {
        (Access::GuestsOnly, true) => Some(Route::Profile),
        (Access::SignedInOnly, false) => Some(Route::Login),
        _ => None,
    }
}

#[derive(Properties, PartialEq)]
pub struct GuardProps {
    pub route: Route,
}

/// Renders the page for `route`, or sends the person where they belong.
#[component]
pub fn Guard(props: &GuardProps) -> Html {
    let auth = use_auth();
    match redirect_for(&props.route, auth.is_signed_in()) {
        // A guest turned away is brought back after signing in.
        Some(Route::Login) => html! { <Replace to={Route::Login} remember=true /> },
        // Signed in on a guest page: on to where they were going.
        Some(Route::Profile) => html! { <Replace to={Route::Profile} return_to=true /> },
        Some(to) => html! { <Replace {to} /> },
        None => pages::page(&props.route),
    }
}

#[derive(Properties, PartialEq)]
struct ReplaceProps {
    to: Route,
    /// Go to the remembered page instead, if there is one.
    #[prop_or_default]
    return_to: bool,
    /// Remember this page, to come back after signing in.
    #[prop_or_default]
    remember: bool,
}

/// Like yew-router's `Redirect`, but replaces the history entry so that Back
/// does not return to a page the person was bounced from.
#[component]
fn Replace(props: &ReplaceProps) -> Html {
    let navigator = use_navigator();
    use_effect_with(
        (props.to, props.return_to, props.remember),
        move |(to, go_back, remember)| {
            if *remember {
                if let Some(location) = web_sys::window().map(|w| w.location()) {
                    let path = location.pathname().unwrap_or_default();
                    return_to::remember(&(path + &location.search().unwrap_or_default()));
                }
            }
            let to = if *go_back { return_to::take() } else { *to };
            if let Some(navigator) = navigator {
                navigator.replace(&to);
            }
        },
    );
    Html::default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Route; 8] = [
        Route::Home,
        Route::Login,
        Route::MagicLink,
        Route::Register,
        Route::ForgotPassword,
        Route::AuthRedirect,
        Route::Profile,
        Route::NotFound,
    ];

    #[test]
    fn every_route_for_guests() {
        for route in ALL {
            let expected = match route {
                Route::Profile => Some(Route::Login),
                _ => None,
            };
            assert_eq!(redirect_for(&route, false), expected, "{route:?}");
        }
    }

    #[test]
    fn every_route_when_signed_in() {
        for route in ALL {
            let expected = match route {
                Route::Home
                | Route::Login
                | Route::MagicLink
                | Route::Register
                | Route::ForgotPassword => Some(Route::Profile),
                _ => None,
            };
            assert_eq!(redirect_for(&route, true), expected, "{route:?}");
        }
    }

    #[test]
    fn a_redirect_never_leads_to_another_redirect() {
        for signed_in in [false, true] {
            for route in ALL {
                if let Some(to) = redirect_for(&route, signed_in) {
                    assert_eq!(redirect_for(&to, signed_in), None, "{route:?} -> {to:?}");
                }
            }
        }
    }
}
