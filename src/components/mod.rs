//! Views shared by several pages.

mod page;

pub use page::{use_title, Page, SITE_TITLE};
