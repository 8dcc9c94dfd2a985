//! A typed client for the part of Altogic's REST API the app uses: one
//! module per area, one error type. Requests are data (`ApiRequest`), built
//! and parsed by plain functions; `Api` sends them.

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
pub use request::ApiRequest;
pub use types::{AgentPart, Session, User, UserAgent, UserAnswer};
