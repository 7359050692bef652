//! The menu builder: menus get a version number and who changed them last; a button can send a
//! text (`text_ru`, `text_en`); every change of a menu is a row of `menu_versions` (the menu with
//! its keyboard, restorable).
//!
//! Menu texts were sent as plain text and are sent as Telegram HTML from now on, so `&`, `<` and
//! `>` in them are escaped. Each existing menu gets version 1 in `menu_versions`, in the shape
//! `bot::menus::Snapshot` reads.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, TryGetable};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000003_menu_builder"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [integer(Menus::Version).default(1).to_owned(), big_integer_null(Menus::UpdatedBy).to_owned()] {
            m.alter_table(Table::alter().table(Menus::Table).add_column(col).to_owned()).await?;
        }
        for col in [text_null(MenuButtons::TextRu).to_owned(), text_null(MenuButtons::TextEn).to_owned()] {
            m.alter_table(Table::alter().table(MenuButtons::Table).add_column(col).to_owned()).await?;
        }
        m.create_table(
            Table::create()
                .table(MenuVersions::Table)
                .col(big_pk_auto(MenuVersions::Id))
                .col(big_integer(MenuVersions::MenuId))
                .col(integer(MenuVersions::Version))
                .col(string_len(MenuVersions::Change, 32))
                .col(text(MenuVersions::Snapshot))
                .col(big_integer_null(MenuVersions::StaffUserId))
                .col(string_len(MenuVersions::ActorName, 200))
                .col(timestamp_with_time_zone(MenuVersions::At))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_menu_versions_menu")
                .table(MenuVersions::Table)
                .col(MenuVersions::MenuId)
                .col(MenuVersions::Version)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_menu_buttons_target_menu")
                .table(MenuButtons::Table)
                .col(MenuButtons::TargetMenuId)
                .to_owned(),
        )
        .await?;

        let db = m.get_connection();
        let backend = db.get_database_backend();
        let err = |e: sea_orm_migration::sea_orm::TryGetError| DbErr::Custom(format!("{e:?}"));
        let menus = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, key, title_ru, title_en, text_ru, text_en, is_main FROM menus ORDER BY id",
            ))
            .await?;
        let buttons = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT id, menu_id, label_ru, label_en, action, target_menu_id, target_faq_id, url, row \
                 FROM menu_buttons ORDER BY menu_id, row, position, id",
            ))
            .await?;
        let param = |n: usize| if backend == DbBackend::Postgres { format!("${n}") } else { "?".into() };
        for menu in menus {
            let id = i64::try_get(&menu, "", "id").map_err(err)?;
            let get = |col: &str| String::try_get(&menu, "", col).map_err(err);
            let is_main = bool::try_get(&menu, "", "is_main").map_err(err)?;
            let (text_ru, text_en) = (escape_html(&get("text_ru")?), escape_html(&get("text_en")?));
            let mut rows: Vec<(i32, Vec<String>)> = Vec::new();
            for b in buttons.iter() {
                if i64::try_get(b, "", "menu_id").map_err(err)? != id {
                    continue;
                }
                let s = |col: &str| String::try_get(b, "", col).map_err(err);
                let row = i32::try_get(b, "", "row").map_err(err)?;
                let target = match s("action")?.as_str() {
                    "submenu" => format!(
                        "\"kind\":\"submenu\",\"menu_id\":{}",
                        Option::<i64>::try_get(b, "", "target_menu_id").map_err(err)?.unwrap_or(0)
                    ),
                    "faq" => format!(
                        "\"kind\":\"faq\",\"faq_id\":{}",
                        Option::<i64>::try_get(b, "", "target_faq_id").map_err(err)?.unwrap_or(0)
                    ),
                    "url" => format!(
                        "\"kind\":\"url\",\"url\":{}",
                        json_string(&Option::<String>::try_get(b, "", "url").map_err(err)?.unwrap_or_default())
                    ),
                    "handoff" => "\"kind\":\"operator\"".to_string(),
                    "back" => "\"kind\":\"back\"".to_string(),
                    _ => "\"kind\":\"main_menu\"".to_string(),
                };
                let json = format!(
                    "{{\"id\":{},\"label_ru\":{},\"label_en\":{},{target}}}",
                    i64::try_get(b, "", "id").map_err(err)?,
                    json_string(&s("label_ru")?),
                    json_string(&s("label_en")?),
                );
                match rows.last_mut() {
                    Some((r, list)) if *r == row && list.len() < 8 => list.push(json),
                    _ => rows.push((row, vec![json])),
                }
            }
            let rows = rows.into_iter().map(|(_, list)| format!("[{}]", list.join(","))).collect::<Vec<_>>();
            let snapshot = format!(
                "{{\"key\":{},\"title_ru\":{},\"title_en\":{},\"text_ru\":{},\"text_en\":{},\"rows\":[{}],\"is_main\":{}}}",
                json_string(&get("key")?),
                json_string(&get("title_ru")?),
                json_string(&get("title_en")?),
                json_string(&text_ru),
                json_string(&text_en),
                rows.join(","),
                is_main,
            );
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!("UPDATE menus SET text_ru = {}, text_en = {} WHERE id = {}", param(1), param(2), param(3)),
                [text_ru.into(), text_en.into(), id.into()],
            ))
            .await?;
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                format!(
                    "INSERT INTO menu_versions (menu_id, version, change, snapshot, actor_name, at) \
                     SELECT id, 1, 'created', {}, 'system', updated_at FROM menus WHERE id = {}",
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
        m.drop_index(Index::drop().name("idx_menu_buttons_target_menu").table(MenuButtons::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(MenuVersions::Table).to_owned()).await?;
        for col in [MenuButtons::TextRu, MenuButtons::TextEn] {
            m.alter_table(Table::alter().table(MenuButtons::Table).drop_column(col).to_owned()).await?;
        }
        for col in [Menus::Version, Menus::UpdatedBy] {
            m.alter_table(Table::alter().table(Menus::Table).drop_column(col).to_owned()).await?;
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
enum Menus {
    Table,
    Version,
    UpdatedBy,
}

#[derive(DeriveIden, Clone, Copy)]
enum MenuButtons {
    Table,
    TargetMenuId,
    TextRu,
    TextEn,
}

#[derive(DeriveIden, Clone, Copy)]
enum MenuVersions {
    Table,
    Id,
    MenuId,
    Version,
    Change,
    Snapshot,
    StaffUserId,
    ActorName,
    At,
}
