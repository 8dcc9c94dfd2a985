use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::Page;
use crate::config;
use crate::route::Route;

#[component]
pub fn Home() -> Html {
    // The home page's title is the site's name.
    html! {
        <Page title={config::site().name.clone()} heading="Welcome">
            <p>{ "Sign in to see your profile, or create an account." }</p>
            <nav class="choices" aria-label="Sign in or register">
                <Link<Route> to={Route::Login} classes="button">{ "Login" }</Link<Route>>
                <Link<Route> to={Route::MagicLink} classes="button">{ "Login With Magic Link" }</Link<Route>>
                <Link<Route> to={Route::Register} classes="button">{ "Register" }</Link<Route>>
            </nav>
        </Page>
    }
}
