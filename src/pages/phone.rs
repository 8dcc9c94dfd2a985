//! Signing in and registering with a phone number: a password, or a code
//! sent by SMS. Only the full app has these pages (the guest pages' build
//! loads it for them), so phone numbers add nothing to a guest's first load.

use std::future::Future;
use std::pin::Pin;

use gloo_timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::ApiError;
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{bind, submit, use_form, Field, FormState, Page, SignInWithChoice};
use crate::route::{Route, SignInWith};
use crate::validate::{self, international_phone};

/// How long before a new code may be asked for.
const RESEND_AFTER_SECS: u32 = 30;
const PHONE_HINT: &str = "With + and the country code, like +1 415 555 0123.";

type Call = Pin<Box<dyn Future<Output = Result<(), ApiError>>>>;

/// The number as Altogic keeps it (`validate::phone` has passed).
fn number(typed: &str) -> String {
    international_phone(typed).unwrap_or_default()
}

#[component]
pub fn PhoneLogin() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_state(String::new);
    let password = use_state(String::new);
    let by_code = use_state(|| false);
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&["phone", "password"]);

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
            <SignInWithChoice current={SignInWith::Phone} />
            <form {onsubmit} novalidate=true>
                { form.errors() }
                <Field id="phone" label="Phone number" kind="tel" autocomplete="tel" hint={PHONE_HINT}
                    value={(*phone).clone()} oninput={bind(&phone)}
                    error={form.message_for("phone")} node_ref={form.node("phone")} />
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
            <p class="links">
                <Link<Route> to={Route::PhoneRegister}>{ "Don't have an account? Register now" }</Link<Route>>
            </p>
        </Page>
    }
}

#[component]
pub fn PhoneRegister() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_state(String::new);
    let name = use_state(String::new);
    let password = use_state(String::new);
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&["phone", "name", "password"]);

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
            <SignInWithChoice current={SignInWith::Phone} register=true />
            <form {onsubmit} novalidate=true>
                { form.errors() }
                <Field id="phone" label="Phone number" kind="tel" autocomplete="tel" hint={PHONE_HINT}
                    value={(*phone).clone()} oninput={bind(&phone)}
                    error={form.message_for("phone")} node_ref={form.node("phone")} />
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

/// What a code sent by SMS is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CodeFor {
    /// Confirming the number of a new account: the code signs in.
    SignUp,
    SignIn,
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
    let wait = use_state(|| RESEND_AFTER_SECS);
    let resent = use_state(|| false);
    let resending = use_state(|| false);

    // The keyboard goes to the code at once.
    {
        let node = form.node("code");
        use_effect_with((), move |_| {
            if let Some(input) = node.cast::<web_sys::HtmlInputElement>() {
                let _ = input.focus();
            }
        });
    }
    // The countdown to a new code, a second at a time.
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

    let onsubmit = {
        let api = api.clone();
        let (code, phone, purpose) = (code.clone(), props.phone.clone(), props.purpose);
        form.on_submit(move || {
            validate::passed(validate::code(&code))?;
            let digits = validate::sms_code(&code).unwrap_or_default();
            let (api, auth, phone) = (api.clone(), auth.clone(), phone.clone());
            Ok(async move {
                let (session, user) = match purpose {
                    CodeFor::SignUp => {
                        let s = api.verify_phone(&phone, &digits).await?;
                        match (s.session, s.user) {
                            (Some(session), Some(user)) => (session, user),
                            _ => return Err(ApiError::unreadable(200)),
                        }
                    }
                    CodeFor::SignIn => {
                        let s = api.sign_in_with_code(&phone, &digits).await?;
                        (s.session, s.user)
                    }
                };
                // The guard takes the person on to their profile.
                auth.dispatch(AuthAction::SignIn { session, user });
                Ok(())
            })
        })
    };

    let resend = {
        let (phone, purpose, form) = (props.phone.clone(), props.purpose, form.clone());
        let (wait, resent, resending) = (wait.clone(), resent.clone(), resending.clone());
        move |_| {
            let (api, phone, form) = (api.clone(), phone.clone(), form.clone());
            let (wait, resent, resending) = (wait.clone(), resent.clone(), resending.clone());
            resending.set(true);
            spawn_local(async move {
                let sent = match purpose {
                    CodeFor::SignUp => api.resend_code(&phone).await,
                    CodeFor::SignIn => api.send_sign_in_code(&phone).await,
                };
                resending.set(false);
                match sent {
                    Ok(()) => {
                        form.state.set(FormState::default());
                        resent.set(true);
                        wait.set(RESEND_AFTER_SECS);
                    }
                    Err(error) => form.state.set(FormState::failed(error)),
                }
            });
        }
    };

    html! {
        <>
            <p>{ format!("We sent a 6-digit code by SMS to {}.", props.phone) }</p>
            <form {onsubmit} novalidate=true>
                { form.errors() }
                <Field id="code" label="Code" autocomplete="one-time-code" inputmode="numeric"
                    value={(*code).clone()} oninput={bind(&code)}
                    error={form.message_for("code")} node_ref={form.node("code")} />
                <div class="actions">
                    { submit("Continue", "Checking…", form.busy()) }
                    <button type="button" class="secondary" onclick={resend}
                        disabled={*wait > 0 || *resending} aria-busy={resending.then_some("true")}>
                        if *wait > 0 {
                            { format!("Send a new code ({} s)", *wait) }
                        } else {
                            { "Send a new code" }
                        }
                    </button>
                </div>
            </form>
            <p role="status" aria-live="polite">
                if *resent {
                    { format!("A new code is on its way to {}. Earlier codes no longer work.", props.phone) }
                }
            </p>
        </>
    }
}
