//! The UI kit: the pieces the admin pages are built from, one component per file, styled by the
//! classes of `style/main.css` (sections 6–22 and "UI kit"). A page composes them and keeps only
//! what is its own: which columns, which fields, which texts.
//!
//! - [`PageHeader`]: the page's title (also the document's), subtitle and main actions.
//! - [`Toolbar`]: a wrapping row of controls (a filter, a select and its button…).
//! - [`DataTable`] with [`Column`]s: a table whose sortable headers are buttons with `aria-sort`,
//!   an [`EmptyState`] when there are no rows, and a [`Pager`] when it is paged.
//! - [`Field`]: a label, the control, a hint and the field's inline error; [`SubmitButton`].
//! - [`Dialog`] (with [`DialogBody`], [`DialogFooter`]) and [`ConfirmDialog`].
//! - [`Badge`], [`RoleBadge`], [`Tabs`], [`ErrorAlert`], [`Loading`], toasts ([`use_toasts`]).
//! - [`LangSwitch`], [`reload_page`], [`format_time`].
//! - `leave_guard` (in the browser): "leave without saving?" for an editor's unsaved changes.

mod alert;
mod badge;
mod confirm_dialog;
mod dialog;
mod empty_state;
mod field;
mod lang_switch;
#[cfg(feature = "hydrate")]
pub mod leave_guard;
mod loading;
mod page_header;
mod pager;
mod submit_button;
mod table;
mod tabs;
mod time;
mod toast;
mod toolbar;

pub use alert::ErrorAlert;
pub use badge::{Badge, RoleBadge, Tone};
pub use confirm_dialog::ConfirmDialog;
pub use dialog::{Dialog, DialogBody, DialogFooter};
pub use empty_state::EmptyState;
pub use field::{Field, FieldError, field_invalid};
pub use lang_switch::{LangSwitch, reload_page};
pub use loading::Loading;
pub use page_header::PageHeader;
pub use pager::{PageInfo, Pager};
pub use submit_button::SubmitButton;
pub use table::{Column, Compare, DataTable, SortState};
pub use tabs::{TabLink, Tabs};
pub use time::{LocalTime, format_time, time_text, use_mounted};
pub use toast::{ToastKind, ToastRegion, Toasts, provide_toasts, use_toasts};
pub use toolbar::Toolbar;
