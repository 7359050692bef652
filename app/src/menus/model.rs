//! View models of the menu builder, as they cross the wire. Times are RFC 3339 strings in UTC.
//! What the admin edits ([`MenuDraft`]), its problems, the tree and the preview's layout are the
//! `types` crate's: one definition for the browser and the server.

use serde::{Deserialize, Serialize};

pub use types::MenuChange;
pub use types::menu::{
    ButtonDraft, ButtonRef, Crumb, LaidButton, MenuDraft, MenuField, MenuFieldError, MenuHit, MenuOutline, MenuProblem,
    MenuTarget, OutlineNode, callback_data, keyboard_layout, limits,
};

/// A menu as the editor opens it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuView {
    pub id: i64,
    /// Send it back with a save or a rename: one based on an older version is refused.
    pub version: i32,
    pub is_main: bool,
    /// The texts and the keyboard; each button with its id.
    pub draft: MenuDraft,
    pub updated_at: String,
    /// Who changed it last (none: the seed or the migration).
    pub updated_by: Option<String>,
    /// The buttons that open this menu (other menus' and FAQ answers').
    pub opened_by: Vec<ButtonRef>,
    /// The questions of the FAQ entries this menu's buttons show (id, question), for the editor.
    #[serde(default)]
    pub faq_questions: Vec<(i64, String)>,
}

/// One version in a menu's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuVersionView {
    pub version: i32,
    pub change: MenuChange,
    pub at: String,
    pub by: String,
    pub draft: MenuDraft,
    /// What this version changed from the one before it: `key`, `title_ru`, `title_en`,
    /// `text_ru`, `text_en`, `rows`.
    pub changed: Vec<String>,
}
