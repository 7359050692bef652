//! Files both ways: an operator's attachments (`message_files`, the bytes in the data folder,
//! keyed by their SHA-256) and what a customer's file is (`messages.file_name`, `mime_type`,
//! `file_size`, from Telegram's update; empty for older rows).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000001_files"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(MessageFiles::Table)
                .col(big_pk_auto(MessageFiles::Id))
                .col(big_integer(MessageFiles::MessageId))
                .col(integer(MessageFiles::Position))
                .col(string_len(MessageFiles::Kind, 32))
                .col(string_len(MessageFiles::Name, 255))
                .col(string_len(MessageFiles::MimeType, 255))
                .col(big_integer(MessageFiles::Size))
                .col(string_len(MessageFiles::Sha256, 64))
                .col(text_null(MessageFiles::TelegramFileId))
                .col(timestamp_with_time_zone(MessageFiles::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_message_files_message")
                .table(MessageFiles::Table)
                .col(MessageFiles::MessageId)
                .col(MessageFiles::Position)
                .to_owned(),
        )
        .await?;
        // SQLite alters one column per statement.
        for col in [
            string_len_null(Messages::FileName, 255).to_owned(),
            string_len_null(Messages::MimeType, 255).to_owned(),
            big_integer_null(Messages::FileSize).to_owned(),
        ] {
            m.alter_table(Table::alter().table(Messages::Table).add_column(col).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [Messages::FileName, Messages::MimeType, Messages::FileSize] {
            m.alter_table(Table::alter().table(Messages::Table).drop_column(col).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(MessageFiles::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum MessageFiles {
    Table,
    Id,
    MessageId,
    Position,
    Kind,
    Name,
    MimeType,
    Size,
    Sha256,
    TelegramFileId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Messages {
    Table,
    FileName,
    MimeType,
    FileSize,
}
