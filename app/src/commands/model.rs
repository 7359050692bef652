//! View models of the command editor, as they cross the wire. Times are RFC 3339 strings in UTC.
//! What the admin edits ([`CommandDraft`]) and its problems are the `types` crate's: one
//! definition for the browser and the server.

use serde::{Deserialize, Serialize};

pub use types::command::{
    BUILTINS, Builtin, CommandDraft, CommandField, CommandFieldError, CommandProblem, Listed, MenuLine, limits,
    menu_lines, name_is_valid,
};

/// A command as the list and the editor show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandView {
    pub id: i64,
    /// Send it back with a save: one based on an older version is refused.
    pub version: i32,
    /// For a built-in, which one (its name can't change, it can't be deleted).
    pub builtin: Option<Builtin>,
    pub draft: CommandDraft,
    pub updated_at: String,
    /// Who changed it last (none: the seed).
    pub updated_by: Option<String>,
}

/// A menu a command can send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MenuChoice {
    pub id: i64,
    pub title: String,
    pub is_main: bool,
}

/// What the page loads: every command (built-ins first) and the menus to choose from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommandsView {
    pub commands: Vec<CommandView>,
    pub menus: Vec<MenuChoice>,
}
