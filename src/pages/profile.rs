use yew::prelude::*;

use crate::auth::use_auth;
use crate::components::Page;

#[component]
pub fn Profile() -> Html {
    let auth = use_auth();
    // The guard only lets signed-in people in, so the user is there.
    let name = auth.user().map(|u| u.display_name()).unwrap_or_default();
    html! {
        <Page title={format!("{name} - Profile")} heading={format!("Hello, {name}")} />
    }
}
