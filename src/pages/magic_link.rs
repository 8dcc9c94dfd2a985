use yew::prelude::*;

use crate::components::Page;

#[component]
pub fn MagicLink() -> Html {
    html! {
        <Page title="Login with magic link" heading="Login with magic link" />
    }
}
