//! Account self-service on the profile: change the password, change the
//! email. Each opens in place and says what happened.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::auth::{use_api, use_auth, AuthAction};
use crate::components::{
    begin_submit, bind, errors, notice, submit, Field, FormState, NewPasswordFields,
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

const PASSWORD_FIELDS: &[&str] = &["oldPassword", "newPassword", "confirmPassword"];

#[component]
pub fn ChangePassword() -> Html {
    let api = use_api();
    let open = use_state(|| false);
    let done = use_state(|| false);
    let current = use_state(String::new);
    let password = use_state(String::new);
    let again = use_state(String::new);
    let form = use_state(FormState::default);
    let refs = [use_node_ref(), use_node_ref(), use_node_ref()];

    let on_toggle = {
        let (open, done, form) = (open.clone(), done.clone(), form.clone());
        Callback::from(move |now: bool| {
            open.set(now);
            done.set(false);
            form.set(FormState::default());
        })
    };
    let onsubmit = {
        let (current, password, again, form, refs) = (
            current.clone(),
            password.clone(),
            again.clone(),
            form.clone(),
            refs.clone(),
        );
        let (open, done) = (open.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = validate::change_password(&current, &password, &again);
            let fields: Vec<_> = PASSWORD_FIELDS.iter().copied().zip(refs.iter()).collect();
            if !begin_submit(&form, problems, &fields) {
                return;
            }
            let (api, form, open, done) = (api.clone(), form.clone(), open.clone(), done.clone());
            let (old, new) = ((*current).clone(), (*password).clone());
            let fields = [current.clone(), password.clone(), again.clone()];
            spawn_local(async move {
                match api.change_password(&old, &new).await {
                    Ok(()) => {
                        for field in &fields {
                            field.set(String::new());
                        }
                        form.set(FormState::default());
                        open.set(false);
                        done.set(true);
                    }
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    let [current_ref, password_ref, again_ref] = refs;
    html! {
        <div class="account-action">
            if *done {
                { notice("Your password has been changed.") }
            }
            <Disclosure label="Change password" open={*open} {on_toggle}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { errors(form.error.as_ref(), PASSWORD_FIELDS) }
                    <Field id="oldPassword" label="Current password" kind="password" autocomplete="current-password"
                        value={(*current).clone()} oninput={bind(&current)}
                        error={form.message_for("oldPassword")} node_ref={current_ref} />
                    <NewPasswordFields password={password.clone()} again={again.clone()}
                        form={form.clone()} refs={[password_ref, again_ref]} />
                    <div class="actions">
                        { submit("Change password", "Saving…", form.busy) }
                    </div>
                </form>
            </Disclosure>
        </div>
    }
}

const EMAIL_FIELDS: &[&str] = &["email", "currentPassword"];

#[component]
pub fn ChangeEmail() -> Html {
    let auth = use_auth();
    let api = use_api();
    let open = use_state(|| false);
    let done = use_state(|| None::<String>);
    let email = use_state(String::new);
    let password = use_state(String::new);
    let form = use_state(FormState::default);
    let refs = [use_node_ref(), use_node_ref()];

    let on_toggle = {
        let (open, done, form) = (open.clone(), done.clone(), form.clone());
        Callback::from(move |now: bool| {
            open.set(now);
            done.set(None);
            form.set(FormState::default());
        })
    };
    let onsubmit = {
        let (email, password, form, refs) =
            (email.clone(), password.clone(), form.clone(), refs.clone());
        let (open, done) = (open.clone(), done.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = validate::change_email(&email, &password);
            let fields: Vec<_> = EMAIL_FIELDS.iter().copied().zip(refs.iter()).collect();
            if !begin_submit(&form, problems, &fields) {
                return;
            }
            let (api, auth, form, open, done) = (
                api.clone(),
                auth.clone(),
                form.clone(),
                open.clone(),
                done.clone(),
            );
            // Lowercased by the browser, which knows every script's case.
            let address = String::from(js_sys::JsString::from(email.trim()).to_lower_case());
            let secret = (*password).clone();
            let fields = [email.clone(), password.clone()];
            spawn_local(async move {
                match api.change_email(&secret, &address).await {
                    Ok(user) => {
                        // Changed now, or (with verification) once the link
                        // sent to the new address is opened.
                        let message = if user.email.as_deref() == Some(address.as_str()) {
                            format!("Your email is now {address}.")
                        } else {
                            format!(
                                "We sent a link to {address}. Your email changes once you open it."
                            )
                        };
                        auth.dispatch(AuthAction::UpdateUser(user));
                        for field in &fields {
                            field.set(String::new());
                        }
                        form.set(FormState::default());
                        open.set(false);
                        done.set(Some(message));
                    }
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    let [email_ref, password_ref] = refs;
    html! {
        <div class="account-action">
            if let Some(message) = (*done).clone() {
                { notice(message) }
            }
            <Disclosure label="Change email" open={*open} {on_toggle}>
                <form class="inline-form" {onsubmit} novalidate=true>
                    { errors(form.error.as_ref(), EMAIL_FIELDS) }
                    <Field id="email" label="New email" kind="email" autocomplete="email"
                        value={(*email).clone()} oninput={bind(&email)}
                        error={form.message_for("email")} node_ref={email_ref} />
                    <Field id="currentPassword" label="Current password" kind="password" autocomplete="current-password"
                        value={(*password).clone()} oninput={bind(&password)}
                        error={form.message_for("currentPassword")} node_ref={password_ref} />
                    <div class="actions">
                        { submit("Change email", "Saving…", form.busy) }
                    </div>
                </form>
            </Disclosure>
        </div>
    }
}
