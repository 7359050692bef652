//! The command editor (Bot → Commands): a command can send a menu (`menu_id`), be hidden from
//! Telegram's menu of commands while still working when typed (`show_in_menu`), and carries a
//! version number (saves based on an older one are refused) and who changed it last.
//!
//! Custom commands' answers were sent as plain text and are sent as Telegram HTML from now on, so
//! `&`, `<` and `>` in them are escaped. The built-ins' texts live in `texts` (/start's is the
//! greeting, /help's the help text): an answer stored on /start or /help moves there unless an
//! admin text already exists, and the built-ins keep no answer of their own.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, TryGetable};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000004_commands"
    }
}

const BUILTINS: &str = "('start', 'help', 'menu', 'operator')";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [
            big_integer_null(BotCommands::MenuId).to_owned(),
            boolean(BotCommands::ShowInMenu).default(true).to_owned(),
            integer(BotCommands::Version).default(1).to_owned(),
            big_integer_null(BotCommands::UpdatedBy).to_owned(),
        ] {
            m.alter_table(Table::alter().table(BotCommands::Table).add_column(col).to_owned()).await?;
        }

        let db = m.get_connection();
        let backend = db.get_database_backend();
        let param = |n: usize| if backend == DbBackend::Postgres { format!("${n}") } else { "?".into() };
        for (command, key) in [("start", "greeting"), ("help", "help")] {
            for lang in ["ru", "en"] {
                db.execute_raw(Statement::from_string(
                    backend,
                    format!(
                        "INSERT INTO texts (key, language, value, updated_at) \
                         SELECT '{key}', '{lang}', response_{lang}, updated_at FROM bot_commands \
                         WHERE command = '{command}' AND response_{lang} IS NOT NULL AND response_{lang} <> '' \
                         AND NOT EXISTS (SELECT 1 FROM texts WHERE key = '{key}' AND language = '{lang}')"
                    ),
                ))
                .await?;
            }
        }
        db.execute_raw(Statement::from_string(
            backend,
            format!("UPDATE bot_commands SET response_ru = NULL, response_en = NULL WHERE command IN {BUILTINS}"),
        ))
        .await?;

        let err = |e: sea_orm_migration::sea_orm::TryGetError| DbErr::Custom(format!("{e:?}"));
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                format!("SELECT id, response_ru, response_en FROM bot_commands WHERE command NOT IN {BUILTINS}"),
            ))
            .await?;
        for row in rows {
            let id = i64::try_get(&row, "", "id").map_err(err)?;
            let ru = Option::<String>::try_get(&row, "", "response_ru").map_err(err)?.map(|s| escape_html(&s));
            let en = Option::<String>::try_get(&row, "", "response_en").map_err(err)?.map(|s| escape_html(&s));
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "UPDATE bot_commands SET response_ru = {}, response_en = {} WHERE id = {}",
                    param(1),
                    param(2),
                    param(3)
                ),
                [ru.into(), en.into(), id.into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [BotCommands::MenuId, BotCommands::ShowInMenu, BotCommands::Version, BotCommands::UpdatedBy] {
            m.alter_table(Table::alter().table(BotCommands::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[derive(DeriveIden, Clone, Copy)]
enum BotCommands {
    Table,
    MenuId,
    ShowInMenu,
    Version,
    UpdatedBy,
}
