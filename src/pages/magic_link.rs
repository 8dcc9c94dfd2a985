use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::{EmailLink, EmailLinkForm, Page};
use crate::route::Route;

#[component]
pub fn MagicLink() -> Html {
    html! {
        <Page title="Login with magic link" heading="Login with magic link">
            <p>{ "We'll email you a link that signs you in, no password needed." }</p>
            <EmailLinkForm link={EmailLink::MagicLink} button="Send magic link"
                sent="Email sent! Check your inbox." />
            <p class="links">
                <Link<Route> to={Route::Register}>{ "Don't have an account? Register now" }</Link<Route>>
                <Link<Route> to={Route::Login}>{ "Login with a password" }</Link<Route>>
            </p>
        </Page>
    }
}
