//! One file per route. A build with the `guest` feature holds the guest
//! pages alone: the pages of a sign-in load the full app (`app::switch`).

#[cfg(not(feature = "guest"))]
mod auth_redirect;
mod forgot_password;
mod home;
mod login;
mod magic_link;
mod not_found;
#[cfg(not(feature = "guest"))]
mod phone;
#[cfg(not(feature = "guest"))]
mod profile;
mod register;

#[cfg(not(feature = "guest"))]
pub use auth_redirect::AuthRedirect;
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use login::Login;
pub use magic_link::MagicLink;
pub use not_found::NotFound;
#[cfg(not(feature = "guest"))]
pub use phone::{PhoneLogin, PhoneRegister, PhoneReset};
#[cfg(not(feature = "guest"))]
pub use profile::Profile;
pub use register::Register;
