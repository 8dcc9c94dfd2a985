use yew::platform::spawn_local;
use yew::prelude::*;

use crate::auth::use_api;
use crate::validate;

use super::form::{begin_submit, bind, errors, notice, submit_when};
use super::takeover::{use_field, use_mounted};
use super::{Field, FormState};

const FIELDS: &[&str] = &["email"];

/// Which link the form asks the backend to mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailLink {
    /// A link that signs in.
    MagicLink,
    /// A link to choose a new password.
    PasswordReset,
}

#[derive(Properties, PartialEq)]
pub struct EmailLinkFormProps {
    pub link: EmailLink,
    pub button: &'static str,
    /// What to say once the mail is on its way.
    pub sent: &'static str,
}

/// An email address, sent to get a link by mail: the form of the magic-link
/// and the forgot-password pages.
#[component]
pub fn EmailLinkForm(props: &EmailLinkFormProps) -> Html {
    let api = use_api();
    let email = use_field("email");
    let form = use_state(FormState::default);
    let ready = use_mounted();
    let sent = use_state(|| false);
    let email_ref = use_node_ref();

    let onsubmit = {
        let (email, form, sent, email_ref) =
            (email.clone(), form.clone(), sent.clone(), email_ref.clone());
        let link = props.link;
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let problems = validate::magic_link(&email);
            if !begin_submit(&form, problems, &[("email", &email_ref)]) {
                return;
            }
            sent.set(false);
            let (api, form, sent, email) = (api.clone(), form.clone(), sent.clone(), email.clone());
            let address = email.trim().to_owned();
            spawn_local(async move {
                let result = match link {
                    EmailLink::MagicLink => api.send_magic_link(&address).await,
                    // An unknown address (404) gets the same answer as a
                    // known one: the page must not tell a stranger which
                    // addresses have accounts.
                    EmailLink::PasswordReset => match api.send_password_reset(&address).await {
                        Err(error) if error.status == Some(404) => Ok(()),
                        other => other,
                    },
                };
                match result {
                    Ok(()) => {
                        // A sign-in link is done with; a reset may be asked again.
                        if link == EmailLink::MagicLink {
                            email.set(String::new());
                        }
                        sent.set(true);
                        form.set(FormState::default());
                    }
                    Err(error) => form.set(FormState::failed(error)),
                }
            });
        })
    };

    html! {
        <form {onsubmit} novalidate=true>
            if *sent {
                { notice(props.sent) }
            }
            { errors(form.error.as_ref(), FIELDS) }
            <Field id="email" label="Email" kind="email" autocomplete="email"
                value={(*email).clone()} oninput={bind(&email)}
                error={form.message_for("email")} node_ref={email_ref} />
            <div class="actions">
                { submit_when(props.button, "Sending…", form.busy, ready) }
            </div>
        </form>
    }
}
