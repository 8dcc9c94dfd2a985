//! Nothing typed twice: the address or number typed on one guest page goes
//! along to the others (login, forgot password, magic link, register, the
//! phone pages); a page opened with `?email=` or `?phone=` starts with it,
//! as OpenID's `login_hint` does, else with the one this device last
//! signed in with (`auth::last_used`).

use std::cell::RefCell;

use crate::auth::last_used::{self, LastUsed};
use crate::percent;
use crate::route::SignInWith;
use crate::validate::field;

/// The fields that go along, each with its query parameter (its id) and
/// the way of signing in it is for.
const CARRIED: [(&str, SignInWith); 2] = [
    (field::EMAIL.id, SignInWith::Email),
    (field::PHONE.id, SignInWith::Phone),
];

thread_local! {
    /// What each carried field holds now; read from the address and the
    /// way last used when first asked.
    static VALUES: RefCell<Option<[String; 2]>> = const { RefCell::new(None) };
}

/// What a carried field starts with: the address's parameter, else what
/// this device last signed in with by that way.
pub fn seed(search: &str, last: Option<&LastUsed>) -> [String; 2] {
    CARRIED.map(|(id, way)| {
        percent::param(search, id)
            .map(percent::decode_form)
            .filter(|v| !v.trim().is_empty())
            .or_else(|| last.and_then(|l| l.offered(way)).map(str::to_owned))
            .unwrap_or_default()
    })
}

fn slot(id: &str) -> Option<usize> {
    CARRIED.iter().position(|(carried, _)| *carried == id)
}

fn with_values<R>(f: impl FnOnce(&mut [String; 2]) -> R) -> R {
    VALUES.with(|values| {
        f(values.borrow_mut().get_or_insert_with(|| {
            // At build time the pages are for a first visit.
            if cfg!(not(target_arch = "wasm32")) {
                return Default::default();
            }
            let search = web_sys::window().and_then(|w| w.location().search().ok());
            seed(&search.unwrap_or_default(), last_used::get().as_ref())
        }))
    })
}

/// What the field `id` starts with, when nothing was typed into it yet.
pub fn carried(id: &str) -> String {
    slot(id).map_or_else(String::new, |i| with_values(|v| v[i].clone()))
}

/// What the field `id` holds now, for the next page.
pub fn carry(id: &str, value: &str) {
    if let Some(i) = slot(id) {
        with_values(|v| value.clone_into(&mut v[i]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_starts_with_the_hint_else_the_way_last_used() {
        let last = LastUsed {
            way: "email".into(),
            who: "last@b.co".into(),
        };
        assert_eq!(seed("", None), [String::new(), String::new()]);
        assert_eq!(
            seed("", Some(&last)),
            ["last@b.co".to_owned(), String::new()]
        );
        assert_eq!(
            seed("?email=ada%2Bx%40b.co&phone=%2B90+555+111", Some(&last)),
            ["ada+x@b.co".to_owned(), "+90 555 111".to_owned()]
        );
        // An empty hint is no hint.
        assert_eq!(seed("?email=&return_to=/app/", Some(&last))[0], "last@b.co");
        let by_phone = LastUsed {
            way: "phone".into(),
            who: "+905551112233".into(),
        };
        assert_eq!(seed("?x=1", Some(&by_phone))[1], "+905551112233");
    }
}
