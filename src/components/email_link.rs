use yew::prelude::*;

use super::fields::email_field;
use super::form::{notice, submit, use_carried_field, use_form};
use crate::altogic::auth;
use crate::auth::asked::{self, Asked};
use crate::auth::use_api;
use crate::i18n::{t, Text};
use crate::validate::field;

/// Which link the form asks the backend to mail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailLink {
    /// A link that signs in.
    MagicLink,
    /// A link to choose a new password.
    PasswordReset,
    /// A new verification mail.
    Verification,
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
    let email = use_carried_field(field::EMAIL);
    let form = use_form(&[&email]);
    let sent = use_state(|| false);

    let onsubmit = {
        let (email, sent) = (email.clone(), sent.clone());
        let link = props.link;
        form.on_submit(move || {
            sent.set(false);
            let (api, sent, email) = (api.clone(), sent.clone(), email.clone());
            let address = email.value();
            // Every refusal is shown as the server words it: Altogic's
            // answers name an unknown or unverified address, and a 404 may
            // as well be a wrong backend URL as a missing account.
            Ok(async move {
                match link {
                    EmailLink::MagicLink => {
                        api.send(auth::send_magic_link(&address)).await?;
                        asked::remember(&address, Asked::Link);
                        // A sign-in link is done with; a reset may be asked again.
                        email.clear();
                    }
                    EmailLink::PasswordReset => {
                        api.send(auth::send_password_reset(&address)).await?
                    }
                    EmailLink::Verification => {
                        api.send(auth::resend_verification(&address)).await?;
                        asked::remember(&address, Asked::Link);
                    }
                }
                sent.set(true);
                Ok(())
            })
        })
    };

    html! {
        <form {onsubmit} novalidate=true>
            if *sent {
                { notice(props.sent) }
            }
            { form.errors() }
            { email_field(&email, &form, t(Text::Email)) }
            <div class="actions">
                { submit(props.button, t(Text::Sending), form.busy()) }
            </div>
        </form>
    }
}
