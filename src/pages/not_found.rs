use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::Page;
use crate::route::Route;

#[component]
pub fn NotFound() -> Html {
    html! {
        <Page title="Page not found" heading="Page not found">
            <p>{ "There is nothing at this address." }</p>
            <p><Link<Route> to={Route::Home}>{ "Go to the start page" }</Link<Route>></p>
        </Page>
    }
}
