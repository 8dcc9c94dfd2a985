use crate::i18n::{t, T};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::Page;
use crate::route::Route;

#[component]
pub fn NotFound() -> Html {
    html! {
        <Page title={t(T::PageNotFound)} heading={t(T::PageNotFound)}>
            <p>{ t(T::NothingHere) }</p>
            <p><Link<Route> to={Route::Home}>{ t(T::GoToStart) }</Link<Route>></p>
        </Page>
    }
}
