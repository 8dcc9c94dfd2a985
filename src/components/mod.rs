//! What several pages share: the page frame, form pieces, taking over a
//! prerendered page, the email-link form, "resend verification" and the
//! provider links.

mod email_link;
mod form;
mod page;
mod providers;
mod resend;
mod sign_in_with;
pub mod takeover;

pub use email_link::{EmailLink, EmailLinkForm};
pub use form::{
    bind, code_field, code_sent, errors, notice, submit, use_focus, use_form, Call, Field, Form,
    FormState, NewPasswordFields,
};
#[cfg(feature = "ssr")]
pub use page::take_title;
pub use page::{Page, SITE_TITLE};
pub use providers::provider_links;
pub use resend::ResendVerification;
pub use sign_in_with::SignInWithChoice;
pub use takeover::use_field;
