//! An index for the outbox's claim: each chat's oldest unfinished row ("the head") is found by
//! chat, among unfinished rows only (a partial index, so the chat's sent history is not scanned).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261124_000001_outbox_heads"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Same SQL on SQLite and PostgreSQL (both support partial indexes).
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX idx_outbox_unfinished ON outbox (chat_id, id) WHERE status IN ('pending', 'sending')",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection().execute_unprepared("DROP INDEX idx_outbox_unfinished").await?;
        Ok(())
    }
}
