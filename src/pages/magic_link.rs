use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{EmailLink, EmailLinkForm, Page};
use crate::i18n::{t, Text};
use crate::route::Route;

#[component]
pub fn MagicLink() -> Html {
    html! {
        <Page title={t(Text::MagicLinkTitle)} heading={t(Text::MagicLinkTitle)}>
            <p>{ t(Text::MagicLinkIntro) }</p>
            <EmailLinkForm link={EmailLink::MagicLink} button={t(Text::SendMagicLink)}
                sent={t(Text::MagicLinkSent)} />
            <p class="links">
                <Link<Route> to={Route::Register}>{ t(Text::NoAccount) }</Link<Route>>
                <Link<Route> to={Route::Login}>{ t(Text::LoginWithPassword) }</Link<Route>>
            </p>
        </Page>
    }
}
