pub mod api;
mod page;

pub use page::LogsPage;
