//! Every call of the emulator against its router, in memory: success, each
//! error it promises, and the limits. One test binary, a module per area
//! over one harness.

mod harness;

mod email;
mod hardening;
mod oauth;
mod objects;
mod phone;
mod server;
mod sessions;
