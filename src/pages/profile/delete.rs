//! Deleting one's account (`config::account_deletion`), in the profile's
//! danger zone: asked again (the password, or for a provider's user the
//! address typed), then every other device signed out, the picture file
//! deleted, the user deleted, this browser cleared.

use yew::prelude::*;
use yew_router::prelude::*;

use super::account::{use_foldable, Disclosure};
use crate::altogic::{auth, db, phone, storage, Api};
use crate::auth::{last_used, use_api, use_auth, AuthAction};
use crate::components::{email_field, password_field, submit, use_field, Password};
use crate::config::{self, Deletion};
use crate::i18n::{t, Text};
use crate::route::{AccountDeleted, Route};
use crate::validate::field;

#[component]
pub fn DeleteAccount() -> Html {
    let auth = use_auth();
    let api = use_api();
    let navigator = use_navigator();
    let password = use_field(field::CURRENT_PASSWORD);
    let address = use_field(field::CONFIRM_EMAIL);
    let (Some(deletion), Some(user)) = (config::account_deletion(), auth.user().cloned()) else {
        return Html::default();
    };
    // A provider's user has no password: their address, typed, confirms.
    let by_password = user.provider().is_none();
    let asked = if by_password { &password } else { &address };
    let folded = use_foldable(&[asked]);
    let form = folded.form.clone();

    let onsubmit = {
        let (password, address, user) = (password.clone(), address.clone(), user.clone());
        form.on_submit(move || {
            let (api, auth, navigator) = (api.clone(), auth.clone(), navigator.clone());
            let user = user.clone();
            let secret = password.value();
            if !by_password
                && !address
                    .value()
                    .eq_ignore_ascii_case(user.email.as_deref().unwrap_or_default())
            {
                return Err(vec![(field::CONFIRM_EMAIL.id, t(Text::NotYourAddress))]);
            }
            Ok(async move {
                // The password checked by a sign-in, whose session then does
                // the rest: every other one (this tab's too) ends first.
                let acting = if by_password {
                    let again = match &user.email {
                        Some(email) => api.send(auth::sign_in(email, &secret)).await?,
                        None => {
                            let number = user.phone.as_deref().unwrap_or_default();
                            api.send(phone::sign_in(number, &secret)).await?
                        }
                    };
                    Api::of_session(&again.session.token)
                } else {
                    api.clone()
                };
                acting.send(auth::sign_out_all_except()).await?;
                if let Some(picture) = &user.profile_picture {
                    // A picture left behind is not worth a failed deletion.
                    let _ = acting.send(storage::delete_file(picture)).await;
                }
                match deletion {
                    Deletion::Object => {
                        acting
                            .send(db::delete_user(config::users_model(), &user.id))
                            .await?
                    }
                    Deletion::Endpoint(path) => acting.send(db::delete_by_endpoint(path)).await?,
                }
                let _ = acting.send(auth::sign_out(None)).await;
                last_used::forget();
                auth.dispatch(AuthAction::SignOut);
                if let Some(navigator) = navigator {
                    navigator.replace_with_state(&Route::Login, AccountDeleted);
                }
                Ok(())
            })
        })
    };

    html! {
        <section class="danger-zone" aria-labelledby="danger-heading">
            <h2 id="danger-heading">{ t(Text::DangerZone) }</h2>
            <Disclosure label={t(Text::DeleteAccount)} open={*folded.open} on_toggle={folded.on_toggle()}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    <p>{ t(Text::DeleteAccountWarning) }</p>
                    { form.errors() }
                    if by_password {
                        { password_field(&password, &form, t(Text::CurrentPassword), Password::Current) }
                    } else {
                        { email_field(&address, &form, t(Text::TypeYourAddress)) }
                    }
                    <div class="actions">
                        { submit(t(Text::DeleteForever), t(Text::Deleting), form.busy()) }
                    </div>
                </form>
            </Disclosure>
        </section>
    }
}
