//! Every page of the app, who may open it, and where someone is sent who
//! may not. Plain data and functions, tested on the host; `app::switch`
//! applies them.

use yew_router::Routable;

#[derive(Routable, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/login")]
    Login,
    #[at("/login-with-magic-link")]
    MagicLink,
    #[at("/register")]
    Register,
    #[at("/forgot-password")]
    ForgotPassword,
    #[at("/auth-redirect")]
    AuthRedirect,
    #[at("/profile")]
    Profile,
    #[not_found]
    #[at("/404")]
    NotFound,
}

/// Sent along to the login page (as history state) after a password reset.
pub struct PasswordChanged;

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
