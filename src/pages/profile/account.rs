//! Account self-service on the profile: change the password, the email, the
//! phone number. Each opens in place and says what happened.

use yew::prelude::*;

use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    bind, code_field, code_sent, notice, submit, use_focus, use_form, Field, Form, FormState,
    NewPasswordFields,
};
use crate::validate::{self, international_phone};

#[derive(Properties, PartialEq)]
struct DisclosureProps {
    label: AttrValue,
    open: bool,
    on_toggle: Callback<bool>,
    #[prop_or_default]
    children: Html,
}

/// A button that opens a form below it, and says whether it is open.
#[component]
fn Disclosure(props: &DisclosureProps) -> Html {
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
struct Foldable {
    open: UseStateHandle<bool>,
    done: UseStateHandle<Option<AttrValue>>,
    form: Form,
}

impl Foldable {
    /// Opening or closing starts afresh: no old message, no old error.
    fn on_toggle(&self) -> Callback<bool> {
        let this = self.clone();
        Callback::from(move |now: bool| {
            this.open.set(now);
            this.done.set(None);
            this.form.state.set(FormState::default());
        })
    }

    /// The call went through: fold the form away and say what happened.
    fn succeeded(&self, message: impl Into<AttrValue>) {
        self.open.set(false);
        self.done.set(Some(message.into()));
    }

    fn notice(&self) -> Html {
        (*self.done).clone().map(notice).unwrap_or_default()
    }
}

#[hook]
fn use_foldable(fields: &'static [&'static str]) -> Foldable {
    Foldable {
        open: use_state(|| false),
        done: use_state(|| None),
        form: use_form(fields),
    }
}

#[component]
pub fn ChangePassword() -> Html {
    let api = use_api();
    let folded = use_foldable(&["oldPassword", "newPassword", "confirmPassword"]);
    let form = folded.form.clone();
    let current = use_state(String::new);
    let password = use_state(String::new);
    let again = use_state(String::new);

    let onsubmit = {
        let (current, password, again, folded) = (
            current.clone(),
            password.clone(),
            again.clone(),
            folded.clone(),
        );
        form.on_submit(move || {
            validate::passed(validate::change_password(&current, &password, &again))?;
            let (api, folded) = (api.clone(), folded.clone());
            let (old, new) = ((*current).clone(), (*password).clone());
            let fields = [current.clone(), password.clone(), again.clone()];
            Ok(async move {
                api.change_password(&old, &new).await?;
                for field in &fields {
                    field.set(String::new());
                }
                folded.succeeded("Your password has been changed.");
                Ok(())
            })
        })
    };

    html! {
        <div class="account-action">
            { folded.notice() }
            <Disclosure label="Change password" open={*folded.open} on_toggle={folded.on_toggle()}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { form.errors() }
                    <Field id="oldPassword" label="Current password" kind="password" autocomplete="current-password"
                        value={(*current).clone()} oninput={bind(&current)}
                        error={form.message_for("oldPassword")} node_ref={form.node("oldPassword")} />
                    <NewPasswordFields password={password.clone()} again={again.clone()} form={form.clone()} />
                    <div class="actions">
                        { submit("Change password", "Saving…", form.busy()) }
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
    let folded = use_foldable(&["email", "currentPassword"]);
    let form = folded.form.clone();
    let email = use_state(String::new);
    let password = use_state(String::new);

    let onsubmit = {
        let (email, password, folded) = (email.clone(), password.clone(), folded.clone());
        form.on_submit(move || {
            validate::passed(validate::change_email(&email, &password))?;
            let (api, auth, folded) = (api.clone(), auth.clone(), folded.clone());
            // Lowercased by the browser, which knows every script's case.
            let address = String::from(js_sys::JsString::from(email.trim()).to_lower_case());
            let secret = (*password).clone();
            let fields = [email.clone(), password.clone()];
            Ok(async move {
                let user = api.change_email(&secret, &address).await?;
                // Changed now, or (with verification) once the link sent to
                // the new address is opened.
                let message = if user.email.as_deref() == Some(address.as_str()) {
                    format!("Your email is now {address}.")
                } else {
                    format!("We sent a link to {address}. Your email changes once you open it.")
                };
                auth.dispatch(AuthAction::UpdateUser(user));
                for field in &fields {
                    field.set(String::new());
                }
                folded.succeeded(message);
                Ok(())
            })
        })
    };

    html! {
        <div class="account-action">
            { folded.notice() }
            <Disclosure label="Change email" open={*folded.open} on_toggle={folded.on_toggle()}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { form.errors() }
                    <Field id="email" label="New email" kind="email" autocomplete="email"
                        value={(*email).clone()} oninput={bind(&email)}
                        error={form.message_for("email")} node_ref={form.node("email")} />
                    <Field id="currentPassword" label="Current password" kind="password" autocomplete="current-password"
                        value={(*password).clone()} oninput={bind(&password)}
                        error={form.message_for("currentPassword")} node_ref={form.node("currentPassword")} />
                    <div class="actions">
                        { submit("Change email", "Saving…", form.busy()) }
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
    let folded = use_foldable(&["newPhone", "currentPassword"]);
    let form = folded.form.clone();
    let phone = use_state(String::new);
    let password = use_state(String::new);
    let sent_to = use_state(|| None::<String>);
    let has_phone = auth.user().is_some_and(|u| u.phone.is_some());

    let onsubmit = {
        let (phone, password, sent_to) = (phone.clone(), password.clone(), sent_to.clone());
        form.on_submit(move || {
            validate::passed(validate::change_phone(&phone, &password))?;
            let (api, sent_to) = (api.clone(), sent_to.clone());
            let to = international_phone(&phone).unwrap_or_default();
            let secret = (*password).clone();
            Ok(async move {
                api.change_phone(&secret, &to).await?;
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
            let message = format!(
                "Your phone number is now {}.",
                user.phone.as_deref().unwrap_or_default()
            );
            auth.dispatch(AuthAction::UpdateUser(user));
            for field in &fields {
                field.set(String::new());
            }
            sent_to.set(None);
            folded.succeeded(message);
        })
    };

    let label = if has_phone {
        "Change phone number"
    } else {
        "Add a phone number"
    };
    html! {
        <div class="account-action">
            { folded.notice() }
            <Disclosure {label} open={*folded.open} {on_toggle}>
                if let Some(to) = &*sent_to {
                    <ConfirmPhone phone={to.clone()} {on_confirmed}
                        on_back={let sent_to = sent_to.clone(); Callback::from(move |_| sent_to.set(None))} />
                } else {
                    <form class="inline-form" {onsubmit} novalidate=true>
                        { form.errors() }
                        <Field id="newPhone" label="New phone number" kind="tel" autocomplete="tel"
                            hint={validate::PHONE_HINT}
                            value={(*phone).clone()} oninput={bind(&phone)}
                            error={form.message_for("newPhone")} node_ref={form.node("newPhone")} />
                        <Field id="currentPassword" label="Current password" kind="password" autocomplete="current-password"
                            value={(*password).clone()} oninput={bind(&password)}
                            error={form.message_for("currentPassword")} node_ref={form.node("currentPassword")} />
                        <div class="actions">
                            { submit("Send me a code", "Sending…", form.busy()) }
                        </div>
                    </form>
                }
            </Disclosure>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ConfirmPhoneProps {
    phone: AttrValue,
    on_confirmed: Callback<crate::altogic::User>,
    on_back: Callback<()>,
}

/// The code sent to the new number; back to the form to send another.
#[component]
fn ConfirmPhone(props: &ConfirmPhoneProps) -> Html {
    let api = use_api();
    let code = use_state(String::new);
    let form = use_form(&["code"]);
    use_focus(form.node("code"));
    let onsubmit = {
        let (code, phone, done) = (
            code.clone(),
            props.phone.clone(),
            props.on_confirmed.clone(),
        );
        form.on_submit(move || {
            validate::passed(validate::code(&code))?;
            let digits = validate::sms_code(&code).unwrap_or_default();
            let (api, phone, done) = (api.clone(), phone.clone(), done.clone());
            Ok(async move {
                let confirmed = api.verify_phone(&phone, &digits).await?;
                let user = confirmed
                    .user
                    .ok_or_else(|| crate::altogic::ApiError::unreadable(200))?;
                done.emit(user);
                Ok(())
            })
        })
    };
    let back = props.on_back.reform(|_: MouseEvent| ());
    html! {
        <form class="inline-form" {onsubmit} novalidate=true>
            { code_sent(&props.phone) }
            { form.errors() }
            { code_field(&code, &form) }
            <div class="actions">
                { submit("Confirm number", "Checking…", form.busy()) }
                <button type="button" class="secondary" onclick={back}>{ "Send another code" }</button>
            </div>
        </form>
    }
}
