use yew::prelude::*;

use crate::components::Page;

#[component]
pub fn Register() -> Html {
    html! {
        <Page title="Register" heading="Create an account" />
    }
}
