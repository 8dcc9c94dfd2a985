//! A code sent by SMS, in every flow that sends one: confirming a new
//! account's number, signing in by code, choosing a new password, confirming
//! a number at login, and confirming a new number on the profile. One field
//! (a phone offers the code from the SMS, and a pasted message works too),
//! and a new code after a short wait.

use gloo_timers::callback::Timeout;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use super::fields::{code_field, new_password_fields, use_focus};
use super::form::{errors, submit, use_field, use_form};
use crate::altogic::{auth, phone};
use crate::altogic::{Api, ApiError, User};
use crate::auth::{end_others_at_next_sign_in, password_was_reset, use_api, use_auth, AuthAction};
use crate::i18n::{count, fill, t, Text};
use crate::route::{Route, SignInWith};
use crate::validate::{self, field, CODE_DIGITS};

/// How long before a new code may be asked for.
const RESEND_AFTER_SECS: u32 = 30;

/// What a code sent by SMS is for.
#[derive(Clone, Debug, PartialEq)]
pub enum CodeFor {
    /// Confirming the number of a new account: the code signs in.
    SignUp,
    SignIn,
    /// Confirming, at login, a number whose password was not checked: the
    /// session the code makes ends (the password may be someone else's,
    /// who registered the number first), and `verified` is told.
    Claim {
        verified: Callback<()>,
    },
    /// Choosing a new password: the code and the new password twice, then
    /// on to login.
    Reset,
    /// Choosing the password of a number just claimed: as `Reset`, then
    /// signed in with it, and every other device signed out.
    ChoosePassword,
    /// Confirming a new number on the profile: `confirmed` gets the user.
    /// Another code needs the password again: `back` to the form for it.
    NewNumber {
        confirmed: Callback<User>,
        back: Callback<()>,
    },
}

impl CodeFor {
    /// How another code is sent for this purpose, if the step can send one
    /// by itself (a new number needs the password again: `back`).
    fn resend(&self) -> Option<Resend> {
        match self {
            Self::SignUp | Self::Claim { .. } => Some(Resend::SignUp),
            Self::SignIn => Some(Resend::SignIn),
            Self::Reset | Self::ChoosePassword => Some(Resend::Reset),
            Self::NewNumber { .. } => None,
        }
    }

    /// Whether the step asks for a new password with the code.
    fn sets_password(&self) -> bool {
        matches!(self, Self::Reset | Self::ChoosePassword)
    }
}

/// The purposes whose code the step sends again (`ResendCode`).
#[derive(Clone, Copy, Debug, PartialEq)]
enum Resend {
    SignUp,
    SignIn,
    Reset,
}

#[derive(Properties, PartialEq)]
pub struct CodeStepProps {
    /// Where the code went, as Altogic keeps the number.
    pub phone: AttrValue,
    pub purpose: CodeFor,
}

#[component]
pub fn CodeStep(props: &CodeStepProps) -> Html {
    let auth = use_auth();
    let api = use_api();
    let navigator = use_navigator();
    let code = use_field(field::CODE);
    let password = use_field(field::NEW_PASSWORD);
    let again = use_field(field::CONFIRM_PASSWORD);
    let reset = props.purpose.sets_password();
    // The new password's fields only where the code sets one.
    let fields = [&code, &password, &again];
    let form = use_form(if reset { &fields } else { &fields[..1] });
    use_focus(&code);

    let onsubmit = {
        let (code, password, again) = (code.clone(), password.clone(), again.clone());
        let (phone, purpose) = (props.phone.clone(), props.purpose.clone());
        form.on_submit(move || {
            if reset {
                validate::passed(validate::confirmed(&password, &again))?;
            }
            let digits = code.value();
            let (api, auth, navigator) = (api.clone(), auth.clone(), navigator.clone());
            let (phone, purpose, secret) = (phone.clone(), purpose.clone(), password.value());
            Ok(async move {
                match purpose {
                    // The guard takes the person on to their profile.
                    CodeFor::SignIn => {
                        let s = api.send(phone::sign_in_with_code(&phone, &digits)).await?;
                        auth.dispatch(AuthAction::SignIn {
                            session: s.session,
                            user: s.user,
                            by: SignInWith::Phone,
                        });
                    }
                    CodeFor::SignUp => {
                        let s = api.send(phone::verify(&phone, &digits)).await?;
                        match (s.session, s.user) {
                            (Some(session), Some(user)) => auth.dispatch(AuthAction::SignIn {
                                session,
                                user,
                                by: SignInWith::Phone,
                            }),
                            _ => return Err(ApiError::unreadable(200)),
                        }
                    }
                    CodeFor::Claim { verified } => {
                        if let Some(made) = api.send(phone::verify(&phone, &digits)).await?.session
                        {
                            let _ = Api::of_session(&made.token)
                                .send(auth::sign_out(None))
                                .await;
                        }
                        verified.emit(());
                    }
                    CodeFor::Reset => {
                        api.send(phone::reset_password(&phone, &digits, &secret))
                            .await?;
                        password_was_reset(navigator, Route::PhoneLogin);
                    }
                    CodeFor::ChoosePassword => {
                        api.send(phone::reset_password(&phone, &digits, &secret))
                            .await?;
                        end_others_at_next_sign_in();
                        // The password is set whatever happens next: if this
                        // sign-in fails, the login page says so.
                        match api.send(phone::sign_in(&phone, &secret)).await {
                            Ok(s) => auth.dispatch(AuthAction::SignIn {
                                session: s.session,
                                user: s.user,
                                by: SignInWith::Phone,
                            }),
                            Err(_) => password_was_reset(navigator, Route::PhoneLogin),
                        }
                    }
                    CodeFor::NewNumber { confirmed, .. } => {
                        let user = api.send(phone::verify(&phone, &digits)).await?.user;
                        confirmed.emit(user.ok_or_else(|| ApiError::unreadable(200))?);
                    }
                }
                Ok(())
            })
        })
    };

    let (label, busy) = match props.purpose {
        CodeFor::SignUp | CodeFor::SignIn | CodeFor::Claim { .. } => {
            (t(Text::Continue), t(Text::Checking))
        }
        CodeFor::Reset | CodeFor::ChoosePassword => (t(Text::SetNewPassword), t(Text::Saving)),
        CodeFor::NewNumber { .. } => (t(Text::ConfirmNumber), t(Text::Checking)),
    };
    let back = match &props.purpose {
        CodeFor::NewNumber { back, .. } => Some(back.reform(|_: MouseEvent| ())),
        _ => None,
    };
    html! {
        <>
            <p>{ fill(Text::CodeSent, &[("digits", &CODE_DIGITS.to_string()), ("phone", &props.phone)]) }</p>
            <form class={back.as_ref().map(|_| "inline-form")} {onsubmit} novalidate=true>
                { form.errors() }
                { code_field(&code, &form) }
                if reset {
                    { new_password_fields(&password, &again, &form) }
                }
                <div class="actions">
                    { submit(label, busy, form.busy()) }
                    if let Some(back) = back.clone() {
                        <button type="button" class="secondary" onclick={back}>{ t(Text::SendAnotherCode) }</button>
                    }
                </div>
            </form>
            if let Some(by) = props.purpose.resend() {
                <ResendCode phone={props.phone.clone()} {by} />
            }
        </>
    }
}

/// "Send a new code": after a visible countdown, a new code for the same
/// purpose; earlier ones stop working.
#[derive(Properties, PartialEq)]
struct ResendProps {
    phone: AttrValue,
    by: Resend,
}

#[component]
fn ResendCode(props: &ResendProps) -> Html {
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
        let (phone, by) = (props.phone.clone(), props.by);
        let (wait, sending, outcome) = (wait.clone(), sending.clone(), outcome.clone());
        move |_| {
            let (api, phone) = (api.clone(), phone.clone());
            let (wait, sending, outcome) = (wait.clone(), sending.clone(), outcome.clone());
            sending.set(true);
            spawn_local(async move {
                let sent = match by {
                    Resend::SignUp => api.send(phone::resend_code(&phone)).await,
                    Resend::SignIn => api.send(phone::send_sign_in_code(&phone)).await,
                    Resend::Reset => api.send(phone::send_reset_code(&phone)).await,
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
                        { count(Text::SendNewCodeIn, *wait) }
                    } else {
                        { t(Text::SendNewCode) }
                    }
                </button>
            </p>
            if let Some(Err(error)) = &*outcome {
                { errors(Some(error)) }
            }
            <p role="status" aria-live="polite">
                if let Some(Ok(())) = &*outcome {
                    { fill(Text::NewCodeSent, &[("phone", &props.phone)]) }
                }
            </p>
        </>
    }
}
