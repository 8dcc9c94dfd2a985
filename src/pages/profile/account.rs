//! Account self-service on the profile: change the password, the email, the
//! phone number. Each opens in place and says what happened.

use yew::prelude::*;

use crate::altogic::{auth, phone};
use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    email_field, new_password_fields, notice, password_field, phone_field, submit, use_field,
    use_form, CodeFor, CodeStep, FieldHandle, Form, FormState, Password,
};
use crate::i18n::{fill, t, Text};
use crate::validate::{self, field};

#[derive(Properties, PartialEq)]
pub struct DisclosureProps {
    pub label: AttrValue,
    pub open: bool,
    pub on_toggle: Callback<bool>,
    #[prop_or_default]
    pub children: Html,
}

/// A button that opens a form below it, and says whether it is open.
#[component]
pub fn Disclosure(props: &DisclosureProps) -> Html {
    let onclick = {
        let (open, toggle) = (props.open, props.on_toggle.clone());
        Callback::from(move |_| toggle.emit(!open))
    };
    html! {
        <div class="disclosure">
            <button type="button" class="secondary" aria-expanded={if props.open { "true" } else { "false" }} {onclick}>
                { &props.label }
            </button>
            if props.open {
                { props.children.clone() }
            }
        </div>
    }
}

/// A form that opens under a `Disclosure`: whether it is open, what its
/// last success said, and the form itself.
#[derive(Clone)]
pub struct Foldable {
    pub open: UseStateHandle<bool>,
    done: UseStateHandle<Option<AttrValue>>,
    pub form: Form,
}

impl Foldable {
    /// Opening or closing starts afresh: no old message, no old error.
    pub fn on_toggle(&self) -> Callback<bool> {
        let this = self.clone();
        Callback::from(move |now: bool| {
            this.open.set(now);
            this.done.set(None);
            this.form.state.set(FormState::default());
        })
    }

    /// The call went through: fold the form away and say what happened.
    pub fn succeeded(&self, message: impl Into<AttrValue>) {
        self.open.set(false);
        self.done.set(Some(message.into()));
    }

    pub fn notice(&self) -> Html {
        (*self.done).clone().map(notice).unwrap_or_default()
    }
}

#[hook]
pub fn use_foldable(fields: &[&FieldHandle]) -> Foldable {
    Foldable {
        open: use_state(|| false),
        done: use_state(|| None),
        form: use_form(fields),
    }
}

#[component]
pub fn ChangePassword() -> Html {
    let api = use_api();
    let current = use_field(field::OLD_PASSWORD);
    let password = use_field(field::NEW_PASSWORD);
    let again = use_field(field::CONFIRM_PASSWORD);
    let folded = use_foldable(&[&current, &password, &again]);
    let form = folded.form.clone();
    // Ticked: a session someone else holds must not outlive the password
    // it was opened with (ASVS 3.3.3).
    let others_out = use_state(|| true);

    let onsubmit = {
        let (current, password, again, folded, others_out) = (
            current.clone(),
            password.clone(),
            again.clone(),
            folded.clone(),
            others_out.clone(),
        );
        form.on_submit(move || {
            validate::passed(validate::confirmed(&password, &again))?;
            let (api, folded, others_out) = (api.clone(), folded.clone(), *others_out);
            let (old, new) = (current.value(), password.value());
            let fields = [current.clone(), password.clone(), again.clone()];
            Ok(async move {
                api.send(auth::change_password(&old, &new)).await?;
                for field in &fields {
                    field.clear();
                }
                // Said only once it is so: the password has changed either way.
                if others_out && api.send(auth::sign_out_all_except()).await.is_ok() {
                    folded.succeeded(t(Text::PasswordChangedOthersOut));
                } else {
                    folded.succeeded(t(Text::PasswordChanged));
                }
                Ok(())
            })
        })
    };
    let on_tick = {
        let others_out = others_out.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            others_out.set(input.checked());
        })
    };

    html! {
        <div class="account-action">
            { folded.notice() }
            <Disclosure label={t(Text::ChangePassword)} open={*folded.open} on_toggle={folded.on_toggle()}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { form.errors() }
                    { password_field(&current, &form, t(Text::CurrentPassword), Password::Current) }
                    { new_password_fields(&password, &again, &form) }
                    <label class="check">
                        <input type="checkbox" checked={*others_out} onchange={on_tick} />
                        { t(Text::SignOutOtherDevices) }
                    </label>
                    <div class="actions">
                        { submit(t(Text::ChangePassword), t(Text::Saving), form.busy()) }
                    </div>
                </form>
            </Disclosure>
        </div>
    }
}

#[component]
pub fn ChangeEmail() -> Html {
    let auth = use_auth();
    let api = use_api();
    let email = use_field(field::EMAIL);
    let password = use_field(field::CURRENT_PASSWORD);
    let folded = use_foldable(&[&email, &password]);
    let form = folded.form.clone();

    let onsubmit = {
        let (email, password, folded) = (email.clone(), password.clone(), folded.clone());
        form.on_submit(move || {
            let (api, auth, folded) = (api.clone(), auth.clone(), folded.clone());
            // As typed (trimmed): whether Altogic matches addresses
            // case-blind is not said anywhere, so nothing here depends on it.
            let address = email.value();
            let secret = password.value();
            let fields = [email.clone(), password.clone()];
            Ok(async move {
                let user = api.send(auth::change_email(&secret, &address)).await?;
                // Changed now, or (with verification) once the link sent to
                // the new address is opened.
                let message = match user.email.as_deref() {
                    Some(now) if now.eq_ignore_ascii_case(&address) => {
                        fill(Text::EmailIsNow, &[("email", now)])
                    }
                    _ => fill(Text::EmailChangeSent, &[("email", &address)]),
                };
                auth.dispatch(AuthAction::UpdateUser(user));
                for field in &fields {
                    field.clear();
                }
                folded.succeeded(message);
                Ok(())
            })
        })
    };

    html! {
        <div class="account-action">
            { folded.notice() }
            <Disclosure label={t(Text::ChangeEmail)} open={*folded.open} on_toggle={folded.on_toggle()}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { form.errors() }
                    { email_field(&email, &form, t(Text::NewEmail)) }
                    { password_field(&password, &form, t(Text::CurrentPassword), Password::Current) }
                    <div class="actions">
                        { submit(t(Text::ChangeEmail), t(Text::Saving), form.busy()) }
                    </div>
                </form>
            </Disclosure>
        </div>
    }
}

/// A new phone number: the current password, then the code sent by SMS to
/// the new number, which takes effect then.
#[component]
pub fn ChangePhone() -> Html {
    let auth = use_auth();
    let api = use_api();
    let phone = use_field(field::NEW_PHONE);
    let password = use_field(field::CURRENT_PASSWORD);
    let folded = use_foldable(&[&phone, &password]);
    let form = folded.form.clone();
    let sent_to = use_state(|| None::<String>);
    let has_phone = auth.user().is_some_and(|u| u.phone.is_some());

    let onsubmit = {
        let (phone, password, sent_to) = (phone.clone(), password.clone(), sent_to.clone());
        form.on_submit(move || {
            let (api, sent_to) = (api.clone(), sent_to.clone());
            let to = phone.value();
            let secret = password.value();
            Ok(async move {
                api.send(phone::change(&secret, &to)).await?;
                sent_to.set(Some(to));
                Ok(())
            })
        })
    };
    let on_toggle = {
        let (toggle, sent_to) = (folded.on_toggle(), sent_to.clone());
        Callback::from(move |open| {
            sent_to.set(None);
            toggle.emit(open);
        })
    };
    let on_confirmed = {
        let (auth, folded, sent_to) = (auth.clone(), folded.clone(), sent_to.clone());
        let fields = [phone.clone(), password.clone()];
        Callback::from(move |user: crate::altogic::User| {
            let message = fill(
                Text::PhoneIsNow,
                &[("phone", user.phone.as_deref().unwrap_or_default())],
            );
            auth.dispatch(AuthAction::UpdateUser(user));
            for field in &fields {
                field.clear();
            }
            sent_to.set(None);
            folded.succeeded(message);
        })
    };

    let label = if has_phone {
        t(Text::ChangePhone)
    } else {
        t(Text::AddPhone)
    };
    html! {
        <div class="account-action">
            { folded.notice() }
            <Disclosure {label} open={*folded.open} {on_toggle}>
                if let Some(to) = &*sent_to {
                    <CodeStep phone={to.clone()} purpose={CodeFor::NewNumber {
                        confirmed: on_confirmed,
                        back: { let sent_to = sent_to.clone(); Callback::from(move |_| sent_to.set(None)) },
                    }} />
                } else {
                    <form class="inline-form" {onsubmit} novalidate=true>
                        { form.errors() }
                        { phone_field(&phone, &form, t(Text::NewPhoneNumber)) }
                        { password_field(&password, &form, t(Text::CurrentPassword), Password::Current) }
                        <div class="actions">
                            { submit(t(Text::SendMeACode), t(Text::Sending), form.busy()) }
                        </div>
                    </form>
                }
            </Disclosure>
        </div>
    }
}
