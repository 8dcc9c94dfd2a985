//! Account self-service on the profile: change the password, change the
//! email. Each opens in place and says what happened.

use yew::prelude::*;

use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    bind, notice, submit, use_form, Field, Form, FormState, NewPasswordFields,
};
use crate::validate;

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
