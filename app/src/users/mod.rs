pub mod api;
mod page;
#[cfg(feature = "ssr")]
pub mod service;
pub mod validate;

pub use page::UsersPage;
