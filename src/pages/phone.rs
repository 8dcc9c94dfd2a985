//! Signing in and registering with a phone number: a password, or a code
//! sent by SMS. These pages are in the wasm chunk of the signed-in pages
//! (`app::chunk`), so phone numbers add nothing to a guest's first load.

use gloo_timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::ApiError;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    bind, code_field, code_sent, errors, notice, provider_links, submit, use_field, use_focus,
    use_form, Call, Field, Form, FormState, NewPasswordFields, Page, SignInWithChoice,
};
use crate::route::{PasswordChanged, Route, SignInWith};
use crate::validate::{self, international_phone, PHONE_HINT};

/// How long before a new code may be asked for.
const RESEND_AFTER_SECS: u32 = 30;

/// The field for a phone number, in `form` (with a field `phone`).
fn phone_field(phone: &UseStateHandle<String>, form: &Form) -> Html {
    html! {
        <Field id="phone" label="Phone number" kind="tel" autocomplete="tel" hint={PHONE_HINT}
            value={(**phone).clone()} oninput={bind(phone)}
            error={form.message_for("phone")} node_ref={form.node("phone")} />
    }
}

/// The number as Altogic keeps it (`validate::phone` has passed).
fn number(typed: &str) -> String {
    international_phone(typed).unwrap_or_default()
}

#[component]
pub fn PhoneLogin() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_field("phone");
    let password = use_field("password");
    let by_code = use_state(|| false);
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&["phone", "password"]);
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
                { phone_field(&phone, &form) }
                if !*by_code {
                    <Field id="password" label="Password" kind="password" autocomplete="current-password"
                        value={(*password).clone()} oninput={bind(&password)}
                        error={form.message_for("password")} node_ref={form.node("password")} />
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
    let phone = use_field("phone");
    let name = use_field("name");
    let password = use_field("password");
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&["phone", "name", "password"]);
    // Sent by the app only: a prerendered form sent without it would put
    // what was typed in the address.

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
                { phone_field(&phone, &form) }
                <Field id="name" label="Name" autocomplete="name"
                    value={(*name).clone()} oninput={bind(&name)}
                    error={form.message_for("name")} node_ref={form.node("name")} />
                <Field id="password" label="Password" kind="password" autocomplete="new-password"
                    hint="At least 6 characters."
                    value={(*password).clone()} oninput={bind(&password)}
                    error={form.message_for("password")} node_ref={form.node("password")} />
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
    let phone = use_field("phone");
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&["phone"]);
    // Sent by the app only: a prerendered form sent without it would put
    // what was typed in the address.

    if let Some(to) = &*sent_to {
        return html! {
            <Page title="Choose a new password" heading="Choose a new password">
                <NewPasswordByCode phone={to.clone()} purpose={CodeFor::Reset} />
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
                { phone_field(&phone, &form) }
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

/// The code sent for a reset, and the new password twice.
#[component]
fn NewPasswordByCode(props: &CodeStepProps) -> Html {
    let api = use_api();
    let navigator = use_navigator();
    let code = use_state(String::new);
    let password = use_state(String::new);
    let again = use_state(String::new);
    let form = use_form(&["code", "newPassword", "confirmPassword"]);
    use_focus(form.node("code"));

    let onsubmit = {
        let (code, password, again) = (code.clone(), password.clone(), again.clone());
        let phone = props.phone.clone();
        form.on_submit(move || {
            let mut problems = validate::code(&code);
            problems.extend(validate::new_password_twice(&password, &again));
            validate::passed(problems)?;
            let digits = validate::sms_code(&code).unwrap_or_default();
            let (api, navigator, phone) = (api.clone(), navigator.clone(), phone.clone());
            let secret = (*password).clone();
            Ok(async move {
                api.reset_password_with_code(&phone, &digits, &secret)
                    .await?;
                if let Some(navigator) = navigator {
                    navigator.replace_with_state(&Route::PhoneLogin, PasswordChanged);
                }
                Ok(())
            })
        })
    };

    html! {
        <>
            { code_sent(&props.phone) }
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { code_field(&code, &form) }
                <NewPasswordFields password={password.clone()} again={again.clone()} form={form.clone()} />
                <div class="actions">
                    { submit("Set new password", "Saving…", form.busy()) }
                </div>
            </form>
            <ResendCode phone={props.phone.clone()} purpose={props.purpose} />
        </>
    }
}

/// What a code sent by SMS is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeFor {
    /// Confirming the number of a new account: the code signs in.
    SignUp,
    SignIn,
    /// Choosing a new password.
    Reset,
}

#[derive(Properties, PartialEq)]
struct CodeStepProps {
    /// Where the code went, as Altogic keeps the number.
    phone: AttrValue,
    purpose: CodeFor,
}

/// The code sent by SMS: one field (a phone offers the code from the SMS,
/// and a pasted message works too), and a new code after a short wait.
#[component]
fn CodeStep(props: &CodeStepProps) -> Html {
    let auth = use_auth();
    let api = use_api();
    let code = use_state(String::new);
    let form = use_form(&["code"]);
    use_focus(form.node("code"));

    let onsubmit = {
        let (code, phone, purpose) = (code.clone(), props.phone.clone(), props.purpose);
        form.on_submit(move || {
            validate::passed(validate::code(&code))?;
            let digits = validate::sms_code(&code).unwrap_or_default();
            let (api, auth, phone) = (api.clone(), auth.clone(), phone.clone());
            Ok(async move {
                let (session, user) = match purpose {
                    CodeFor::SignIn => {
                        let s = api.sign_in_with_code(&phone, &digits).await?;
                        (s.session, s.user)
                    }
                    _ => {
                        let s = api.verify_phone(&phone, &digits).await?;
                        match (s.session, s.user) {
                            (Some(session), Some(user)) => (session, user),
                            _ => return Err(ApiError::unreadable(200)),
                        }
                    }
                };
                // The guard takes the person on to their profile.
                auth.dispatch(AuthAction::SignIn { session, user });
                Ok(())
            })
        })
    };

    html! {
        <>
            { code_sent(&props.phone) }
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { code_field(&code, &form) }
                <div class="actions">
                    { submit("Continue", "Checking…", form.busy()) }
                </div>
            </form>
            <ResendCode phone={props.phone.clone()} purpose={props.purpose} />
        </>
    }
}

/// "Send a new code": after a visible countdown, a new code for the same
/// purpose; earlier ones stop working.
#[component]
fn ResendCode(props: &CodeStepProps) -> Html {
    let api = use_api();
    let wait = use_state(|| RESEND_AFTER_SECS);
    let sending = use_state(|| false);
    let outcome = use_state(|| None::<Result<(), ApiError>>);
    // The countdown, a second at a time.
    {
        let wait = wait.clone();
        use_effect_with(*wait, move |left| {
            let tick = (*left > 0).then(|| {
                let (wait, left) = (wait.clone(), *left);
                Timeout::new(1_000, move || wait.set(left - 1))
            });
            move || drop(tick)
        });
    }
    let onclick = {
        let (phone, purpose) = (props.phone.clone(), props.purpose);
        let (wait, sending, outcome) = (wait.clone(), sending.clone(), outcome.clone());
        move |_| {
            let (api, phone) = (api.clone(), phone.clone());
            let (wait, sending, outcome) = (wait.clone(), sending.clone(), outcome.clone());
            sending.set(true);
            spawn_local(async move {
                let sent = match purpose {
                    CodeFor::SignUp => api.resend_code(&phone).await,
                    CodeFor::SignIn => api.send_sign_in_code(&phone).await,
                    CodeFor::Reset => api.send_reset_code(&phone).await,
                };
                sending.set(false);
                if sent.is_ok() {
                    wait.set(RESEND_AFTER_SECS);
                }
                outcome.set(Some(sent));
            });
        }
    };
    html! {
        <>
            <p class="actions">
                <button type="button" class="secondary" {onclick}
                    disabled={*wait > 0 || *sending} aria-busy={sending.then_some("true")}>
                    if *wait > 0 {
                        { format!("Send a new code ({} s)", *wait) }
                    } else {
                        { "Send a new code" }
                    }
                </button>
            </p>
            if let Some(Err(error)) = &*outcome {
                { errors(Some(error), &[]) }
            }
            <p role="status" aria-live="polite">
                if let Some(Ok(())) = &*outcome {
                    { format!("A new code is on its way to {}. Earlier codes no longer work.", props.phone) }
                }
            </p>
        </>
    }
}
