use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::Page;
use crate::i18n::{t, Text};
use crate::route::Route;

#[component]
pub fn NotFound() -> Html {
    html! {
        <Page title={t(Text::PageNotFound)} heading={t(Text::PageNotFound)}>
            <p>{ t(Text::NothingHere) }</p>
            <p><Link<Route> to={Route::Home}>{ t(Text::GoToStart) }</Link<Route>></p>
        </Page>
    }
}
