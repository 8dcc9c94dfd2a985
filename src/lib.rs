//! The reference Rust/WebAssembly sign-in front-end for Altogic.
//!
//! Everything lives in this library so that host unit tests and the browser
//! tests in `tests/` reach the same code that `main.rs` mounts.

pub mod altogic;
pub mod app;
pub mod auth;
pub mod boot;
pub mod breach;
pub mod chunk;
pub mod components;
pub mod config;
pub mod country;
pub mod i18n;
pub mod lazy;
pub mod pages;
pub mod percent;
// The site writer runs on the host only (src/bin/prerender.rs).
#[cfg(not(target_arch = "wasm32"))]
pub mod prerender;
pub mod route;
pub mod strength;
pub mod validate;

pub use boot::start;
