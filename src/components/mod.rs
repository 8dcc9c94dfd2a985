//! What several pages share: the page frame, forms and their fields, the
//! step of a code sent by SMS, taking over a prerendered page, the
//! email-link form, "resend verification" and the provider links.

pub mod carry;
mod code_step;
mod country_field;
mod email_link;
mod fields;
mod form;
mod page;
mod providers;
mod resend;
mod sign_in_with;
pub mod takeover;

pub use code_step::{CodeFor, CodeStep};
pub use email_link::{EmailLink, EmailLinkForm};
pub use fields::{
    consent_field, email_field, keep_signed_in_field, name_field, new_password_fields, not_me,
    password_field, phone_field, register_fields, signup_field, signup_fields, use_last_used,
    Field, Password,
};
pub use form::{
    errors, notice, submit, use_carried_field, use_field, use_form, use_signup_fields, waiting,
    FieldHandle, Form, FormState, Pending,
};
#[cfg(feature = "ssr")]
pub use page::take_title;
pub use page::Page;
pub use providers::provider_links;
#[cfg(feature = "ssr")]
pub use providers::take_drew_providers;
pub use resend::ResendVerification;
pub use sign_in_with::SignInWithChoice;
