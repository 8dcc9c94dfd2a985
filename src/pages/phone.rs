//! Signing in and registering with a phone number: a password, or a code
//! sent by SMS. These pages are in the wasm chunk of the signed-in pages
//! (`app::chunk`), so phone numbers add nothing to a guest's first load.

use yew::prelude::*;
use yew_router::prelude::*;

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
    let form = use_form(&[&phone, &password]);
    // Sent by the app only: a prerendered form sent without it would put
    // what was typed in the address.
    let password_changed = use_location()
        .and_then(|l| l.state::<PasswordChanged>())
        .is_some();

    if let Some(to) = &*sent_to {
        return html! {
            <Page title="Login" heading="Enter your code">
                <CodeStep phone={to.clone()} purpose={CodeFor::SignIn} />
            </Page>
        };
    }

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
        <Page title="Login with your phone" heading="Login to your account">
            <SignInWithChoice current={SignInWith::Phone} email={Route::Login} />
            <form {onsubmit} novalidate=true>
                if password_changed && form.state.error.is_none() {
                    { notice("Your password has been changed. Log in with your new password.") }
                }
                { form.errors() }
                { phone_field(&phone, &form, "Phone number") }
                if !*by_code {
                    { password_field(&password, &form, "Password", Password::Current) }
                }
                <div class="actions">
                    if *by_code {
                        { submit("Send me a code", "Sending…", form.busy()) }
                    } else {
                        { submit("Login", "Logging in…", form.busy()) }
                    }
                    <button type="button" class="secondary" onclick={toggle}>
                        { if *by_code { "Use my password" } else { "Get a code by SMS instead" } }
                    </button>
                </div>
            </form>
            { provider_links() }
            <p class="links">
                <Link<Route> to={Route::PhoneRegister}>{ "Don't have an account? Register now" }</Link<Route>>
                <Link<Route> to={Route::PhoneReset}>{ "Forgot your password?" }</Link<Route>>
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
            <Page title="Register" heading="Confirm your number">
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
        <Page title="Register with your phone" heading="Create an account">
            <SignInWithChoice current={SignInWith::Phone} email={Route::Register} />
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { phone_field(&phone, &form, "Phone number") }
                { name_field(&name, &form) }
                { password_field(&password, &form, "Password", Password::New) }
                <div class="actions">
                    { submit("Register", "Creating your account…", form.busy()) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::PhoneLogin}>{ "Already have an account?" }</Link<Route>>
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
            <Page title="Choose a new password" heading="Choose a new password">
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
        <Page title="Forgot your password" heading="Forgot your password?">
            <SignInWithChoice current={SignInWith::Phone} email={Route::ForgotPassword} />
            <p>{ "Enter your account's phone number and we'll send you a code by SMS to choose a new password." }</p>
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { phone_field(&phone, &form, "Phone number") }
                <div class="actions">
                    { submit("Send me a code", "Sending…", form.busy()) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::PhoneLogin}>{ "Back to login" }</Link<Route>>
            </p>
        </Page>
    }
}
