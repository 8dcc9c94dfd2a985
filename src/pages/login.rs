use yew::prelude::*;

use crate::components::Page;

#[component]
pub fn Login() -> Html {
    html! {
        <Page title="Login" heading="Login to your account" />
    }
}
