//! "Continue with GitHub": sign-in with a provider, which is a plain
//! navigation to Altogic (`<env>/_auth/<provider>`), so the links work on the
//! prerendered page before the app has started.
//!
//! Every provider Altogic knows is rendered, `hidden` unless the page's
//! `<meta name="altogic-oauth-providers">` turns it on: which ones show is
//! configuration, and the prerendered pages are rendered here too, for the
//! site's providers (`prerender`). Each provider's mark is the
//! stylesheet's (a `::before` background), and the page carries the marks
//! of the links that show inline (`<style id="marks">`, written by the
//! site writer): nothing fetched, and nothing decoded again when the app
//! takes the page over (an `<img>` was: 50 ms later "usable" on the phone
//! profile).

use yew::prelude::*;

use super::sign_in_with::last_used_badge;
use crate::config::{self, PROVIDERS};
use crate::i18n::{fill, t, Text};

/// A view without state of its own: a function, not a component (smaller).
/// `onclick` hears of a click on one first (and may stop it).
pub fn provider_links(onclick: Option<Callback<MouseEvent>>, last_used: Option<&str>) -> Html {
    #[cfg(feature = "ssr")]
    DREW.with(|drew| drew.set(true));
    let on = config::oauth_providers();
    let env_url = config::get().map_or("", |c| c.env_url.as_str());
    html! {
        <div class="providers" hidden={on.is_empty()}>
            <p class="divider">{ t(Text::Or) }</p>
            { for PROVIDERS.iter().map(|&(id, name)| html! {
                // A click marks this tab as the one that asked
                // (js/early.js, so it works before the app has started).
                <a class="button secondary provider" href={format!("{env_url}/_auth/{id}")}
                    hidden={!on.contains(&id)} onclick={onclick.clone()}>
                    { fill(Text::ContinueWith, &[("provider", name)]) }
                    if last_used == Some(id) { { last_used_badge() } }
                </a>
            }) }
        </div>
    }
}

#[cfg(feature = "ssr")]
thread_local! {
    /// Whether the last page rendered on the host shows the provider links.
    static DREW: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether the last page rendered on the host drew the provider links,
/// once: the site writer gives that page the marks of those that show.
#[cfg(feature = "ssr")]
pub fn take_drew_providers() -> bool {
    DREW.with(|drew| drew.replace(false))
}
