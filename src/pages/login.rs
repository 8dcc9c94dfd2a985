use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::auth;
use crate::auth::last_used::LastUsed;
use crate::auth::{storage, use_api, use_auth, AuthAction};
use crate::components::{
    email_field, keep_signed_in_field, not_me, notice, password_field, provider_links, submit,
    use_carried_field, use_field, use_form, use_last_used, Page, Password, ResendVerification,
    SignInWithChoice,
};
use crate::i18n::{t, Text};
use crate::route::{AccountDeleted, PasswordChanged, Route, SignInWith};
use crate::validate::field;

#[component]
pub fn Login() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_carried_field(field::EMAIL);
    let last = use_last_used();
    let password = use_field(field::PASSWORD);
    let keep = use_field(field::KEEP_SIGNED_IN);
    let form = use_form(&[&email, &password, &keep]);
    let location = use_location();
    let password_changed = location
        .as_ref()
        .and_then(|l| l.state::<PasswordChanged>())
        .is_some();
    let account_deleted = location.and_then(|l| l.state::<AccountDeleted>()).is_some();

    // The form is usable: the moment `scripts/bench` measures to.
    use_effect_with((), |_| {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark("login-form-ready");
        }
    });

    let onsubmit = {
        let (email, password, keep) = (email.clone(), password.clone(), keep.clone());
        form.on_submit(move || {
            storage::keep_signed_in(keep.checked(true));
            let (api, auth) = (api.clone(), auth.clone());
            let (email, password) = (email.value(), password.value());
            // The guard takes the person on to their profile.
            Ok(async move {
                let s = api.send(auth::sign_in(&email, &password)).await?;
                auth.dispatch(AuthAction::SignIn {
                    session: s.session,
                    user: s.user,
                    by: SignInWith::Email,
                });
                Ok(())
            })
        })
    };

    html! {
        <Page title={t(Text::Login)} heading={t(Text::LoginHeading)}>
            <SignInWithChoice current={SignInWith::Email} email={Route::Login} last_used={last.as_ref().and_then(LastUsed::way)} />
            <form {onsubmit} novalidate=true>
                if password_changed && form.state.error.is_none() {
                    { notice(t(Text::PasswordChangedLogIn)) }
                }
                if account_deleted {
                    { notice(t(Text::AccountDeleted)) }
                }
                { form.errors() }
                // Whatever the refusal's code, an unverified address may be
                // why: the way on is offered (Altogic documents no code for it).
                if form.state.error.as_ref().is_some_and(|e| e.is_refusal()) {
                    <ResendVerification email={(*email).clone()} />
                }
                { email_field(&email, &form, t(Text::Email)) }
                { not_me(&email, &last, SignInWith::Email) }
                { password_field(&password, &form, t(Text::Password), Password::Current) }
                { keep_signed_in_field(&keep, &form) }
                <div class="actions">
                    { submit(t(Text::Login), t(Text::LoggingIn), form.busy()) }
                </div>
            </form>
            // The provider's sign-in is kept as the box says, too.
            { provider_links(
                Some(Callback::from(move |_| storage::keep_signed_in(keep.checked(true)))),
                last.as_ref().and_then(LastUsed::provider),
            ) }
            <p class="links">
                <Link<Route> to={Route::Register}>{ t(Text::NoAccount) }</Link<Route>>
                <Link<Route> to={Route::MagicLink}>{ t(Text::MagicLinkTitle) }</Link<Route>>
                <Link<Route> to={Route::ForgotPassword}>{ t(Text::ForgotHeading) }</Link<Route>>
            </p>
        </Page>
    }
}
