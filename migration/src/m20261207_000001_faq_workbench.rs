//! The FAQ workbench: entries get a category, a state (enabled / disabled / archived instead of
//! `is_active`), an English answer for entries in both languages, buttons under the answer, a
//! version number and who changed them last; every change is a row of `faq_versions` (the
//! entry's history, restorable, and the revision the running bots follow); customer questions the
//! bot could not answer are queued in `unanswered` (grouped) with one `unanswered_hits` row per
//! occurrence.
//!
//! Existing entries keep their text; each gets version 1 in `faq_versions`. Answers were sent as
//! plain text and are sent as Telegram HTML from now on, so `&`, `<` and `>` in them are escaped.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement, TryGetable};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000001_faq_workbench"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            string_len(FaqEntries::Category, 64).default("").to_owned(),
            string_len(FaqEntries::State, 16).default("enabled").to_owned(),
            text_null(FaqEntries::AnswerEn).to_owned(),
            text(FaqEntries::Buttons).default("[]").to_owned(),
            integer(FaqEntries::Version).default(1).to_owned(),
            big_integer_null(FaqEntries::UpdatedBy).to_owned(),
        ] {
            m.alter_table(Table::alter().table(FaqEntries::Table).add_column(col).to_owned()).await?;
        }
        let db = m.get_connection();
        let backend = db.get_database_backend();
        db.execute_unprepared("UPDATE faq_entries SET state = 'disabled' WHERE is_active = FALSE").await?;
        m.alter_table(Table::alter().table(FaqEntries::Table).drop_column(FaqEntries::IsActive).to_owned()).await?;
        m.create_index(
            Index::create()
                .name("idx_faq_entries_slug")
                .table(FaqEntries::Table)
                .col(FaqEntries::Slug)
                .unique()
                .to_owned(),
        )
        .await?;
        // Hits in the last 30 days, per entry.
        m.create_index(
            Index::create()
                .name("idx_messages_faq")
                .table(Messages::Table)
                .col(Messages::FaqEntryId)
                .col(Messages::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_action_log_target")
                .table(ActionLog::Table)
                .col(ActionLog::TargetKind)
                .col(ActionLog::TargetId)
                .col(ActionLog::At)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(FaqVersions::Table)
                .col(big_pk_auto(FaqVersions::Id))
                .col(big_integer(FaqVersions::FaqId))
                .col(integer(FaqVersions::Version))
                .col(string_len(FaqVersions::Change, 32))
                .col(text(FaqVersions::Snapshot))
                .col(big_integer_null(FaqVersions::StaffUserId))
                .col(string_len(FaqVersions::ActorName, 200))
                .col(timestamp_with_time_zone(FaqVersions::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_faq_versions_entry")
                .table(FaqVersions::Table)
                .col(FaqVersions::FaqId)
                .col(FaqVersions::Version)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Unanswered::Table)
                .col(big_pk_auto(Unanswered::Id))
                .col(string_len(Unanswered::GroupKey, 400))
                .col(text(Unanswered::Question))
                .col(string_len(Unanswered::Language, 8))
                .col(string_len(Unanswered::Status, 16).default("open"))
                .col(integer(Unanswered::Hits).default(0))
                .col(integer(Unanswered::Customers).default(0))
                .col(text(Unanswered::Suggested).default("[]"))
                .col(text_null(Unanswered::Reply))
                .col(big_integer_null(Unanswered::ReplyMessageId))
                .col(big_integer_null(Unanswered::FaqId))
                .col(big_integer_null(Unanswered::ClosedBy))
                .col(timestamp_with_time_zone_null(Unanswered::ClosedAt))
                .col(timestamp_with_time_zone(Unanswered::FirstAt))
                .col(timestamp_with_time_zone(Unanswered::LastAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unanswered_key")
                .table(Unanswered::Table)
                .col(Unanswered::GroupKey)
                .col(Unanswered::Status)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unanswered_open")
                .table(Unanswered::Table)
                .col(Unanswered::Status)
                .col(Unanswered::LastAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(UnansweredHits::Table)
                .col(big_pk_auto(UnansweredHits::Id))
                .col(big_integer(UnansweredHits::ItemId))
                .col(string_len(UnansweredHits::Reason, 32))
                .col(big_integer(UnansweredHits::CustomerId))
                .col(big_integer_null(UnansweredHits::ConversationId))
                .col(big_integer_null(UnansweredHits::MessageId))
                .col(text(UnansweredHits::Text))
                .col(timestamp_with_time_zone(UnansweredHits::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unanswered_hits_item")
                .table(UnansweredHits::Table)
                .col(UnansweredHits::ItemId)
                .col(UnansweredHits::CustomerId)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_unanswered_hits_conversation")
                .table(UnansweredHits::Table)
                .col(UnansweredHits::ConversationId)
                .to_owned(),
        )
        .await?;

        // Existing answers become Telegram HTML, and every entry gets its first version.
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, question, variants, answer, language, state FROM faq_entries ORDER BY id",
            ))
            .await?;
        for row in rows {
            let id: i64 = i64::try_get(&row, "", "id").map_err(|e| DbErr::Custom(format!("{e:?}")))?;
            let get = |col: &str| String::try_get(&row, "", col).map_err(|e| DbErr::Custom(format!("{e:?}")));
            let answer = escape_html(&get("answer")?);
            let variants: Vec<String> =
                get("variants")?.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
            let snapshot = format!(
                "{{\"question\":{},\"variants\":[{}],\"answer\":{},\"answer_en\":null,\"language\":{},\"category\":\"\",\"buttons\":[],\"state\":{}}}",
                json_string(&get("question")?),
                variants.iter().map(|v| json_string(v)).collect::<Vec<_>>().join(","),
                json_string(&answer),
                json_string(&get("language")?),
                json_string(&get("state")?),
            );
            let param = |n: usize| {
                if backend == sea_orm_migration::sea_orm::DbBackend::Postgres { format!("${n}") } else { "?".into() }
            };
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!("UPDATE faq_entries SET answer = {} WHERE id = {}", param(1), param(2)),
                [answer.into(), id.into()],
            ))
            .await?;
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO faq_versions (faq_id, version, change, snapshot, actor_name, at) \
                     SELECT id, 1, 'created', {}, 'system', updated_at FROM faq_entries WHERE id = {}",
                    param(1),
                    param(2)
                ),
                [snapshot.into(), id.into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(UnansweredHits::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Unanswered::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(FaqVersions::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_action_log_target").table(ActionLog::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_messages_faq").table(Messages::Table).to_owned()).await?;
        m.drop_index(Index::drop().name("idx_faq_entries_slug").table(FaqEntries::Table).to_owned()).await?;
        m.alter_table(
            Table::alter().table(FaqEntries::Table).add_column(boolean(FaqEntries::IsActive).default(true)).to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("UPDATE faq_entries SET is_active = (state = 'enabled')").await?;
        for col in [
            FaqEntries::Category,
            FaqEntries::State,
            FaqEntries::AnswerEn,
            FaqEntries::Buttons,
            FaqEntries::Version,
            FaqEntries::UpdatedBy,
        ] {
            m.alter_table(Table::alter().table(FaqEntries::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

/// Plain text as Telegram HTML that shows the same (the same rule as `tgtext::escape`).
fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// A JSON string literal.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[derive(DeriveIden, Clone, Copy)]
enum FaqEntries {
    Table,
    Slug,
    IsActive,
    Category,
    State,
    AnswerEn,
    Buttons,
    Version,
    UpdatedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum FaqVersions {
    Table,
    Id,
    FaqId,
    Version,
    Change,
    Snapshot,
    StaffUserId,
    ActorName,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Unanswered {
    Table,
    Id,
    GroupKey,
    Question,
    Language,
    Status,
    Hits,
    Customers,
    Suggested,
    Reply,
    ReplyMessageId,
    FaqId,
    ClosedBy,
    ClosedAt,
    FirstAt,
    LastAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum UnansweredHits {
    Table,
    Id,
    ItemId,
    Reason,
    CustomerId,
    ConversationId,
    MessageId,
    Text,
    At,
}

#[derive(DeriveIden, Clone, Copy)]
enum Messages {
    Table,
    FaqEntryId,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum ActionLog {
    Table,
    TargetKind,
    TargetId,
    At,
}
