//! The profile, and the views only it shows.

mod account;
mod agree;
mod avatar;
mod delete;
mod details;
mod device;
mod name;
mod sessions;
mod sign_out_many;

use account::{ChangeEmail, ChangePassword, ChangePhone};
use agree::AgreeFirst;
use avatar::Avatar;
use delete::DeleteAccount;
use details::Details;
use name::UserInfo;
use sessions::Sessions;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::altogic::auth;
use crate::altogic::Api;
use crate::auth::{consent, use_api, use_auth, AuthAction, AuthContext};
use crate::components::Page;
use crate::config;
use crate::i18n::{fill, t, Text};

/// Log out: signed out here at once, whatever the server says (a person
/// who asks to leave must never be kept in).
fn log_out(api: &Api, auth: &AuthContext) -> Callback<MouseEvent> {
    let (api, auth) = (api.clone(), auth.clone());
    Callback::from(move |_| {
        let api = api.clone();
        spawn_local(async move {
            let _ = api.send(auth::sign_out(None)).await;
        });
        auth.dispatch(AuthAction::SignOut);
    })
}

#[component]
pub fn Profile() -> Html {
    let auth = use_auth();
    let api = use_api();

    // Show the stored user at once, then refresh it from the server once;
    // not when it just came from the server (a sign-in in this tab).
    {
        let (auth, api) = (auth.clone(), api.clone());
        use_effect_with((), move |_| {
            if !auth.is_fresh() {
                spawn_local(async move {
                    if let Ok(user) = api.send(auth::current_user()).await {
                        auth.dispatch(AuthAction::Refresh(user));
                    }
                });
            }
        });
    }

    let onlogout = log_out(&api, &auth);

    // The guard only lets signed-in people in.
    let Some(user) = auth.user() else {
        return Html::default();
    };
    if consent::pending(user) {
        return html! { <AgreeFirst user={user.clone()} /> };
    }
    html! {
        <Page title={fill(Text::ProfileTitle, &[("name", user.display_name())])}>
            // Keyed by user: if another tab signs in as someone else, these
            // start over for that person instead of showing the last one's.
            <Avatar key={format!("avatar-{}", user.id)} />
            <UserInfo key={format!("info-{}", user.id)} />
            <Details key={format!("details-{}", user.id)} />
            <Sessions key={format!("sessions-{}", user.id)} />
            <section class="account" aria-labelledby="account-heading">
                <h2 id="account-heading">{ t(Text::Account) }</h2>
                <p class="hint">{ fill(Text::SignedInAs, &[("who", user.email.as_deref().or(user.phone.as_deref()).unwrap_or_default())]) }</p>
                // A provider's user has no password, which each change asks for.
                if let Some(provider) = user.provider() {
                    <p>{ fill(Text::SignedInWith, &[("provider", config::provider_name(provider).unwrap_or(provider))]) }</p>
                } else {
                    <ChangePassword key={format!("password-{}", user.id)} />
                    <ChangeEmail key={format!("email-{}", user.id)} />
                    <ChangePhone key={format!("phone-{}", user.id)} />
                }
            </section>
            <DeleteAccount key={format!("delete-{}", user.id)} />
            <div class="actions center">
                <button type="button" class="secondary" onclick={onlogout}>{ t(Text::Logout) }</button>
            </div>
        </Page>
    }
}
