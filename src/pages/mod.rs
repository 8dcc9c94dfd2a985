//! One file per route.

mod auth_redirect;
mod forgot_password;
mod home;
mod login;
mod magic_link;
mod not_found;
mod profile;
mod register;

pub use auth_redirect::AuthRedirect;
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use login::Login;
pub use magic_link::MagicLink;
pub use not_found::NotFound;
pub use profile::Profile;
pub use register::Register;
