//! Every page of the app, who may open it, and where someone is sent who
//! may not. Plain data and functions, tested on the host; `app::switch`
//! applies them.

use std::collections::HashMap;

use yew_router::Routable;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    Login,
    MagicLink,
    Register,
    ForgotPassword,
    PhoneLogin,
    PhoneRegister,
    PhoneReset,
    AuthRedirect,
    Profile,
    NotFound,
}

/// Each page's address, written once.
const PATHS: [(Route, &str); 11] = [
    (Route::Home, "/"),
    (Route::Login, "/login"),
    (Route::MagicLink, "/login-with-magic-link"),
    (Route::Register, "/register"),
    (Route::ForgotPassword, "/forgot-password"),
    (Route::PhoneLogin, "/login-with-phone"),
    (Route::PhoneRegister, "/register-with-phone"),
    (Route::PhoneReset, "/forgot-password-with-phone"),
    (Route::AuthRedirect, "/auth-redirect"),
    (Route::Profile, "/profile"),
    (Route::NotFound, "/404"),
];

fn find(path: &str) -> Option<Route> {
    PATHS.iter().find(|(_, p)| *p == path).map(|(r, _)| *r)
}

/// By hand rather than `#[derive(Routable)]`: the derive matches paths
/// with a general pattern router (`route-recognizer`), 12 KB of wasm for
/// eight fixed addresses without parameters.
impl Routable for Route {
    fn from_path(path: &str, _params: &HashMap<&str, &str>) -> Option<Self> {
        find(path)
    }

    fn to_path(&self) -> String {
        let path = PATHS.iter().find(|(r, _)| r == self).map(|(_, p)| *p);
        path.unwrap_or("/404").to_owned()
    }

    fn routes() -> Vec<&'static str> {
        PATHS.iter().map(|(_, p)| *p).collect()
    }

    fn not_found_route() -> Option<Self> {
        Some(Route::NotFound)
    }

    /// The page at `pathname`; `/login/` is `/login`, as static hosts serve
    /// a folder's index for both; anything else is not found.
    fn recognize(pathname: &str) -> Option<Self> {
        let trimmed = pathname.trim_end_matches('/');
        let path = if trimmed.is_empty() { "/" } else { trimmed };
        find(path).or(Some(Route::NotFound))
    }
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
        Route::Home
        | Route::Login
        | Route::MagicLink
        | Route::Register
        | Route::ForgotPassword
        | Route::PhoneLogin
        | Route::PhoneRegister
        | Route::PhoneReset => Access::GuestsOnly,
        Route::Profile => Access::SignedInOnly,
        // The redirect page signs people in (or switches accounts), and a
        // missing page is missing for everyone.
        Route::AuthRedirect | Route::NotFound => Access::Anyone,
    }
}

/// How someone chose to sign in or register, for this visit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInWith {
    Email,
    Phone,
}

impl SignInWith {
    pub fn name(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Phone => "phone",
        }
    }

    pub fn from_name(name: &str) -> Self {
        if name == "phone" {
            Self::Phone
        } else {
            Self::Email
        }
    }
}

/// The phone version of an email login, register or forgotten-password
/// page, for someone who chose their phone number.
pub fn phone_page(route: &Route) -> Option<Route> {
    match route {
        Route::Login => Some(Route::PhoneLogin),
        Route::Register => Some(Route::PhoneRegister),
        Route::ForgotPassword => Some(Route::PhoneReset),
        _ => None,
    }
}

/// Whether the page of `route` lives in the wasm chunk of the signed-in
/// pages (`app::chunk`), fetched when first shown: the pages of a sign-in
/// and the phone pages, which a guest on the email pages never needs.
pub fn in_chunk(route: &Route) -> bool {
    matches!(
        route,
        Route::AuthRedirect
            | Route::Profile
            | Route::PhoneLogin
            | Route::PhoneRegister
            | Route::PhoneReset
    )
}

/// Whether the first page shown at `route` needs the chunk: its own page
/// does, or the page it sends this person on to.
pub fn needs_chunk(route: &Route, signed_in: bool) -> bool {
    in_chunk(&redirect_for(route, signed_in).unwrap_or(*route))
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

    const ALL: [Route; 11] = [
        Route::Home,
        Route::Login,
        Route::MagicLink,
        Route::Register,
        Route::ForgotPassword,
        Route::PhoneLogin,
        Route::PhoneRegister,
        Route::PhoneReset,
        Route::AuthRedirect,
        Route::Profile,
        Route::NotFound,
    ];

    #[test]
    fn addresses_lead_to_their_pages_and_back() {
        for route in ALL {
            let path = route.to_path();
            assert_eq!(Route::recognize(&path), Some(route), "{path}");
            assert_eq!(
                Route::recognize(&format!("{path}/")),
                Some(route),
                "{path}/"
            );
        }
        assert_eq!(Route::recognize(""), Some(Route::Home));
        for nowhere in ["/nowhere", "/login/x", "/LOGIN", "/profile.html", "//login"] {
            assert_eq!(
                Route::recognize(nowhere),
                Some(Route::NotFound),
                "{nowhere}"
            );
        }
        assert_eq!(Route::routes().len(), ALL.len());
    }

    #[test]
    fn the_chunk_is_fetched_first_for_its_pages_and_for_anyone_signed_in() {
        for route in ALL {
            // A guest at /profile is sent to the login page.
            let expected = in_chunk(&route) && route != Route::Profile;
            assert_eq!(needs_chunk(&route, false), expected, "{route:?}");
        }
        // Signed in, a guest page leads on to the profile.
        assert!(needs_chunk(&Route::Login, true));
        assert!(needs_chunk(&Route::Home, true));
        assert!(!needs_chunk(&Route::NotFound, true));
        assert!(!in_chunk(&Route::Login) && in_chunk(&Route::PhoneLogin));
    }

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
                | Route::ForgotPassword
                | Route::PhoneLogin
                | Route::PhoneRegister
                | Route::PhoneReset => Some(Route::Profile),
                _ => None,
            };
            assert_eq!(redirect_for(&route, true), expected, "{route:?}");
        }
    }

    #[test]
    fn a_chosen_phone_leads_to_the_phone_pages() {
        for route in ALL {
            let expected = match route {
                Route::Login => Some(Route::PhoneLogin),
                Route::Register => Some(Route::PhoneRegister),
                Route::ForgotPassword => Some(Route::PhoneReset),
                _ => None,
            };
            assert_eq!(phone_page(&route), expected);
        }
        assert_eq!(SignInWith::from_name("phone"), SignInWith::Phone);
        assert_eq!(SignInWith::from_name("anything"), SignInWith::Email);
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
