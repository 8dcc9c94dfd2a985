use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::Page;
use crate::config;
use crate::i18n::{t, Text};
use crate::route::Route;

#[component]
pub fn Home() -> Html {
    // The home page's title is the site's name.
    html! {
        <Page title={config::site().name.clone()} heading={t(Text::Welcome)}>
            <p>{ t(Text::HomeIntro) }</p>
            <nav class="choices" aria-label={t(Text::HomeChoices)}>
                <Link<Route> to={Route::Login} classes="button">{ t(Text::Login) }</Link<Route>>
                <Link<Route> to={Route::MagicLink} classes="button">{ t(Text::LoginWithMagicLinkButton) }</Link<Route>>
                <Link<Route> to={Route::Register} classes="button">{ t(Text::Register) }</Link<Route>>
            </nav>
        </Page>
    }
}
