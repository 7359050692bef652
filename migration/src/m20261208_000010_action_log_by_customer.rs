//! An index on the action log by customer and time: the inbox's transcripts read a customer's
//! button presses (`bot.button`) from a conversation's first bot message on, and customer
//! histories and logs filter by customer.

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000010_action_log_by_customer"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("idx_action_log_customer")
                .table(ActionLog::Table)
                .col(ActionLog::CustomerId)
                .col(ActionLog::At)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("idx_action_log_customer").table(ActionLog::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum ActionLog {
    Table,
    CustomerId,
    At,
}
