//! The menu builder's server side (Bot → Menus): the tree of menus with search and breadcrumbs,
//! a menu with its keyboard, saving with version conflicts, rename, duplicate, delete (with the
//! buttons that open the menu listed first), history and restore. Admins only. The pages are
//! not built yet; the placeholder at `bot/menus` says so.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
