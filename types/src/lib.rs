//! The states and kinds the product stores, one definition each: the database columns hold their
//! strings, the server matches on them, and the browser shows them (this crate compiles for wasm;
//! with the `db` feature each enum is also a SeaORM active enum, so an entity column can be typed
//! with it and a typo can't reach the database).
//!
//! Guarantees:
//! - the string of each variant is the one already in the database (no data migration), written
//!   once, in the [`string_enum!`] list below; serde, SeaORM, [`as_str`](ConversationStatus::as_str)
//!   and [`parse`](ConversationStatus::parse) all use it;
//! - SQL text that needs a state spells it through [`sql_list`] / `as_str()`, never as a literal.

pub mod command;
pub mod faq;
pub mod files;
pub mod menu;
pub mod settings;
pub mod sim;
pub mod texts;

// The SeaORM derive names the column type unqualified.
#[cfg(feature = "db")]
use sea_orm::sea_query::StringLen;

/// Declares an enum whose variants are stored as fixed strings.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "db", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        #[cfg_attr(feature = "db", sea_orm(rs_type = "String", db_type = "String(StringLen::None)"))]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $value)]
                #[cfg_attr(feature = "db", sea_orm(string_value = $value))]
                $variant,
            )+
        }

        impl $name {
            /// Every variant, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The string stored in the database and sent over the wire.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $value,)+
                }
            }

            /// The variant stored as `s`, if any.
            pub fn parse(s: &str) -> Option<$name> {
                match s {
                    $($value => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

string_enum! {
    /// Where a conversation is: `bot` → `waiting` (handed off) → `assigned` (an operator took it)
    /// → `resolved`.
    pub enum ConversationStatus {
        Bot = "bot",
        Waiting = "waiting",
        Assigned = "assigned",
        Resolved = "resolved",
    }
}

impl ConversationStatus {
    /// Operators see it in the inbox (handed off and not resolved).
    pub fn is_open(self) -> bool {
        matches!(self, ConversationStatus::Waiting | ConversationStatus::Assigned)
    }
}

string_enum! {
    /// Who a message in a conversation's history came from.
    pub enum Sender {
        Customer = "customer",
        Bot = "bot",
        Operator = "operator",
        /// An internal note: shown to staff, never sent to Telegram.
        Note = "note",
        /// A system line in the history (handed off, taken, resolved, rated…); its text is a code.
        System = "system",
    }
}

string_enum! {
    /// What a history message is. Customers' media keep Telegram's name for the field.
    pub enum MessageKind {
        Text = "text",
        /// A customer's edit of an earlier text message (stored as a new line of the history).
        Edited = "edited",
        Photo = "photo",
        Document = "document",
        Voice = "voice",
        Video = "video",
        VideoNote = "video_note",
        Audio = "audio",
        Sticker = "sticker",
        Animation = "animation",
        Location = "location",
        Venue = "venue",
        Contact = "contact",
        Poll = "poll",
        Dice = "dice",
        Story = "story",
        /// A staff note.
        Note = "note",
        /// A system line (see [`Sender::System`]).
        Event = "event",
    }
}

impl MessageKind {
    /// The media kinds a customer's Telegram message can carry, in the order they are looked for.
    pub const MEDIA: &'static [MessageKind] = &[
        MessageKind::Photo,
        MessageKind::Document,
        MessageKind::Voice,
        MessageKind::Video,
        MessageKind::VideoNote,
        MessageKind::Audio,
        MessageKind::Sticker,
        MessageKind::Animation,
        MessageKind::Location,
        MessageKind::Venue,
        MessageKind::Contact,
        MessageKind::Poll,
        MessageKind::Dice,
        MessageKind::Story,
    ];

    /// Its content is text (no file, no place, no contact card).
    pub fn is_textual(self) -> bool {
        matches!(self, MessageKind::Text | MessageKind::Edited | MessageKind::Note | MessageKind::Event)
    }
}

string_enum! {
    /// Where a stored Telegram update is: new updates wait as `pending` (or are kept as `skipped`
    /// when the bot doesn't handle their kind), then end `done` or `failed`.
    pub enum UpdateStatus {
        Pending = "pending",
        Done = "done",
        Skipped = "skipped",
        Failed = "failed",
    }
}

string_enum! {
    /// Where an outgoing Bot API call is: `pending` (due at `next_attempt_at`) → `sending`
    /// (claimed under a lease) → `sent`, or `failed` for good.
    pub enum OutboxStatus {
        Pending = "pending",
        Sending = "sending",
        Sent = "sent",
        Failed = "failed",
    }
}

impl OutboxStatus {
    /// Not finished yet: waiting for its turn or being sent.
    pub const UNFINISHED: &'static [OutboxStatus] = &[OutboxStatus::Pending, OutboxStatus::Sending];
}

string_enum! {
    /// The Bot API method an outbox row calls.
    pub enum OutboxMethod {
        SendMessage = "sendMessage",
        AnswerCallbackQuery = "answerCallbackQuery",
        /// An operator's photo, uploaded by multipart.
        SendPhoto = "sendPhoto",
        /// An operator's file, uploaded by multipart.
        SendDocument = "sendDocument",
        /// 2–10 of an operator's photos (or 2–10 files) as one album.
        SendMediaGroup = "sendMediaGroup",
    }
}

string_enum! {
    /// How an operator's attachment goes to Telegram: a photo (`sendPhoto`, shown inline, albums
    /// with other photos) or a file (`sendDocument`, albums only with other files).
    pub enum AttachmentKind {
        Photo = "photo",
        Document = "document",
    }
}

string_enum! {
    /// What a menu button does when pressed.
    pub enum ButtonAction {
        /// Opens another menu (`target_menu_id`).
        Submenu = "submenu",
        /// Shows an FAQ answer (`target_faq_id`).
        Faq = "faq",
        /// Opens a link (`url`).
        Url = "url",
        /// Hands the conversation to an operator.
        Handoff = "handoff",
        /// Back to the menu this one was opened from.
        Back = "back",
        /// Shows the main menu.
        MainMenu = "main_menu",
        /// Sends a text (`text_ru`, `text_en`).
        SendText = "send_text",
    }
}

string_enum! {
    /// Whether the bot uses an FAQ entry. Archived entries are out of the admin's way and can be
    /// restored; only a permanent delete removes one.
    #[derive(Default)]
    pub enum FaqState {
        #[default]
        Enabled = "enabled",
        Disabled = "disabled",
        Archived = "archived",
    }
}

string_enum! {
    /// The customers an FAQ entry answers: Russian speakers, English speakers, or both (then the
    /// entry has an answer in each language).
    #[derive(Default)]
    pub enum FaqLanguage {
        #[default]
        Ru = "ru",
        En = "en",
        Both = "both",
    }
}

string_enum! {
    /// What made a version of an FAQ entry.
    pub enum FaqChange {
        Created = "created",
        Updated = "updated",
        Archived = "archived",
        Unarchived = "unarchived",
        /// An earlier version made current again.
        Reverted = "reverted",
        Imported = "imported",
        /// A customer's question added as a variant from the unanswered queue.
        VariantAdded = "variant_added",
        /// Permanently deleted (the last version of an entry that no longer exists).
        Deleted = "deleted",
    }
}

string_enum! {
    /// What made a version of a menu.
    pub enum MenuChange {
        Created = "created",
        Updated = "updated",
        Renamed = "renamed",
        /// An earlier version made current again.
        Reverted = "reverted",
        /// Deleted (the last version of a menu that no longer exists).
        Deleted = "deleted",
    }
}

string_enum! {
    /// Where an unanswered question is in the queue.
    #[derive(Default)]
    pub enum UnansweredStatus {
        #[default]
        Open = "open",
        /// Added to the FAQ (as a variant or a new entry).
        Resolved = "resolved",
        Dismissed = "dismissed",
    }
}

string_enum! {
    /// Why a customer's message counts as unanswered.
    pub enum UnansweredReason {
        /// Handed off: nothing in the FAQ matched.
        NoMatch = "no_match",
        /// "Maybe you meant…" was shown and none of it was tapped.
        Suggested = "suggested",
        /// The customer pressed "didn't help" under an answer.
        NotHelped = "not_helped",
        /// Operators answered it after a handoff.
        OperatorAnswered = "operator_answered",
        /// An operator flagged the reply as worth an FAQ entry.
        Flagged = "flagged",
    }
}

string_enum! {
    /// What a staff member may do. Admins configure everything; operators work the inbox.
    pub enum Role {
        Admin = "admin",
        Operator = "operator",
    }
}

string_enum! {
    /// The inbox's tabs.
    #[derive(Default)]
    pub enum InboxTab {
        /// Handed off, nobody took it yet (oldest first).
        #[default]
        Waiting = "waiting",
        /// Assigned to me.
        Mine = "mine",
        /// Waiting or assigned, anyone's.
        Open = "open",
        /// With the bot: never handed off (the bot handles them alone).
        Bot = "bot",
        Resolved = "resolved",
    }
}

string_enum! {
    /// Which change a live event reports (browsers follow these by id).
    pub enum EventKind {
        /// A conversation moved (handed off, taken, resolved…) or was rated.
        Conversation = "conversation",
        /// A message was added to a conversation's history.
        Message = "message",
        /// An outgoing message's delivery changed (sent, failed, retrying).
        Delivery = "delivery",
        /// The FAQ changed: every process's matcher follows it.
        Faq = "faq",
    }
}

string_enum! {
    /// Who did an action of the log.
    pub enum ActorKind {
        Staff = "staff",
        Customer = "customer",
        Bot = "bot",
        /// The server itself or its command line.
        System = "system",
    }
}

string_enum! {
    /// What an action of the log is about.
    pub enum TargetKind {
        StaffUser = "staff_user",
        Customer = "customer",
        Conversation = "conversation",
        CannedResponse = "canned_response",
        FaqEntry = "faq_entry",
        Menu = "menu",
        MenuButton = "menu_button",
        Command = "command",
    }
}

string_enum! {
    /// Every action the log records: staff actions (the audit log) and the bot's and customers'
    /// actions alike. Labels for people are in the web admin's catalogues.
    pub enum LogAction {
        AuthLogin = "auth.login",
        AuthLoginFailed = "auth.login_failed",
        AuthLogout = "auth.logout",
        AuthPasswordChanged = "auth.password_changed",
        AuthLanguageChanged = "auth.language_changed",
        /// A staff member changed their own display name (details: before, after).
        AuthDisplayNameChanged = "auth.display_name_changed",
        /// A staff member linked their Telegram account (details: the Telegram @username/name).
        AuthTelegramLinked = "auth.telegram_linked",
        AuthTelegramUnlinked = "auth.telegram_unlinked",
        UserCreate = "user.create",
        UserUpdate = "user.update",
        UserDeactivate = "user.deactivate",
        UserReactivate = "user.reactivate",
        UserResetPassword = "user.reset_password",
        SystemFirstAdmin = "system.first_admin",
        /// `server create-user` on the command line.
        CliCreateUser = "cli.create_user",
        CannedCreate = "canned.create",
        CannedUpdate = "canned.update",
        CannedDelete = "canned.delete",
        FaqCreate = "faq.create",
        FaqUpdate = "faq.update",
        FaqArchive = "faq.archive",
        FaqUnarchive = "faq.unarchive",
        FaqDelete = "faq.delete",
        /// An earlier version of an entry made current again.
        FaqRevert = "faq.revert",
        /// A CSV file imported (web or `server faq import`).
        FaqImport = "faq.import",
        /// An unanswered question added to an entry as a variant.
        FaqAddVariant = "faq.add_variant",
        UnansweredDismiss = "unanswered.dismiss",
        MenuCreate = "menu.create",
        MenuUpdate = "menu.update",
        MenuRename = "menu.rename",
        /// A copy of a menu made (the new menu is the target).
        MenuDuplicate = "menu.duplicate",
        MenuDelete = "menu.delete",
        /// An earlier version of a menu made current again.
        MenuRevert = "menu.revert",
        /// The bot's settings saved (details: each changed key, before and after).
        SettingsUpdate = "settings.update",
        /// A text the bot sends changed (details: key, language, before and after).
        TextUpdate = "text.update",
        CommandCreate = "command.create",
        CommandUpdate = "command.update",
        CommandDelete = "command.delete",
        /// An operator flagged a reply as worth an FAQ entry.
        ConversationFlagFaq = "conversation.flag_faq",
        ConversationTake = "conversation.take",
        /// An operator took a conversation over from the bot (writing first).
        ConversationTakeOver = "conversation.take_over",
        ConversationAssign = "conversation.assign",
        ConversationRelease = "conversation.release",
        ConversationReply = "conversation.reply",
        ConversationNote = "conversation.note",
        ConversationRetry = "conversation.retry",
        ConversationResolve = "conversation.resolve",
        ConversationReopen = "conversation.reopen",
        ConnectionTokenSet = "connection.token_set",
        BotCommand = "bot.command",
        BotButton = "bot.button",
        BotMenuButton = "bot.menu_button",
        BotFaqAnswer = "bot.faq_answer",
        BotSuggestions = "bot.suggestions",
        BotSuggestionChosen = "bot.suggestion_chosen",
        BotHelped = "bot.helped",
        /// The customer pressed "didn't help" under an FAQ answer.
        BotNotHelped = "bot.not_helped",
        BotHandoff = "bot.handoff",
        BotRating = "bot.rating",
        BotBlocked = "bot.blocked",
        BotUnblocked = "bot.unblocked",
    }
}

string_enum! {
    /// Why a staff member gets a message in Telegram: a conversation waits longer than their
    /// threshold, or someone else assigned one to them.
    pub enum NotifyKind {
        Waiting = "waiting",
        Assigned = "assigned",
    }
}

impl LogAction {
    /// A staff member's action (the audit log shows these), as opposed to the bot's and customers'.
    pub fn is_staff(self) -> bool {
        !self.as_str().starts_with("bot.")
    }
}

/// Sizes the server's reads and the screens agree on.
pub mod limits {
    /// FAQ entries a list page shows.
    pub const FAQ_PAGE: u64 = 50;
    /// Conversations an inbox list returns at most (the screen says when there are more).
    pub const INBOX_LIST: u64 = 200;
    /// History messages sent with a conversation; older ones are fetched page by page.
    pub const HISTORY_PAGE: u64 = 100;
}

/// `'a', 'b'` for an SQL `IN (…)` list: states spelled by their enum, never by hand.
pub fn sql_list<T: Copy>(values: &[T], as_str: fn(T) -> &'static str) -> String {
    values.iter().map(|v| format!("'{}'", as_str(*v))).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + std::fmt::Debug>(
            all: &[T],
            as_str: fn(T) -> &'static str,
            parse: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::HashSet::new();
            for v in all {
                assert!(seen.insert(as_str(*v)), "{} twice", as_str(*v));
                assert_eq!(parse(as_str(*v)), Some(*v));
                assert!(as_str(*v).len() <= 32, "{} is longer than the columns allow", as_str(*v));
            }
            assert_eq!(parse("no such value"), None);
        }
        check(ConversationStatus::ALL, ConversationStatus::as_str, ConversationStatus::parse);
        check(Sender::ALL, Sender::as_str, Sender::parse);
        check(MessageKind::ALL, MessageKind::as_str, MessageKind::parse);
        check(UpdateStatus::ALL, UpdateStatus::as_str, UpdateStatus::parse);
        check(OutboxStatus::ALL, OutboxStatus::as_str, OutboxStatus::parse);
        check(OutboxMethod::ALL, OutboxMethod::as_str, OutboxMethod::parse);
        check(AttachmentKind::ALL, AttachmentKind::as_str, AttachmentKind::parse);
        check(ButtonAction::ALL, ButtonAction::as_str, ButtonAction::parse);
        check(Role::ALL, Role::as_str, Role::parse);
        check(EventKind::ALL, EventKind::as_str, EventKind::parse);
        check(InboxTab::ALL, InboxTab::as_str, InboxTab::parse);
        check(ActorKind::ALL, ActorKind::as_str, ActorKind::parse);
        check(TargetKind::ALL, TargetKind::as_str, TargetKind::parse);
        check(LogAction::ALL, LogAction::as_str, LogAction::parse);
        check(FaqState::ALL, FaqState::as_str, FaqState::parse);
        check(FaqLanguage::ALL, FaqLanguage::as_str, FaqLanguage::parse);
        check(FaqChange::ALL, FaqChange::as_str, FaqChange::parse);
        check(MenuChange::ALL, MenuChange::as_str, MenuChange::parse);
        check(UnansweredStatus::ALL, UnansweredStatus::as_str, UnansweredStatus::parse);
        check(UnansweredReason::ALL, UnansweredReason::as_str, UnansweredReason::parse);
    }

    #[test]
    fn serde_uses_the_stored_strings() {
        assert_eq!(serde_json::to_string(&LogAction::UserResetPassword).unwrap(), "\"user.reset_password\"");
        assert_eq!(serde_json::from_str::<ConversationStatus>("\"waiting\"").unwrap(), ConversationStatus::Waiting);
        assert_eq!(serde_json::to_string(&OutboxMethod::AnswerCallbackQuery).unwrap(), "\"answerCallbackQuery\"");
    }

    #[test]
    fn sql_lists_quote_each_value() {
        assert_eq!(sql_list(OutboxStatus::UNFINISHED, OutboxStatus::as_str), "'pending', 'sending'");
    }

    #[test]
    fn staff_actions_are_told_from_the_bots() {
        assert!(LogAction::UserCreate.is_staff());
        assert!(!LogAction::BotHandoff.is_staff());
    }
}
