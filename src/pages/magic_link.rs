use crate::i18n::{t, T};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{EmailLink, EmailLinkForm, Page};
use crate::route::Route;

#[component]
pub fn MagicLink() -> Html {
    html! {
        <Page title={t(T::MagicLinkTitle)} heading={t(T::MagicLinkTitle)}>
            <p>{ t(T::MagicLinkIntro) }</p>
            <EmailLinkForm link={EmailLink::MagicLink} button={t(T::SendMagicLink)}
                sent={t(T::MagicLinkSent)} />
            <p class="links">
                <Link<Route> to={Route::Register}>{ t(T::NoAccount) }</Link<Route>>
                <Link<Route> to={Route::Login}>{ t(T::LoginWithPassword) }</Link<Route>>
            </p>
        </Page>
    }
}
