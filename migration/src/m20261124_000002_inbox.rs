//! The live inbox: the event feed browsers follow (and catch up on after a reconnect), per-staff
//! read marks (unread counts), canned responses, and outbox rows whose delivery a screen shows.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000002_inbox"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Ids are the order browsers see changes in; a reconnecting browser asks for ids after the
        // last one it saw.
        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(big_pk_auto(Events::Id))
                .col(timestamp_with_time_zone(Events::At))
                .col(string_len(Events::Kind, 32))
                .col(big_integer_null(Events::ConversationId))
                .col(big_integer_null(Events::MessageId))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_events_at").table(Events::Table).col(Events::At).to_owned()).await?;

        m.create_table(
            Table::create()
                .table(ConversationReads::Table)
                .col(big_integer(ConversationReads::StaffUserId))
                .col(big_integer(ConversationReads::ConversationId))
                .col(big_integer(ConversationReads::LastReadMessageId))
                .primary_key(Index::create().col(ConversationReads::StaffUserId).col(ConversationReads::ConversationId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CannedResponses::Table)
                .col(big_pk_auto(CannedResponses::Id))
                .col(string_len(CannedResponses::Title, 120))
                .col(string_len_uniq(CannedResponses::Shortcut, 40))
                .col(text(CannedResponses::Text))
                .col(timestamp_with_time_zone(CannedResponses::CreatedAt))
                .col(timestamp_with_time_zone(CannedResponses::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.alter_table(
            Table::alter().table(Outbox::Table).add_column(boolean(Outbox::Tracked).default(false)).to_owned(),
        )
        .await?;
        // A key the browser makes for each reply, so a reply sent twice (a retried request) is
        // stored once.
        m.alter_table(
            Table::alter().table(Messages::Table).add_column(string_len_null(Messages::ClientKey, 64)).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_messages_client_key")
                .table(Messages::Table)
                .col(Messages::ClientKey)
                .unique()
                .to_owned(),
        )
        .await?;
        // The inbox's lists: open conversations by when they last moved; resolved ones by when.
        m.create_index(
            Index::create()
                .name("idx_conversations_status_last")
                .table(Conversations::Table)
                .col(Conversations::Status)
                .col(Conversations::LastMessageAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_conversations_assignee")
                .table(Conversations::Table)
                .col(Conversations::AssigneeId)
                .col(Conversations::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_outbox_message").table(Outbox::Table).col(Outbox::MessageId).to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_outbox_message").table(Outbox::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_conversations_assignee").table(Conversations::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_conversations_status_last").table(Conversations::Table).to_owned())
            .await?;
        m.drop_index(Index::drop().name("idx_messages_client_key").table(Messages::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Messages::Table).drop_column(Messages::ClientKey).to_owned()).await?;
        m.alter_table(Table::alter().table(Outbox::Table).drop_column(Outbox::Tracked).to_owned()).await?;
        m.drop_table(Table::drop().table(CannedResponses::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(ConversationReads::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Events::Table).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    At,
    Kind,
    ConversationId,
    MessageId,
}

#[derive(DeriveIden)]
enum ConversationReads {
    Table,
    StaffUserId,
    ConversationId,
    LastReadMessageId,
}

#[derive(DeriveIden)]
enum CannedResponses {
    Table,
    Id,
    Title,
    Shortcut,
    Text,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Tracked,
    MessageId,
}

#[derive(DeriveIden)]
enum Conversations {
    Table,
    Status,
    LastMessageAt,
    AssigneeId,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    ClientKey,
}
