//! One file per route.

mod auth_redirect;
mod forgot_password;
mod home;
pub mod login;
mod magic_link;
mod not_found;
mod profile;
mod register;

use yew::prelude::*;

use crate::app::Route;

pub use auth_redirect::AuthRedirect;
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use login::Login;
pub use magic_link::MagicLink;
pub use not_found::NotFound;
pub use profile::Profile;
pub use register::Register;

/// The page for a route, once the guard has let the person in.
pub fn page(route: &Route) -> Html {
    match route {
        Route::Home => html! { <Home /> },
        Route::Login => html! { <Login /> },
        Route::MagicLink => html! { <MagicLink /> },
        Route::Register => html! { <Register /> },
        Route::ForgotPassword => html! { <ForgotPassword /> },
        Route::AuthRedirect => html! { <AuthRedirect /> },
        Route::Profile => html! { <Profile /> },
        Route::NotFound => html! { <NotFound /> },
    }
}
