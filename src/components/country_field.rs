//! The country a phone field's number is dialled in (`country`): every
//! country by the browser's name for it in the page's language, in that
//! language's order, with its calling code; the site's default country
//! chosen, else the browser's region, else none (a number then starts
//! with `+`). Typing the first letters of a name finds it, as in any
//! `<select>`.

use std::cell::Cell;

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use super::takeover;
use crate::country;
use crate::i18n::{t, Text};

/// The select's id: what the takeover keeps it by.
const ID: &str = "country";

thread_local! {
    static STARTED: Cell<bool> = const { Cell::new(false) };
}

/// Chooses the country the page starts in, once: one picked on the
/// prerendered page, the site's default, or the browser's region.
fn start() {
    if STARTED.with(|s| s.replace(true)) {
        return;
    }
    let picked = Some(takeover::typed(ID)).filter(|p| !p.is_empty());
    let start = picked
        .or_else(crate::config::default_country)
        .or_else(browser_region);
    country::choose(&start.unwrap_or_default());
}

#[cfg(target_arch = "wasm32")]
fn browser_region() -> Option<String> {
    let languages = web_sys::window()?.navigator().languages();
    languages
        .iter()
        .filter_map(|tag| tag.as_string())
        .find_map(|tag| country::region_of(&tag))
}

/// At build time the pages are for a visitor nobody knows yet.
#[cfg(not(target_arch = "wasm32"))]
fn browser_region() -> Option<String> {
    None
}

/// The countries as they are listed: the code, the name shown, the
/// calling code.
type Listed = (&'static str, String, &'static str);

/// The names the browser gives the countries in the page's language,
/// sorted as that language sorts them.
#[cfg(target_arch = "wasm32")]
fn listed() -> Vec<Listed> {
    let lang = crate::i18n::lang();
    let locales = js_sys::Array::of1(&lang.into());
    let options = js_sys::Intl::DisplayNamesOptions::new();
    options.set_type(js_sys::Intl::DisplayNamesType::Region);
    let names = js_sys::Intl::DisplayNames::new(&locales, &options);
    let mut listed: Vec<Listed> = country::all()
        .map(|(iso, calling)| {
            let name = names.of(iso).map_or_else(|| iso.to_owned(), String::from);
            (iso, name, calling)
        })
        .collect();
    let plain = js_sys::Object::new();
    listed.sort_by(|a, b| {
        js_sys::JsString::from(a.1.as_str())
            .locale_compare(&b.1, &locales, &plain)
            .cmp(&0)
    });
    listed
}

/// At build time: the site's default alone (the app lists them all when
/// it takes the page over; the keyboard's place is the select's, whatever
/// its options).
#[cfg(not(target_arch = "wasm32"))]
fn listed() -> Vec<Listed> {
    country::all()
        .filter(|(iso, _)| country::chosen() == Some(*iso))
        .map(|(iso, calling)| (iso, iso.to_owned(), calling))
        .collect()
}

thread_local! {
    static LISTED: std::cell::OnceCell<Vec<Listed>> = const { std::cell::OnceCell::new() };
}

pub fn country_field() -> Html {
    start();
    let chosen = country::chosen();
    let options = LISTED.with(|l| {
        l.get_or_init(listed)
            .iter()
            .map(|(iso, name, calling)| {
                html! {
                    <option value={*iso} selected={chosen == Some(*iso)}>{ format!("{name} (+{calling})") }</option>
                }
            })
            .collect::<Html>()
    });
    let onchange = Callback::from(|e: Event| {
        country::choose(&e.target_unchecked_into::<HtmlSelectElement>().value());
    });
    html! {
        <div class="field">
            <label for={ID}>{ t(Text::Country) }</label>
            <select id={ID} autocomplete="country" {onchange}>
                <option value="" selected={chosen.is_none()}>{ t(Text::WithCountryCode) }</option>
                { options }
            </select>
        </div>
    }
}
