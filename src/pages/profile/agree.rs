//! A provider's user who has not agreed to the site's terms
//! (`consent::pending`) is asked before the profile shows: the provider
//! made the account without our register page. Agreeing writes the time
//! into the user document (`db/object/update`), then goes on to where the
//! sign-in was going; Cancel signs out. A consent given on the register
//! page before "Continue with …" is written at once.

use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth::TERMS_ACCEPTED_AT;
use crate::altogic::{db, Api, ApiError, User};
use crate::auth::{consent, return_to, use_api, use_auth, AuthAction, AuthContext};
use crate::components::{consent_field, submit, use_field, use_form, FormState, Page};
use crate::config;
use crate::i18n::{t, Text};
use crate::validate::field;

/// Writes the consent given `at` into `user`'s document, then goes on.
async fn record(
    api: Api,
    auth: AuthContext,
    navigator: Option<Navigator>,
    user: User,
    at: String,
) -> Result<(), ApiError> {
    let updated = api
        .send(db::update_user(
            config::users_model(),
            &user.id,
            TERMS_ACCEPTED_AT,
            Some(&at),
        ))
        .await?;
    auth.dispatch(AuthAction::UpdateUser(updated));
    return_to::go_on(navigator.as_ref());
    Ok(())
}

#[derive(Properties, PartialEq)]
pub struct AgreeProps {
    pub user: User,
}

#[component]
pub fn AgreeFirst(props: &AgreeProps) -> Html {
    let (auth, api, navigator) = (use_auth(), use_api(), use_navigator());
    let agreed = use_field(field::CONSENT);
    let form = use_form(&[&agreed]);
    {
        let (auth, api, navigator, user, state) = (
            auth.clone(),
            api.clone(),
            navigator.clone(),
            props.user.clone(),
            form.state.clone(),
        );
        use_effect_with((), move |_| {
            if let Some(at) = consent::take_given() {
                state.set(FormState::sending());
                spawn_local(async move {
                    let done = record(api, auth, navigator, user, at).await;
                    state.set(done.err().map(FormState::failed).unwrap_or_default());
                });
            }
        });
    }
    let onsubmit = {
        let (auth, api, navigator, user) =
            (auth.clone(), api.clone(), navigator, props.user.clone());
        form.on_submit(move || {
            let at = consent::now_iso();
            Ok(record(
                api.clone(),
                auth.clone(),
                navigator.clone(),
                user.clone(),
                at,
            ))
        })
    };
    // Cancel: not agreeing is leaving.
    let ondecline = super::log_out(&api, &auth);
    let Some(legal) = config::legal() else {
        return Html::default();
    };
    html! {
        <Page title={t(Text::ConsentTitle)} heading={t(Text::ConsentTitle)}>
            <form {onsubmit} novalidate=true>
                <p>{ t(Text::ConsentIntro) }</p>
                { form.errors() }
                { consent_field(&agreed, &form, legal) }
                <div class="actions">
                    { submit(t(Text::Continue), t(Text::Saving), form.busy()) }
                    <button type="button" class="secondary" onclick={ondecline}>{ t(Text::Cancel) }</button>
                </div>
            </form>
        </Page>
    }
}
