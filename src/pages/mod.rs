//! One file per route. The pages of a sign-in and the phone pages are a
//! wasm chunk of their own in the release build (`app::chunk`).

mod auth_redirect;
mod forgot_password;
mod home;
mod login;
mod magic_link;
mod not_found;
mod phone;
mod profile;
mod register;

pub use auth_redirect::AuthRedirect;
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use login::Login;
pub use magic_link::MagicLink;
pub use not_found::NotFound;
pub use phone::{PhoneLogin, PhoneRegister, PhoneReset};
pub use profile::Profile;
pub use register::Register;
