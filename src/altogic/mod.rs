//! A typed client for the part of Altogic's REST API the app uses.
//! The data shapes match the official JavaScript client (`altogic` on npm).

pub mod types;

pub use types::{Session, User};
