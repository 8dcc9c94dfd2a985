use crate::i18n::{t, T};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::Page;
use crate::config;
use crate::route::Route;

#[component]
pub fn Home() -> Html {
    // The home page's title is the site's name.
    html! {
        <Page title={config::site().name.clone()} heading={t(T::Welcome)}>
            <p>{ t(T::HomeIntro) }</p>
            <nav class="choices" aria-label={t(T::HomeChoices)}>
                <Link<Route> to={Route::Login} classes="button">{ t(T::Login) }</Link<Route>>
                <Link<Route> to={Route::MagicLink} classes="button">{ t(T::LoginWithMagicLinkButton) }</Link<Route>>
                <Link<Route> to={Route::Register} classes="button">{ t(T::Register) }</Link<Route>>
            </nav>
        </Page>
    }
}
