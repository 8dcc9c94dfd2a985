//! One file (or folder) per route, and the switch from a route to its
//! page. The pages of `Part::Chunk` (`route::PAGES`) are a wasm chunk of
//! their own in the release build (`app::chunk`): the switch has one half
//! for each part, so that the chunk's half is reached only from there.

mod auth_redirect;
mod forgot_password;
mod home;
mod login;
mod magic_link;
mod not_found;
mod phone;
mod profile;
mod register;

use yew::{html, Html};

use crate::route::Route;

/// The page at `route` if it is in the module every page loads
/// (`Part::Main`); `None` for a page of the chunk.
pub fn main_part(route: Route) -> Option<Html> {
    Some(match route {
        Route::Home => html! { <home::Home /> },
        Route::Login => html! { <login::Login /> },
        Route::MagicLink => html! { <magic_link::MagicLink /> },
        Route::Register => html! { <register::Register /> },
        Route::ForgotPassword => html! { <forgot_password::ForgotPassword /> },
        Route::NotFound => not_found(),
        Route::AuthRedirect
        | Route::Profile
        | Route::PhoneLogin
        | Route::PhoneRegister
        | Route::PhoneReset => return None,
    })
}

/// The page at `route` if it is in the chunk (`Part::Chunk`); called only
/// from the chunk's split point (`app::chunk`).
pub fn chunk_part(route: Route) -> Option<Html> {
    Some(match route {
        Route::AuthRedirect => html! { <auth_redirect::AuthRedirect /> },
        Route::Profile => html! { <profile::Profile /> },
        Route::PhoneLogin => html! { <phone::PhoneLogin /> },
        Route::PhoneRegister => html! { <phone::PhoneRegister /> },
        Route::PhoneReset => html! { <phone::PhoneReset /> },
        Route::Home
        | Route::Login
        | Route::MagicLink
        | Route::Register
        | Route::ForgotPassword
        | Route::NotFound => return None,
    })
}

pub fn not_found() -> Html {
    html! { <not_found::NotFound /> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::route::{Part, PAGES};

    #[test]
    fn each_page_is_in_the_half_of_the_switch_its_row_names() {
        for page in PAGES {
            let main = page.part == Part::Main;
            assert_eq!(main_part(page.route).is_some(), main, "{:?}", page.route);
            assert_eq!(chunk_part(page.route).is_some(), !main, "{:?}", page.route);
        }
    }
}
