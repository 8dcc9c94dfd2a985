//! One file (or folder) per route, and the switch from a route to its
//! page, made from `route::for_each_page`. The pages of `Part::Chunk` are
//! a wasm chunk of their own in the release build (`chunk`): the switch
//! has one half for each part, so that the chunk's half is reached only
//! from there.

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

use crate::route::{for_each_page, Route};

/// `Some(page)` in the half of the switch for `$part`, `None` in the other:
/// a chunk page's component is named only in the chunk's half.
macro_rules! in_half {
    (Main Main $page:expr) => {
        Some($page)
    };
    (Chunk Chunk $page:expr) => {
        Some($page)
    };
    ($part:ident $half:ident $page:expr) => {
        None
    };
}

/// The switch from a route to its page, in two halves, from the rows of
/// `route::for_each_page`.
macro_rules! switch {
    ($( $route:ident $path:literal $access:ident $part:ident ($built:expr) $($page:ident)::+, )*) => {
        /// The page at `route` if it is in the module every page loads
        /// (`Part::Main`); `None` for a page of the chunk.
        pub fn main_part(route: Route) -> Option<Html> {
            match route {
                $(Route::$route => in_half!($part Main html! { <$($page)::+ /> }),)*
            }
        }

        /// The page at `route` if it is in the chunk (`Part::Chunk`); called
        /// only from the chunk's split point (`chunk`).
        pub fn chunk_part(route: Route) -> Option<Html> {
            match route {
                $(Route::$route => in_half!($part Chunk html! { <$($page)::+ /> }),)*
            }
        }
    };
}
for_each_page!(switch);

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
