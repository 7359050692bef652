//! The schema, as portable SeaORM migrations (SQLite and PostgreSQL).
//!
//! `server` runs them at start; `server migrate` runs them alone.

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_initial;
mod m20261124_000001_outbox_heads;
mod m20261124_000002_inbox;
mod m20261207_000001_faq_workbench;
mod m20261207_000003_menu_builder;
mod m20261207_000004_commands;
mod m20261208_000001_files;
mod m20261208_000001_staff_telegram;
mod m20261208_000010_action_log_by_customer;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_initial::Migration),
            Box::new(m20261124_000001_outbox_heads::Migration),
            Box::new(m20261124_000002_inbox::Migration),
            Box::new(m20261207_000001_faq_workbench::Migration),
            Box::new(m20261207_000003_menu_builder::Migration),
            Box::new(m20261207_000004_commands::Migration),
            Box::new(m20261208_000001_files::Migration),
            Box::new(m20261208_000001_staff_telegram::Migration),
            Box::new(m20261208_000010_action_log_by_customer::Migration),
        ]
    }
}
