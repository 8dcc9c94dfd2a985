//! Views shared by several pages.

mod account;
mod avatar;
mod email_link;
mod form;
mod page;
mod resend;
mod sessions;
pub mod takeover;
mod user_info;

pub use account::{ChangeEmail, ChangePassword};
pub use avatar::Avatar;
pub use email_link::{EmailLink, EmailLinkForm};
pub use form::{
    bind, errors, notice, submit, submit_when, use_form, Field, Form, FormState, NewPasswordFields,
};
#[cfg(feature = "ssr")]
pub use page::take_title;
pub use page::{Page, SITE_TITLE};
pub use resend::ResendVerification;
pub use sessions::Sessions;
pub use takeover::{use_field, use_mounted};
pub use user_info::UserInfo;
