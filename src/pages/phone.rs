//! Signing in and registering with a phone number: a password, or a code
//! sent by SMS. These pages are in the wasm chunk of the signed-in pages
//! (`chunk`), so phone numbers add nothing to a guest's first load.

use wasm_bindgen::JsCast;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::altogic::phone;
use crate::altogic::{ApiError, PHONE_NOT_VERIFIED};
use crate::auth::last_used::LastUsed;
use crate::auth::{consent, storage, use_api, use_auth, AuthAction};
use crate::components::{
    consent_field, errors, keep_signed_in_field, name_field, not_me, notice, password_field,
    phone_field, provider_links, register_fields, signup_fields, submit, use_carried_field,
    use_field, use_form, use_last_used, use_signup_fields, waiting, CodeFor, CodeStep, FormState,
    Page, Password, SignInWithChoice,
};
use crate::config;
use crate::i18n::{t, Text};
use crate::route::{PasswordChanged, Route, SignInWith};
use crate::validate::field;

/// Where the phone login is.
#[derive(Clone, PartialEq)]
enum Step {
    Form,
    /// A sign-in code went to the number.
    Code(String),
    /// A number whose sign-up was left at its code, verified now by a code
    /// sent again (as Altogic's `react-phone-authentication` does). Its
    /// password was right, so the code signs in.
    Verify(String),
    /// The same, asked on the code way: the password was not checked, and
    /// may be someone else's who registered the number first. The code
    /// verifies only; then `ChoosePassword`.
    Claim(String),
    /// A password of their own, by a reset code, before they are signed in.
    ChoosePassword(String),
}

#[component]
pub fn PhoneLogin() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_carried_field(field::PHONE);
    let last = use_last_used();
    let password = use_field(field::PASSWORD);
    let by_code = use_state(|| false);
    let step = use_state(|| Step::Form);
    // The number Altogic refused as not verified, and the step verifying
    // it leads to: the number sent, not what the field says by then.
    let refused = use_state(|| None::<Step>);
    let keep = use_field(field::KEEP_SIGNED_IN);
    // The password only on the password way.
    let (by_password, by_sms) = ([&phone, &password, &keep], [&phone, &keep]);
    let form = use_form(if *by_code { &by_sms } else { &by_password });
    // Sent by the app only: a prerendered form sent without it would put
    // what was typed in the address.
    let password_changed = use_location()
        .and_then(|l| l.state::<PasswordChanged>())
        .is_some();

    let code_step = match &*step {
        Step::Form => None,
        Step::Code(to) => Some((to, Text::EnterYourCode, CodeFor::SignIn)),
        Step::Verify(to) => Some((to, Text::ConfirmYourNumber, CodeFor::SignUp)),
        Step::Claim(to) => {
            let (step, claimed) = (step.clone(), to.clone());
            let verified =
                Callback::from(move |()| step.set(Step::ChoosePassword(claimed.clone())));
            Some((to, Text::ConfirmYourNumber, CodeFor::Claim { verified }))
        }
        Step::ChoosePassword(to) => return html! { <ChooseOwnPassword phone={to.clone()} /> },
    };
    if let Some((to, heading, purpose)) = code_step {
        return html! {
            <Page title={t(Text::Login)} heading={t(heading)}>
                <CodeStep phone={to.clone()} {purpose} />
            </Page>
        };
    }
    let not_verified = refused.is_some()
        && form
            .state
            .error
            .as_ref()
            .is_some_and(|e| e.has_code(PHONE_NOT_VERIFIED));
    let verify_now = {
        let (api, step, refused, form) = (api.clone(), step.clone(), refused.clone(), form.clone());
        form.on_submit(move || {
            let (api, step, next) = (api.clone(), step.clone(), (*refused).clone());
            Ok(async move {
                if let Some(next @ (Step::Verify(to) | Step::Claim(to))) = &next {
                    api.send(phone::resend_code(to)).await?;
                    step.set(next.clone());
                }
                Ok(())
            })
        })
    };

    let onsubmit = {
        let (phone, password, keep, by_code, step, refused) = (
            phone.clone(),
            password.clone(),
            keep.clone(),
            by_code.clone(),
            step.clone(),
            refused.clone(),
        );
        form.on_submit(move || {
            storage::keep_signed_in(keep.checked(true));
            let (api, auth, step, refused) =
                (api.clone(), auth.clone(), step.clone(), refused.clone());
            let to = phone.value();
            let by_code = *by_code;
            let password = password.value();
            Ok(async move {
                let answer = if by_code {
                    api.send(phone::send_sign_in_code(&to))
                        .await
                        .map(|()| step.set(Step::Code(to.clone())))
                } else {
                    // The guard takes the person on to their profile.
                    api.send(phone::sign_in(&to, &password)).await.map(|s| {
                        auth.dispatch(AuthAction::SignIn {
                            session: s.session,
                            user: s.user,
                            by: SignInWith::Phone,
                        })
                    })
                };
                let verifying = answer
                    .as_ref()
                    .err()
                    .filter(|e| e.has_code(PHONE_NOT_VERIFIED));
                refused.set(verifying.map(|_| {
                    if by_code {
                        Step::Claim(to)
                    } else {
                        Step::Verify(to)
                    }
                }));
                answer
            })
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
        <Page title={t(Text::PhoneLoginTitle)} heading={t(Text::LoginHeading)}>
            <SignInWithChoice current={SignInWith::Phone} email={Route::Login} last_used={last.as_ref().and_then(LastUsed::way)} />
            <form {onsubmit} novalidate=true>
                if password_changed && form.state.error.is_none() {
                    { notice(t(Text::PasswordChangedLogIn)) }
                }
                { form.errors() }
                if not_verified {
                    <p>
                        // The form's flow (busy, the answer's error), started
                        // by a click: only `Event`'s methods are used.
                        <button type="button" class="secondary" disabled={form.busy()}
                            onclick={verify_now.reform(|e: MouseEvent| e.unchecked_into::<SubmitEvent>())}>
                            { t(Text::VerifyMyNumber) }
                        </button>
                    </p>
                }
                { phone_field(&phone, &form, t(Text::PhoneNumber)) }
                { not_me(&phone, &last, SignInWith::Phone) }
                if !*by_code {
                    { password_field(&password, &form, t(Text::Password), Password::Current) }
                }
                { keep_signed_in_field(&keep, &form) }
                <div class="actions">
                    if *by_code {
                        { submit(t(Text::SendMeACode), t(Text::Sending), form.busy()) }
                    } else {
                        { submit(t(Text::Login), t(Text::LoggingIn), form.busy()) }
                    }
                    <button type="button" class="secondary" onclick={toggle}>
                        { if *by_code { t(Text::UseMyPassword) } else { t(Text::GetCodeBySms) } }
                    </button>
                </div>
            </form>
            { provider_links(
                Some(Callback::from(move |_| storage::keep_signed_in(keep.checked(true)))),
                last.as_ref().and_then(LastUsed::provider),
            ) }
            <p class="links">
                <Link<Route> to={Route::PhoneRegister}>{ t(Text::NoAccount) }</Link<Route>>
                <Link<Route> to={Route::PhoneReset}>{ t(Text::ForgotHeading) }</Link<Route>>
            </p>
        </Page>
    }
}

#[derive(Properties, PartialEq)]
struct NumberProps {
    phone: AttrValue,
}

/// A number claimed by a code alone: a reset code goes to it at once, and
/// the person chooses their password with it; that signs them in and every
/// other device out (`CodeFor::ChoosePassword`), as a verification link
/// nobody asked for here does by mail (`pages/auth_redirect.rs`).
#[component]
fn ChooseOwnPassword(props: &NumberProps) -> Html {
    let api = use_api();
    let sent = use_state(|| None::<Result<(), ApiError>>);
    let send = {
        let (sent, phone) = (sent.clone(), props.phone.clone());
        Callback::from(move |()| {
            let (api, sent, phone) = (api.clone(), sent.clone(), phone.clone());
            sent.set(None);
            spawn_local(
                async move { sent.set(Some(api.send(phone::send_reset_code(&phone)).await)) },
            );
        })
    };
    {
        let send = send.clone();
        use_effect_with((), move |_| send.emit(()));
    }
    html! {
        <Page title={t(Text::ChooseYourPassword)} heading={t(Text::NumberVerifiedHeading)}>
            { match &*sent {
                None => waiting(t(Text::Sending)),
                Some(Ok(())) => html! {
                    <>
                        <p>{ t(Text::ChoosePasswordNow) }</p>
                        <CodeStep phone={props.phone.clone()} purpose={CodeFor::ChoosePassword} />
                    </>
                },
                Some(Err(problem)) => html! {
                    <>
                        { errors(Some(problem)) }
                        <p class="actions">
                            <button type="button" class="secondary" onclick={send.reform(|_| ())}>
                                { t(Text::SendNewCode) }
                            </button>
                        </p>
                    </>
                },
            } }
            <p class="hint">{ t(Text::ChoosePasswordWhy) }</p>
        </Page>
    }
}

#[component]
pub fn PhoneRegister() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_carried_field(field::PHONE);
    let name = use_field(field::NAME);
    let password = use_field(field::CHOSEN_PASSWORD);
    let custom = use_signup_fields();
    let agreed = use_field(field::CONSENT);
    let legal = config::legal();
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&register_fields(
        vec![&phone, &name, &password],
        &custom,
        &agreed,
    ));

    if let Some(to) = &*sent_to {
        return html! {
            <Page title={t(Text::Register)} heading={t(Text::ConfirmYourNumber)}>
                <CodeStep phone={to.clone()} purpose={CodeFor::SignUp} />
            </Page>
        };
    }

    let onsubmit = {
        let (phone, name, password, custom, sent_to) = (
            phone.clone(),
            name.clone(),
            password.clone(),
            custom.clone(),
            sent_to.clone(),
        );
        form.on_submit(move || {
            let (api, auth, sent_to) = (api.clone(), auth.clone(), sent_to.clone());
            let (to, password) = (phone.value(), password.value());
            let data = consent::user_data(name.value(), custom.iter().map(|f| f.value()));
            Ok(async move {
                let s = api.send(phone::sign_up(&to, &password, &data)).await?;
                match (s.session, s.user) {
                    // No confirmation needed: signed in at once.
                    (Some(session), Some(user)) => auth.dispatch(AuthAction::SignIn {
                        session,
                        user,
                        by: SignInWith::Phone,
                    }),
                    _ => sent_to.set(Some(to)),
                }
                Ok(())
            })
        })
    };

    html! {
        <Page title={t(Text::PhoneRegisterTitle)} heading={t(Text::RegisterHeading)}>
            <SignInWithChoice current={SignInWith::Phone} email={Route::Register} />
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { phone_field(&phone, &form, t(Text::PhoneNumber)) }
                { name_field(&name, &form) }
                { password_field(&password, &form, t(Text::Password), Password::New) }
                { signup_fields(&custom, &form) }
                if let Some(legal) = legal {
                    { consent_field(&agreed, &form, legal) }
                }
                <div class="actions">
                    { submit(t(Text::Register), t(Text::CreatingAccount), form.busy()) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::PhoneLogin}>{ t(Text::HaveAccount) }</Link<Route>>
            </p>
        </Page>
    }
}

/// A forgotten password, by phone: a code by SMS, then the code and the
/// new password twice; then on to login, with a word.
#[component]
pub fn PhoneReset() -> Html {
    let api = use_api();
    let phone = use_carried_field(field::PHONE);
    let sent_to = use_state(|| None::<String>);
    let form = use_form(&[&phone]);

    if let Some(to) = &*sent_to {
        return html! {
            <Page title={t(Text::ChooseNewPassword)} heading={t(Text::ChooseNewPassword)}>
                <CodeStep phone={to.clone()} purpose={CodeFor::Reset} />
            </Page>
        };
    }

    let onsubmit = {
        let (phone, sent_to) = (phone.clone(), sent_to.clone());
        form.on_submit(move || {
            let (api, sent_to, to) = (api.clone(), sent_to.clone(), phone.value());
            // The same answer whether or not the number has an account.
            Ok(async move {
                api.send(phone::send_reset_code(&to)).await?;
                sent_to.set(Some(to));
                Ok(())
            })
        })
    };

    html! {
        <Page title={t(Text::ForgotTitle)} heading={t(Text::ForgotHeading)}>
            <SignInWithChoice current={SignInWith::Phone} email={Route::ForgotPassword} />
            <p>{ t(Text::PhoneForgotIntro) }</p>
            <form {onsubmit} novalidate=true>
                { form.errors() }
                { phone_field(&phone, &form, t(Text::PhoneNumber)) }
                <div class="actions">
                    { submit(t(Text::SendMeACode), t(Text::Sending), form.busy()) }
                </div>
            </form>
            <p class="links">
                <Link<Route> to={Route::PhoneLogin}>{ t(Text::BackToLogin) }</Link<Route>>
            </p>
        </Page>
    }
}
