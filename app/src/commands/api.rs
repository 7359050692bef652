//! Server functions of the command editor. Every one is for admins only (`as_admin`: 401 signed
//! out, 403 for operators). Those taking a command's content use JSON bodies.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::commands::model::{CommandDraft, CommandView, CommandsView};
use crate::error::ApiError;

/// Every command (built-ins first, then custom ones in Telegram's menu order) and the menus a
/// command can send.
#[server(prefix = "/api", endpoint = "commands/list")]
pub async fn commands_list() -> Result<CommandsView, ApiError> {
    as_admin(async |caller| crate::commands::server::list(&caller).await).await
}

/// Creates a custom command; Telegram's menu of commands is updated at once.
#[server(prefix = "/api", endpoint = "commands/create", input = Json)]
pub async fn commands_create(draft: CommandDraft) -> Result<CommandView, ApiError> {
    as_admin(async |caller| crate::commands::server::create(&caller, draft).await).await
}

/// Saves a command based on `version` (the one the editor loaded: a save based on an older one
/// is refused with a conflict). A built-in keeps its name; its texts are the bot's texts.
#[server(prefix = "/api", endpoint = "commands/save", input = Json)]
pub async fn commands_save(id: i64, version: i32, draft: CommandDraft) -> Result<CommandView, ApiError> {
    as_admin(async |caller| crate::commands::server::save(&caller, id, version, draft).await).await
}

/// Deletes a custom command (built-ins are refused).
#[server(prefix = "/api", endpoint = "commands/delete")]
pub async fn commands_delete(id: i64) -> Result<(), ApiError> {
    as_admin(async |caller| crate::commands::server::delete(&caller, id).await).await
}
