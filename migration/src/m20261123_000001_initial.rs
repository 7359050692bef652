//! The initial schema: staff and sessions, Telegram customers and conversations, the durable update
//! and outbox queues, the bot's configurable content, and the action/audit log.
//!
//! Portable by construction: only column types that both SQLite and PostgreSQL map cleanly
//! (integers, text, booleans, timestamps with time zone); enums are short strings checked in Rust.

use sea_orm_migration::{prelude::*, schema::*};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_initial"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // ---- staff and access ------------------------------------------------------------
        m.create_table(
            Table::create()
                .table(StaffUsers::Table)
                .col(big_pk_auto(StaffUsers::Id))
                .col(string_len_uniq(StaffUsers::Username, 64))
                .col(string_len(StaffUsers::DisplayName, 128))
                .col(string(StaffUsers::PasswordHash))
                .col(string_len(StaffUsers::Role, 16))
                .col(boolean(StaffUsers::IsActive).default(true))
                .col(string_len_null(StaffUsers::Language, 8))
                .col(timestamp_with_time_zone(StaffUsers::CreatedAt))
                .col(timestamp_with_time_zone(StaffUsers::UpdatedAt))
                .col(timestamp_with_time_zone_null(StaffUsers::LastLoginAt))
                .col(timestamp_with_time_zone(StaffUsers::PasswordChangedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(string_len(Sessions::Id, 64).primary_key())
                .col(big_integer_null(Sessions::UserId))
                .col(text(Sessions::Data))
                .col(timestamp_with_time_zone(Sessions::ExpiresAt))
                .to_owned(),
        )
        .await?;
        index(m, Sessions::Table, "idx_sessions_user", &[Sessions::UserId]).await?;
        index(m, Sessions::Table, "idx_sessions_expires", &[Sessions::ExpiresAt]).await?;

        m.create_table(
            Table::create()
                .table(LoginFailures::Table)
                .col(big_pk_auto(LoginFailures::Id))
                .col(string_len(LoginFailures::Scope, 8))
                .col(string_len(LoginFailures::Key, 128))
                .col(timestamp_with_time_zone(LoginFailures::At))
                .to_owned(),
        )
        .await?;
        index(
            m,
            LoginFailures::Table,
            "idx_login_failures_key",
            &[LoginFailures::Scope, LoginFailures::Key, LoginFailures::At],
        )
        .await?;

        // ---- Telegram customers and conversations ------------------------------------------
        m.create_table(
            Table::create()
                .table(Customers::Table)
                .col(big_pk_auto(Customers::Id))
                .col(big_integer_uniq(Customers::TelegramUserId))
                .col(big_integer(Customers::ChatId))
                .col(string(Customers::FirstName))
                .col(string_null(Customers::LastName))
                .col(string_null(Customers::Username))
                .col(string_len_null(Customers::LanguageCode, 16))
                .col(string_len_null(Customers::Source, 64))
                .col(boolean(Customers::IsBlocked).default(false))
                .col(timestamp_with_time_zone(Customers::FirstSeenAt))
                .col(timestamp_with_time_zone(Customers::LastSeenAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Conversations::Table)
                .col(big_pk_auto(Conversations::Id))
                .col(big_integer(Conversations::CustomerId))
                .col(string_len(Conversations::Status, 16))
                .col(big_integer_null(Conversations::AssigneeId))
                .col(timestamp_with_time_zone(Conversations::CreatedAt))
                .col(timestamp_with_time_zone(Conversations::UpdatedAt))
                .col(timestamp_with_time_zone_null(Conversations::WaitingSince))
                .col(timestamp_with_time_zone_null(Conversations::ResolvedAt))
                .col(small_integer_null(Conversations::Rating))
                .col(timestamp_with_time_zone(Conversations::LastMessageAt))
                .foreign_key(&mut fk(Conversations::Table, Conversations::CustomerId, Customers::Table, Customers::Id))
                .foreign_key(&mut fk(
                    Conversations::Table,
                    Conversations::AssigneeId,
                    StaffUsers::Table,
                    StaffUsers::Id,
                ))
                .to_owned(),
        )
        .await?;
        index(m, Conversations::Table, "idx_conversations_customer", &[Conversations::CustomerId]).await?;
        index(
            m,
            Conversations::Table,
            "idx_conversations_status",
            &[Conversations::Status, Conversations::WaitingSince],
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Messages::Table)
                .col(big_pk_auto(Messages::Id))
                .col(big_integer(Messages::ConversationId))
                .col(big_integer(Messages::CustomerId))
                .col(string_len(Messages::Sender, 16))
                .col(big_integer_null(Messages::StaffUserId))
                .col(string_len(Messages::Kind, 16))
                .col(text_null(Messages::Text))
                .col(string_null(Messages::FileId))
                .col(text_null(Messages::Caption))
                .col(big_integer_null(Messages::TelegramMessageId))
                .col(big_integer_null(Messages::UpdateId))
                .col(big_integer_null(Messages::FaqEntryId))
                .col(big_integer_null(Messages::OutboxId))
                .col(timestamp_with_time_zone(Messages::CreatedAt))
                .foreign_key(&mut fk(
                    Messages::Table,
                    Messages::ConversationId,
                    Conversations::Table,
                    Conversations::Id,
                ))
                .foreign_key(&mut fk(Messages::Table, Messages::CustomerId, Customers::Table, Customers::Id))
                .to_owned(),
        )
        .await?;
        index(m, Messages::Table, "idx_messages_conversation", &[Messages::ConversationId, Messages::Id]).await?;

        // ---- durable queues ------------------------------------------------------------------
        m.create_table(
            Table::create()
                .table(TelegramUpdates::Table)
                .col(big_pk_auto(TelegramUpdates::Id))
                .col(big_integer_uniq(TelegramUpdates::UpdateId))
                .col(big_integer_null(TelegramUpdates::ChatId))
                .col(string_len(TelegramUpdates::Kind, 32))
                .col(text(TelegramUpdates::Payload))
                .col(string_len(TelegramUpdates::Status, 16))
                .col(integer(TelegramUpdates::Attempts).default(0))
                .col(text_null(TelegramUpdates::Error))
                .col(timestamp_with_time_zone(TelegramUpdates::ReceivedAt))
                .col(timestamp_with_time_zone_null(TelegramUpdates::ProcessedAt))
                .to_owned(),
        )
        .await?;
        index(m, TelegramUpdates::Table, "idx_updates_pending", &[TelegramUpdates::Status, TelegramUpdates::Id])
            .await?;
        index(m, TelegramUpdates::Table, "idx_updates_chat", &[TelegramUpdates::ChatId, TelegramUpdates::Id]).await?;

        m.create_table(
            Table::create()
                .table(Outbox::Table)
                .col(big_pk_auto(Outbox::Id))
                .col(big_integer(Outbox::ChatId))
                .col(big_integer_null(Outbox::CustomerId))
                .col(big_integer_null(Outbox::ConversationId))
                .col(big_integer_null(Outbox::MessageId))
                .col(string_len(Outbox::Method, 32))
                .col(text(Outbox::Payload))
                .col(string_len(Outbox::Status, 16))
                .col(integer(Outbox::Attempts).default(0))
                .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                .col(timestamp_with_time_zone_null(Outbox::LockedUntil))
                .col(text_null(Outbox::LastError))
                .col(big_integer_null(Outbox::TelegramMessageId))
                .col(timestamp_with_time_zone(Outbox::CreatedAt))
                .col(timestamp_with_time_zone_null(Outbox::SentAt))
                .to_owned(),
        )
        .await?;
        index(m, Outbox::Table, "idx_outbox_due", &[Outbox::Status, Outbox::NextAttemptAt]).await?;

        // ---- the bot's content ---------------------------------------------------------------
        m.create_table(
            Table::create()
                .table(FaqEntries::Table)
                .col(big_pk_auto(FaqEntries::Id))
                .col(string_len_null(FaqEntries::Slug, 64))
                .col(text(FaqEntries::Question))
                .col(text(FaqEntries::Variants))
                .col(text(FaqEntries::Answer))
                .col(string_len(FaqEntries::Language, 8))
                .col(boolean(FaqEntries::IsActive).default(true))
                .col(integer(FaqEntries::Position).default(0))
                .col(timestamp_with_time_zone(FaqEntries::CreatedAt))
                .col(timestamp_with_time_zone(FaqEntries::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Menus::Table)
                .col(big_pk_auto(Menus::Id))
                .col(string_len_uniq(Menus::Key, 64))
                .col(string(Menus::TitleRu))
                .col(string(Menus::TitleEn))
                .col(text(Menus::TextRu))
                .col(text(Menus::TextEn))
                .col(boolean(Menus::IsMain).default(false))
                .col(timestamp_with_time_zone(Menus::CreatedAt))
                .col(timestamp_with_time_zone(Menus::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(MenuButtons::Table)
                .col(big_pk_auto(MenuButtons::Id))
                .col(big_integer(MenuButtons::MenuId))
                .col(string(MenuButtons::LabelRu))
                .col(string(MenuButtons::LabelEn))
                .col(string_len(MenuButtons::Action, 16))
                .col(big_integer_null(MenuButtons::TargetMenuId))
                .col(big_integer_null(MenuButtons::TargetFaqId))
                .col(text_null(MenuButtons::Url))
                .col(integer(MenuButtons::Row).default(0))
                .col(integer(MenuButtons::Position).default(0))
                .foreign_key(
                    &mut fk(MenuButtons::Table, MenuButtons::MenuId, Menus::Table, Menus::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .to_owned(),
                )
                .to_owned(),
        )
        .await?;
        index(m, MenuButtons::Table, "idx_menu_buttons_menu", &[MenuButtons::MenuId]).await?;

        m.create_table(
            Table::create()
                .table(BotCommands::Table)
                .col(big_pk_auto(BotCommands::Id))
                .col(string_len_uniq(BotCommands::Command, 32))
                .col(string(BotCommands::DescriptionRu))
                .col(string(BotCommands::DescriptionEn))
                .col(text_null(BotCommands::ResponseRu))
                .col(text_null(BotCommands::ResponseEn))
                .col(boolean(BotCommands::IsBuiltin).default(false))
                .col(boolean(BotCommands::IsActive).default(true))
                .col(integer(BotCommands::Position).default(0))
                .col(timestamp_with_time_zone(BotCommands::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(string_len(Settings::Key, 64).primary_key())
                .col(text(Settings::Value))
                .col(timestamp_with_time_zone(Settings::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Texts::Table)
                .col(string_len(Texts::Key, 64))
                .col(string_len(Texts::Language, 8))
                .col(text(Texts::Value))
                .col(timestamp_with_time_zone(Texts::UpdatedAt))
                .primary_key(Index::create().col(Texts::Key).col(Texts::Language))
                .to_owned(),
        )
        .await?;

        // ---- action / audit log -------------------------------------------------------------
        m.create_table(
            Table::create()
                .table(ActionLog::Table)
                .col(big_pk_auto(ActionLog::Id))
                .col(timestamp_with_time_zone(ActionLog::At))
                .col(string_len(ActionLog::ActorKind, 16))
                .col(big_integer_null(ActionLog::StaffUserId))
                .col(big_integer_null(ActionLog::CustomerId))
                .col(string_len(ActionLog::ActorName, 128))
                .col(string_len(ActionLog::Action, 64))
                .col(string_len_null(ActionLog::TargetKind, 32))
                .col(big_integer_null(ActionLog::TargetId))
                .col(big_integer_null(ActionLog::ConversationId))
                .col(text(ActionLog::Details))
                .col(string_len_null(ActionLog::Ip, 64))
                .to_owned(),
        )
        .await?;
        index(m, ActionLog::Table, "idx_action_log_at", &[ActionLog::At]).await?;
        index(m, ActionLog::Table, "idx_action_log_action", &[ActionLog::Action, ActionLog::At]).await?;

        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Reverse order of creation, so foreign keys never dangle.
        for table in [
            ActionLog::Table.into_iden(),
            Texts::Table.into_iden(),
            Settings::Table.into_iden(),
            BotCommands::Table.into_iden(),
            MenuButtons::Table.into_iden(),
            Menus::Table.into_iden(),
            FaqEntries::Table.into_iden(),
            Outbox::Table.into_iden(),
            TelegramUpdates::Table.into_iden(),
            Messages::Table.into_iden(),
            Conversations::Table.into_iden(),
            Customers::Table.into_iden(),
            LoginFailures::Table.into_iden(),
            Sessions::Table.into_iden(),
            StaffUsers::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

fn fk<T: IntoIden, C: IntoIden, RT: IntoIden, RC: IntoIden>(
    table: T,
    col: C,
    ref_table: RT,
    ref_col: RC,
) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(table, col).to(ref_table, ref_col).to_owned()
}

async fn index<T: IntoIden + Clone + 'static, C: IntoIden + Clone + 'static>(
    m: &SchemaManager<'_>,
    table: T,
    name: &str,
    cols: &[C],
) -> Result<(), DbErr> {
    let mut idx = Index::create();
    idx.name(name).table(table);
    for c in cols {
        idx.col(c.clone());
    }
    m.create_index(idx.to_owned()).await
}

#[derive(DeriveIden, Clone, Copy)]
enum StaffUsers {
    Table,
    Id,
    Username,
    DisplayName,
    PasswordHash,
    Role,
    IsActive,
    Language,
    CreatedAt,
    UpdatedAt,
    LastLoginAt,
    PasswordChangedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Sessions {
    Table,
    Id,
    UserId,
    Data,
    ExpiresAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum LoginFailures {
    Table,
    Id,
    Scope,
    Key,
    At,
}
#[derive(DeriveIden, Clone, Copy)]
enum Customers {
    Table,
    Id,
    TelegramUserId,
    ChatId,
    FirstName,
    LastName,
    Username,
    LanguageCode,
    Source,
    IsBlocked,
    FirstSeenAt,
    LastSeenAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Conversations {
    Table,
    Id,
    CustomerId,
    Status,
    AssigneeId,
    CreatedAt,
    UpdatedAt,
    WaitingSince,
    ResolvedAt,
    Rating,
    LastMessageAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    Id,
    ConversationId,
    CustomerId,
    Sender,
    StaffUserId,
    Kind,
    Text,
    FileId,
    Caption,
    TelegramMessageId,
    UpdateId,
    FaqEntryId,
    OutboxId,
    CreatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum TelegramUpdates {
    Table,
    Id,
    UpdateId,
    ChatId,
    Kind,
    Payload,
    Status,
    Attempts,
    Error,
    ReceivedAt,
    ProcessedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Outbox {
    Table,
    Id,
    ChatId,
    CustomerId,
    ConversationId,
    MessageId,
    Method,
    Payload,
    Status,
    Attempts,
    NextAttemptAt,
    LockedUntil,
    LastError,
    TelegramMessageId,
    CreatedAt,
    SentAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum FaqEntries {
    Table,
    Id,
    Slug,
    Question,
    Variants,
    Answer,
    Language,
    IsActive,
    Position,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Menus {
    Table,
    Id,
    Key,
    TitleRu,
    TitleEn,
    TextRu,
    TextEn,
    IsMain,
    CreatedAt,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum MenuButtons {
    Table,
    Id,
    MenuId,
    LabelRu,
    LabelEn,
    Action,
    TargetMenuId,
    TargetFaqId,
    Url,
    Row,
    Position,
}
#[derive(DeriveIden, Clone, Copy)]
enum BotCommands {
    Table,
    Id,
    Command,
    DescriptionRu,
    DescriptionEn,
    ResponseRu,
    ResponseEn,
    IsBuiltin,
    IsActive,
    Position,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Settings {
    Table,
    Key,
    Value,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum Texts {
    Table,
    Key,
    Language,
    Value,
    UpdatedAt,
}
#[derive(DeriveIden, Clone, Copy)]
enum ActionLog {
    Table,
    Id,
    At,
    ActorKind,
    StaffUserId,
    CustomerId,
    ActorName,
    Action,
    TargetKind,
    TargetId,
    ConversationId,
    Details,
    Ip,
}
