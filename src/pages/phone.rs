//! Signing in and registering with a phone number: a password, or a code
//! sent by SMS. These pages are in the wasm chunk of the signed-in pages
//! (`chunk`), so phone numbers add nothing to a guest's first load.

use crate::i18n::{t, T};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::PHONE_NOT_VERIFIED;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    name_field, notice, password_field, phone_field, provider_links, submit, use_field, use_form,
    Call, CodeFor, CodeStep, FormState, Page, Password, SignInWithChoice,
};
use crate::route::{PasswordChanged, Route, SignInWith};
use crate::validate::{self, field, international_phone};

/// The number as Altogic keeps it (`validate::phone` has passed).
fn number(typed: &str) -> String {
    international_phone(typed).unwrap_or_default()
}

#[component]
pub fn PhoneLogin() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_field(field::PHONE);
    let password = use_field(field::PASSWORD);
    let by_code = use_state(|| false);
    let sent_to = use_state(|| None::<String>);
    // A number whose sign-up was left at its code: verified now, by a code
    // sent again (as Altogic's `react-phone-authentication` does).
    let verify_to = use_state(|| None::<String>);
    let form = use_form(&[&phone, &password]);
    // Sent by the app only: a prerendered form sent without it would put
    // what was typed in the address.
    let password_changed = use_location()
        .and_then(|l| l.state::<PasswordChanged>())
        .is_some();

    if let Some(to) = &*sent_to {
        return html! {
            <Page title={t(T::Login)} heading={t(T::EnterYourCode)}>
                <CodeStep phone={to.clone()} purpose={CodeFor::SignIn} />
            </Page>
        };
    }
    // Its code signs in, as a sign-up's does.
    if let Some(to) = &*verify_to {
        return html! {
            <Page title={t(T::Login)} heading={t(T::ConfirmYourNumber)}>
                <CodeStep phone={to.clone()} purpose={CodeFor::SignUp} />
            </Page>
        };
    }
    let not_verified = form
        .state
        .error
        .as_ref()
        .is_some_and(|e| e.has_code(PHONE_NOT_VERIFIED));
    // Only after the password was right (Altogic checks it first): a code
    // alone would verify an account whose password someone else may have
    // chosen, as a pre-registered number.
    let verify_now = {
        let (api, phone, verify_to, form) =
            (api.clone(), phone.clone(), verify_to.clone(), form.clone());
        form.on_submit(move || {
            let (api, verify_to, to) = (api.clone(), verify_to.clone(), number(&phone));
            Ok(async move {
                api.resend_code(&to).await?;
                verify_to.set(Some(to));
                Ok(())
            })
        })
    };

    let onsubmit = {
        let (phone, password, by_code, sent_to) = (
            phone.clone(),
            password.clone(),
            by_code.clone(),
            sent_to.clone(),
        );
        form.on_submit(move || {
            let (api, auth, sent_to) = (api.clone(), auth.clone(), sent_to.clone());
            let to = number(&phone);
            let call: Call = if *by_code {
                validate::passed(validate::phone_only(&phone))?;
                Box::pin(async move {
                    api.send_sign_in_code(&to).await?;
                    sent_to.set(Some(to));
                    Ok(())
                })
            } else {
                validate::passed(validate::phone_login(&phone, &password))?;
                let password = (*password).clone();
                // The guard takes the person on to their profile.
                Box::pin(async move {
                    let s = api.sign_in_with_phone(&to, &password).await?;
                    auth.dispatch(AuthAction::SignIn {
                        session: s.session,
                        user: s.user,
                    });
                    Ok(())
                })
            };
            Ok(call)
        })
    };
    let toggle = {
        let (by_code, form) = (by_code.clone(), form.clone());
        move |_| {
            by_code.set(!*by_code);
            form.state.set(FormState::default());
        }
    };

    html! {
        <Page title={t(T::PhoneLoginTitle)} heading={t(T::LoginHeading)}>
            <SignInWithChoice current={SignInWith::Phone} email={Route::Login} />
            <form {onsubmit} novalidate=true>
                if password_changed && form.state.error.is_none() {
                    { notice(t(T::PasswordChangedLogIn)) }
                }
                { form.errors() }
                if not_verified && !*by_code {
                    <p>
                        // The form's flow (busy, the answer's error), started
                        // by a click: only `Event`'s methods are used.
                        <button type="button" class="secondary" disabled={form.busy()}
                            onclick={verify_now.reform(|e: MouseEvent| e.unchecked_into::<SubmitEvent>())}>
                            { t(T::VerifyMyNumber) }
                        </button>
                    </p>
                } else if not_verified {
                    <p>{ t(T::VerifyWithPassword) }</p>
                }
                { phone_field(&phone, &form, t(T::PhoneNumber)) }
                if !*by_code {
                    { password_field(&password, &form, t(T::Password), Password::Current) }
                }
                <div class="actions">
                    if *by_code {
                        { submit(t(T::SendMeACode), t(T::Sending), form.busy()) }
                    } else {
                        { submit(t(T::Login), t(T::LoggingIn), form.busy()) }
                    }
                    <button type="button" class="secondary" onclick={toggle}>
                        { if *by_code { t(T::UseMyPassword) } else { t(T::GetCodeBySms) } }
                    </button>
                </div>
            </form>
            { provider_links() }
            <p class="links">
                <Link<Route> to={Route::PhoneRegister}>{ t(T::NoAccount) }</Link<Route>>
                <Link<Route> to={Route::PhoneReset}>{ t(T::ForgotHeading) }</Link<Route>>
            </p>
        </Page>
    }
}

#[component]
pub fn PhoneRegister() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_field(field::PHONE);
    let name = use_field(field::NAME);
    let password = use_field(field::PASSWORD);
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&[&phone, &name, &password]);

    if let Some(to) = &*sent_to {
        return html! {
            <Page title={t(T::Register)} heading={t(T::ConfirmYourNumber)}>
                <CodeStep phone={to.clone()} purpose={CodeFor::SignUp} />
            </Page>
        };
    }

    let onsubmit = {
        let (phone, name, password, sent_to) = (
            phone.clone(),
            name.clone(),
            password.clone(),
            sent_to.clone(),
        );
        form.on_submit(move || {
            validate::passed(validate::phone_register(&phone, &name, &password))?;
            let (api, auth, sent_to) = (api.clone(), auth.clone(), sent_to.clone());
            let (to, name, password) =
                (number(&phone), name.trim().to_owned(), (*password).clone());
            Ok(async move {
                let s = api.sign_up_with_phone(&to, &password, &name).await?;
                match (s.session, s.user) {
                    // No confirmation needed: signed in at once.
                    (Some(session), Some(user)) => {
                        auth.dispatch(AuthAction::SignIn { session, user })
                    }
                    _ => sent_to.set(Some(to)),
                }
                Ok(())
            })
        })
    };

    html! {
        <Page title={t(T::PhoneRegisterTitle)} heading={t(T::RegisterHeading)}>
            <SignInWithChoice current={SignInWith::Phone} email={Route::Register} />
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { phone_field(&phone, &form, t(T::PhoneNumber)) }
                { name_field(&name, &form) }
                { password_field(&password, &form, t(T::Password), Password::New) }
                <div class="actions">
                    { submit(t(T::Register), t(T::CreatingAccount), form.busy()) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::PhoneLogin}>{ t(T::HaveAccount) }</Link<Route>>
            </p>
        </Page>
    }
}

/// A forgotten password, by phone: a code by SMS, then the code and the
/// new password twice; then on to login, with a word.
#[component]
pub fn PhoneReset() -> Html {
    let api = use_api();
    let phone = use_field(field::PHONE);
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&[&phone]);

    if let Some(to) = &*sent_to {
        return html! {
            <Page title={t(T::ChooseNewPassword)} heading={t(T::ChooseNewPassword)}>
                <CodeStep phone={to.clone()} purpose={CodeFor::Reset} />
            </Page>
        };
    }

    let onsubmit = {
        let (phone, sent_to) = (phone.clone(), sent_to.clone());
        form.on_submit(move || {
            validate::passed(validate::phone_only(&phone))?;
            let (api, sent_to, to) = (api.clone(), sent_to.clone(), number(&phone));
            // The same answer whether or not the number has an account.
            Ok(async move {
                api.send_reset_code(&to).await?;
                sent_to.set(Some(to));
                Ok(())
            })
        })
    };

    html! {
        <Page title={t(T::ForgotTitle)} heading={t(T::ForgotHeading)}>
            <SignInWithChoice current={SignInWith::Phone} email={Route::ForgotPassword} />
            <p>{ t(T::PhoneForgotIntro) }</p>
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { phone_field(&phone, &form, t(T::PhoneNumber)) }
                <div class="actions">
                    { submit(t(T::SendMeACode), t(T::Sending), form.busy()) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::PhoneLogin}>{ t(T::BackToLogin) }</Link<Route>>
            </p>
        </Page>
    }
}
