//! SeaORM entities: the one Rust view of the schema in `migration/`.
//!
//! Status-, kind- and action-like columns are short strings in the database (portable between
//! SQLite and PostgreSQL) and typed enums here — the enums of the `types` crate, which the browser
//! shares — so a typo can't reach the database.

pub mod action_log;
pub mod bot_commands;
pub mod canned_responses;
pub mod conversation_reads;
pub mod conversations;
pub mod customers;
pub mod events;
pub mod faq_entries;
pub mod faq_versions;
pub mod login_failures;
pub mod menu_buttons;
pub mod menu_versions;
pub mod menus;
pub mod message_files;
pub mod messages;
pub mod outbox;
pub mod sessions;
pub mod settings;
pub mod staff_link_codes;
pub mod staff_notifications;
pub mod staff_telegram;
pub mod staff_users;
pub mod telegram_updates;
pub mod texts;
pub mod unanswered;
pub mod unanswered_hits;

pub mod prelude {
    pub use super::action_log::Entity as ActionLog;
    pub use super::bot_commands::Entity as BotCommands;
    pub use super::canned_responses::Entity as CannedResponses;
    pub use super::conversation_reads::Entity as ConversationReads;
    pub use super::conversations::Entity as Conversations;
    pub use super::customers::Entity as Customers;
    pub use super::events::Entity as Events;
    pub use super::faq_entries::Entity as FaqEntries;
    pub use super::faq_versions::Entity as FaqVersions;
    pub use super::login_failures::Entity as LoginFailures;
    pub use super::menu_buttons::Entity as MenuButtons;
    pub use super::menu_versions::Entity as MenuVersions;
    pub use super::menus::Entity as Menus;
    pub use super::messages::Entity as Messages;
    pub use super::outbox::Entity as Outbox;
    pub use super::sessions::Entity as Sessions;
    pub use super::settings::Entity as Settings;
    pub use super::staff_users::Entity as StaffUsers;
    pub use super::telegram_updates::Entity as TelegramUpdates;
    pub use super::texts::Entity as Texts;
    pub use super::unanswered::Entity as Unanswered;
    pub use super::unanswered_hits::Entity as UnansweredHits;
}
