//! The menu builder (Bot → Menus, admins only): the tree of menus with search and breadcrumbs, a
//! menu's texts and keyboard edited with the mouse (drag and drop) or the keyboard, a Telegram-look
//! preview that follows every keystroke, saving with version conflicts, duplicate, delete (with the
//! buttons that open the menu listed first), history and restore.

pub mod api;
pub(crate) mod button_panel;
mod dialogs;
mod edit;
mod editor;
mod keyboard;
pub mod model;
mod page;
mod preview;
#[cfg(feature = "ssr")]
pub mod server;

pub use page::MenusPage;
