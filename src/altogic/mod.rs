//! A typed client for the part of Altogic's REST API the app uses: one
//! module per area, one error type. Each call is data, built by a plain
//! function: its request and the type of its answer (`request::Call`);
//! `Api::send` sends it.

pub mod auth;
mod client;
pub mod db;
mod error;
pub mod json;
pub mod phone;
pub mod request;
pub mod storage;
pub mod types;

pub use client::Api;
pub use error::{ApiError, ErrorItem, PHONE_NOT_VERIFIED};
pub use request::{ApiRequest, Call, Done};
pub use types::{AgentPart, Session, User, UserAgent, UserAnswer};
