use yew::prelude::*;

use crate::components::Page;

#[component]
pub fn AuthRedirect() -> Html {
    html! {
        <Page title="Verify your account" heading="Please wait">
            <p>{ "You're redirecting to your profile..." }</p>
        </Page>
    }
}
