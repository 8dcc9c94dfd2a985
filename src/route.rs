//! Every page of the app, who may open it, and where someone is sent who
//! may not. Plain data and functions, tested on the host; `app::switch`
//! applies them.

use std::collections::HashMap;

use yew_router::Routable;

use crate::i18n::Text;

/// Who may open a page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Anyone,
    GuestsOnly,
    SignedInOnly,
}

/// What `dist/` holds for a page at build time (`prerender.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Built {
    /// Its markup, for a guest, with this description for search results.
    Prerendered(Text),
    /// The empty shell: it has nothing to show before the app runs.
    Shell,
}

/// Which part of the release wasm holds a page (`chunk`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The module every page loads.
    Main,
    /// The chunk of the signed-in and phone pages, fetched when first shown.
    Chunk,
}

/// One page: everything else about routes is read from [`PAGES`].
#[derive(Clone, Copy, Debug)]
pub struct Page {
    pub route: Route,
    pub path: &'static str,
    pub access: Access,
    pub part: Part,
    pub built: Built,
}

/// Every page, once, in one row: its route, its address, who may open it,
/// the part of the wasm that holds it, what the build writes for it, and
/// its component (in `pages/`). Hands the rows to `$then`, a macro: here
/// it makes `Route` and `PAGES`, in `pages` the switch. A new page is a
/// row here, and its file in `pages/` with its `mod` line.
macro_rules! for_each_page {
    ($then:ident) => {
        $then! {
            Home "/" GuestsOnly Main (Prerendered(Text::DescHome)) home::Home,
            Login "/login" GuestsOnly Main (Prerendered(Text::DescLogin)) login::Login,
            MagicLink "/login-with-magic-link" GuestsOnly Main (Prerendered(Text::DescMagicLink)) magic_link::MagicLink,
            Register "/register" GuestsOnly Main (Prerendered(Text::DescRegister)) register::Register,
            ForgotPassword "/forgot-password" GuestsOnly Main (Prerendered(Text::DescForgot)) forgot_password::ForgotPassword,
            PhoneLogin "/login-with-phone" GuestsOnly Chunk (Prerendered(Text::DescPhoneLogin)) phone::PhoneLogin,
            PhoneRegister "/register-with-phone" GuestsOnly Chunk (Prerendered(Text::DescPhoneRegister)) phone::PhoneRegister,
            PhoneReset "/forgot-password-with-phone" GuestsOnly Chunk (Prerendered(Text::DescPhoneForgot)) phone::PhoneReset,
            // It signs people in (or switches accounts).
            AuthRedirect "/auth-redirect" Anyone Chunk (Shell) auth_redirect::AuthRedirect,
            Profile "/profile" SignedInOnly Chunk (Shell) profile::Profile,
            // Missing for everyone; the last row.
            NotFound "/404" Anyone Main (Prerendered(Text::NothingHere)) not_found::NotFound,
        }
    };
}
pub(crate) use for_each_page;

macro_rules! routes {
    ($( $(#[$doc:meta])* $route:ident $path:literal $access:ident $part:ident ($built:expr) $($page:ident)::+, )*) => {
        /// A page of the app (`for_each_page`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Route {
            $($route),*
        }

        /// Every page, once.
        pub const PAGES: &[Page] = &[
            $(Page {
                route: Route::$route,
                path: $path,
                access: Access::$access,
                part: Part::$part,
                built: { use Built::*; $built },
            }),*
        ];
    };
}
for_each_page!(routes);

/// The row of `route`.
pub fn page_of(route: &Route) -> &'static Page {
    let row = PAGES.iter().find(|p| p.route == *route);
    // Every route has its row (tested below); the not-found page otherwise.
    row.unwrap_or(&PAGES[PAGES.len() - 1])
}

fn find(path: &str) -> Option<Route> {
    PAGES.iter().find(|p| p.path == path).map(|p| p.route)
}

/// By hand rather than `#[derive(Routable)]`: the derive matches paths
/// with a general pattern router (`route-recognizer`), 12 KB of wasm for
/// a dozen fixed addresses without parameters.
impl Routable for Route {
    fn from_path(path: &str, _params: &HashMap<&str, &str>) -> Option<Self> {
        find(path)
    }

    fn to_path(&self) -> String {
        page_of(self).path.to_owned()
    }

    fn routes() -> Vec<&'static str> {
        PAGES.iter().map(|p| p.path).collect()
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

/// Sent along to the login page (as history state) once an account is gone.
pub struct AccountDeleted;

pub fn access(route: &Route) -> Access {
    page_of(route).access
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
/// pages (`chunk`), fetched when first shown: the pages of a sign-in
/// and the phone pages, which a guest on the email pages never needs.
pub fn in_chunk(route: &Route) -> bool {
    page_of(route).part == Part::Chunk
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

    fn all() -> impl Iterator<Item = Route> {
        PAGES.iter().map(|p| p.route)
    }

    #[test]
    fn addresses_lead_to_their_pages_and_back() {
        for route in all() {
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
        assert_eq!(Route::routes().len(), PAGES.len());
        // One row per route, each with its own path.
        for (i, a) in PAGES.iter().enumerate() {
            for b in &PAGES[i + 1..] {
                assert!(a.route != b.route && a.path != b.path, "{a:?} {b:?}");
            }
        }
        assert_eq!(page_of(&Route::NotFound).route, Route::NotFound);
    }

    #[test]
    fn the_chunk_is_fetched_first_for_its_pages_and_for_anyone_signed_in() {
        for route in all() {
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
        for route in all() {
            let expected = match route {
                Route::Profile => Some(Route::Login),
                _ => None,
            };
            assert_eq!(redirect_for(&route, false), expected, "{route:?}");
        }
    }

    #[test]
    fn every_route_when_signed_in() {
        for page in PAGES {
            let expected = (page.access == Access::GuestsOnly).then_some(Route::Profile);
            assert_eq!(
                redirect_for(&page.route, true),
                expected,
                "{:?}",
                page.route
            );
        }
        let guests = PAGES.iter().filter(|p| p.access == Access::GuestsOnly);
        assert_eq!(guests.count(), 8);
    }

    #[test]
    fn a_chosen_phone_leads_to_the_phone_pages() {
        for route in all() {
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
            for route in all() {
                if let Some(to) = redirect_for(&route, signed_in) {
                    assert_eq!(redirect_for(&to, signed_in), None, "{route:?} -> {to:?}");
                }
            }
        }
    }
}
