//! Operator notifications in Telegram (#12, point 10): a staff member links their own Telegram
//! account with a one-time code and is told there when a conversation waits longer than their
//! threshold or when someone else assigns one to them.
//!
//! - `staff_telegram`: one row per linked staff member (one staff ↔ one Telegram account: both
//!   ids unique), with the notification choices;
//! - `staff_link_codes`: the pending one-time code of a staff member (at most one), stored as its
//!   SHA-256 only, with its expiry; a code is used by deleting its row;
//! - `staff_notifications`: one row per notification, unique per (staff, conversation, kind,
//!   episode): the row's insert (or the conditional update of a pending one) is the claim that
//!   makes each notification go out once across all processes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000001_staff_telegram"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(StaffTelegram::Table)
                .col(big_integer(StaffTelegram::StaffId).primary_key())
                .col(big_integer_uniq(StaffTelegram::TelegramUserId))
                .col(big_integer(StaffTelegram::ChatId))
                .col(string_null(StaffTelegram::Username))
                .col(string(StaffTelegram::Name))
                .col(string_len_null(StaffTelegram::LanguageCode, 16))
                .col(boolean(StaffTelegram::NotifyWaiting).default(true))
                .col(integer(StaffTelegram::WaitMinutes).default(5))
                .col(boolean(StaffTelegram::NotifyAssigned).default(true))
                .col(timestamp_with_time_zone(StaffTelegram::LinkedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(StaffTelegram::Table, StaffTelegram::StaffId)
                        .to(StaffUsers::Table, StaffUsers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StaffLinkCodes::Table)
                .col(big_pk_auto(StaffLinkCodes::Id))
                .col(big_integer_uniq(StaffLinkCodes::StaffId))
                .col(string_len_uniq(StaffLinkCodes::CodeHash, 64))
                .col(timestamp_with_time_zone(StaffLinkCodes::ExpiresAt))
                .col(timestamp_with_time_zone(StaffLinkCodes::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(StaffLinkCodes::Table, StaffLinkCodes::StaffId)
                        .to(StaffUsers::Table, StaffUsers::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(StaffNotifications::Table)
                .col(big_pk_auto(StaffNotifications::Id))
                .col(big_integer(StaffNotifications::StaffId))
                .col(big_integer(StaffNotifications::ConversationId))
                .col(string_len(StaffNotifications::Kind, 16))
                .col(string_len(StaffNotifications::Episode, 64))
                .col(timestamp_with_time_zone(StaffNotifications::CreatedAt))
                .col(timestamp_with_time_zone_null(StaffNotifications::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_staff_notifications_claim")
                .table(StaffNotifications::Table)
                .col(StaffNotifications::StaffId)
                .col(StaffNotifications::ConversationId)
                .col(StaffNotifications::Kind)
                .col(StaffNotifications::Episode)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_staff_notifications_pending")
                .table(StaffNotifications::Table)
                .col(StaffNotifications::SentAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in
            [StaffNotifications::Table.into_iden(), StaffLinkCodes::Table.into_iden(), StaffTelegram::Table.into_iden()]
        {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum StaffUsers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum StaffTelegram {
    Table,
    StaffId,
    TelegramUserId,
    ChatId,
    Username,
    Name,
    LanguageCode,
    NotifyWaiting,
    WaitMinutes,
    NotifyAssigned,
    LinkedAt,
}

#[derive(DeriveIden)]
enum StaffLinkCodes {
    Table,
    Id,
    StaffId,
    CodeHash,
    ExpiresAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum StaffNotifications {
    Table,
    Id,
    StaffId,
    ConversationId,
    Kind,
    Episode,
    CreatedAt,
    SentAt,
}
