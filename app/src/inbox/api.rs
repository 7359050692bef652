//! Server functions of the inbox. Every one checks the caller on the server; what an operator may
//! do is decided by `bot::inbox` (the same rules whatever the screen shows).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::{as_admin, as_staff};
use crate::error::ApiError;
use crate::inbox::model::{
    CannedResponse, ConversationHead, ConversationView, InboxPage, InboxTab, MessageView, RowUpdate, StaffOption,
    TabCounts,
};

#[server(prefix = "/api", endpoint = "inbox/list")]
pub async fn inbox_list(tab: InboxTab, search: String) -> Result<InboxPage, ApiError> {
    as_staff(async |caller| crate::inbox::server::list(&caller.state.db, &caller.user, tab, &search).await).await
}

/// The counts of the tabs (the title's waiting count), without the rows.
#[server(prefix = "/api", endpoint = "inbox/counts")]
pub async fn inbox_counts() -> Result<TabCounts, ApiError> {
    as_staff(async |caller| crate::inbox::server::counts(&caller.state.db, caller.user.id).await).await
}

#[server(prefix = "/api", endpoint = "inbox/conversation")]
pub async fn inbox_conversation(id: i64) -> Result<ConversationView, ApiError> {
    as_staff(async |caller| crate::inbox::server::conversation(&caller.state.db, &caller.user, id).await).await
}

/// One conversation's row as the caller's `tab` (searched for `search`) shows it, or that it
/// doesn't belong there; with the tabs' counts. For live updates of the list.
#[server(prefix = "/api", endpoint = "inbox/row")]
pub async fn inbox_row(id: i64, tab: InboxTab, search: String) -> Result<RowUpdate, ApiError> {
    as_staff(async |caller| crate::inbox::server::row(&caller.state.db, &caller.user, id, tab, &search).await).await
}

/// The open conversation's header, permissions and customer card, without its history.
#[server(prefix = "/api", endpoint = "inbox/head")]
pub async fn inbox_head(id: i64) -> Result<ConversationHead, ApiError> {
    as_staff(async |caller| crate::inbox::server::head(&caller.state.db, &caller.user, id).await).await
}

/// One message of conversation `id` as its history shows it (404 when it belongs to another).
#[server(prefix = "/api", endpoint = "inbox/message")]
pub async fn inbox_message(id: i64, message_id: i64) -> Result<MessageView, ApiError> {
    as_staff(async |caller| crate::inbox::server::message(&caller.state.db, id, message_id).await).await
}

/// Up to a page of messages older than `before` (a message id), oldest first.
#[server(prefix = "/api", endpoint = "inbox/older")]
pub async fn inbox_older(id: i64, before: i64) -> Result<(Vec<MessageView>, bool), ApiError> {
    as_staff(async |caller| crate::inbox::server::older(&caller.state.db, id, before).await).await
}

#[server(prefix = "/api", endpoint = "inbox/take")]
pub async fn inbox_take(id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        bot::inbox::take(&caller.state.db, &staff(&caller), id, caller.ip.as_deref()).await.map_err(from_inbox)?;
        Ok(())
    })
    .await
}

/// Takes a conversation over from the bot (any staff member; writing first to a customer).
#[server(prefix = "/api", endpoint = "inbox/take_over")]
pub async fn inbox_take_over(id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        bot::inbox::take_over(&caller.state.db, &staff(&caller), id, caller.ip.as_deref()).await.map_err(from_inbox)?;
        Ok(())
    })
    .await
}

/// Assigns to another staff member (admins only).
#[server(prefix = "/api", endpoint = "inbox/assign")]
pub async fn inbox_assign(id: i64, staff_id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_admin(async |caller| {
        bot::inbox::assign(&caller.state.db, &staff(&caller), id, staff_id, caller.ip.as_deref())
            .await
            .map_err(from_inbox)?;
        Ok(())
    })
    .await
}

/// Returns the conversation to the waiting queue.
#[server(prefix = "/api", endpoint = "inbox/release")]
pub async fn inbox_release(id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        bot::inbox::release(&caller.state.db, &staff(&caller), id, caller.ip.as_deref()).await.map_err(from_inbox)?;
        Ok(())
    })
    .await
}

/// Sends a reply through the outbox. `client_key` (made by the browser, one per reply) makes a
/// repeated request store it once.
#[server(prefix = "/api", endpoint = "inbox/reply")]
pub async fn inbox_reply(id: i64, text: String, client_key: String) -> Result<MessageView, ApiError> {
    use crate::inbox::server::{from_inbox, message_view, staff};
    as_staff(async |caller| {
        let state = &caller.state;
        let m = bot::inbox::reply(&state.db, &staff(&caller), id, &text, Some(&client_key), caller.ip.as_deref())
            .await
            .map_err(from_inbox)?;
        message_view(&state.db, m).await
    })
    .await
}

/// An internal note (never sent to the customer); `client_key` as for replies.
#[server(prefix = "/api", endpoint = "inbox/note")]
pub async fn inbox_note(id: i64, text: String, client_key: String) -> Result<MessageView, ApiError> {
    use crate::inbox::server::{from_inbox, message_view, staff};
    as_staff(async |caller| {
        let m = bot::inbox::note(&caller.state.db, &staff(&caller), id, &text, Some(&client_key), caller.ip.as_deref())
            .await
            .map_err(from_inbox)?;
        message_view(&caller.state.db, m).await
    })
    .await
}

/// Sends a failed reply again.
#[server(prefix = "/api", endpoint = "inbox/retry")]
pub async fn inbox_retry(message_id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        bot::inbox::retry(&caller.state.db, &staff(&caller), message_id, caller.ip.as_deref())
            .await
            .map_err(from_inbox)?;
        Ok(())
    })
    .await
}

/// Resolves the conversation; the customer gets the rating buttons.
#[server(prefix = "/api", endpoint = "inbox/resolve")]
pub async fn inbox_resolve(
    id: i64,
    /// Resolve even though no operator has replied (then no rating is asked for).
    #[server(default)]
    confirmed: bool,
) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        let state = &caller.state;
        bot::inbox::resolve(&state.db, &state.engine, &staff(&caller), id, confirmed).await.map_err(from_inbox)?;
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "inbox/reopen")]
pub async fn inbox_reopen(id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        bot::inbox::reopen(&caller.state.db, &staff(&caller), id, caller.ip.as_deref()).await.map_err(from_inbox)?;
        Ok(())
    })
    .await
}

/// The caller has seen the conversation up to `message_id` (for unread counts).
#[server(prefix = "/api", endpoint = "inbox/read")]
pub async fn inbox_mark_read(id: i64, message_id: i64) -> Result<(), ApiError> {
    use crate::inbox::server::{from_inbox, staff};
    as_staff(async |caller| {
        bot::inbox::mark_read(&caller.state.db, &staff(&caller), id, message_id).await.map_err(from_inbox)
    })
    .await
}

/// Active staff members, to assign to (admins only).
#[server(prefix = "/api", endpoint = "inbox/staff")]
pub async fn inbox_staff() -> Result<Vec<StaffOption>, ApiError> {
    as_admin(async |caller| crate::inbox::server::staff_options(&caller.state.db).await).await
}

/// Canned responses (every staff member uses them; admins manage them).
#[server(prefix = "/api", endpoint = "canned/list")]
pub async fn canned_list() -> Result<Vec<CannedResponse>, ApiError> {
    as_staff(async |caller| crate::inbox::server::canned_list(&caller.state.db).await).await
}

/// Creates (`id` = None) or updates a canned response (admins only).
#[server(prefix = "/api", endpoint = "canned/save")]
pub async fn canned_save(
    id: Option<i64>,
    title: String,
    shortcut: String,
    text: String,
) -> Result<CannedResponse, ApiError> {
    as_admin(async |caller| crate::inbox::server::canned_save(&caller, id, title, shortcut, text).await).await
}

#[server(prefix = "/api", endpoint = "canned/delete")]
pub async fn canned_delete(id: i64) -> Result<(), ApiError> {
    as_admin(async |caller| crate::inbox::server::canned_delete(&caller, id).await).await
}
