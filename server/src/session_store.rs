//! tower-sessions storage in the `sessions` table, so sessions survive restarts and are shared by
//! every server process on one database.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use entity::sessions;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

#[derive(Clone)]
pub struct DbSessionStore {
    db: DatabaseConnection,
}

impl std::fmt::Debug for DbSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbSessionStore")
    }
}

impl DbSessionStore {
    pub fn new(db: DatabaseConnection) -> Self {
        DbSessionStore { db }
    }

    /// Deletes expired sessions; run periodically.
    pub async fn delete_expired(&self) -> Result<u64, sea_orm::DbErr> {
        let res =
            sessions::Entity::delete_many().filter(sessions::Column::ExpiresAt.lt(Utc::now())).exec(&self.db).await?;
        Ok(res.rows_affected)
    }

    fn active_model(record: &Record) -> session_store::Result<sessions::ActiveModel> {
        let data = serde_json::to_string(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        Ok(sessions::ActiveModel {
            id: Set(record.id.to_string()),
            user_id: Set(user_id_of(record)),
            data: Set(data),
            expires_at: Set(to_chrono(record.expiry_date)),
        })
    }
}

/// The signed-in user's id, copied out of axum-login's entry in the record.
fn user_id_of(record: &Record) -> Option<i64> {
    record.data.get("axum-login.data").and_then(|v| v.get("user_id")).and_then(|v| v.as_i64())
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or_else(Utc::now)
}

fn backend(e: sea_orm::DbErr) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Ids are 128 random bits; on the astronomically unlikely collision, draw a new one.
        loop {
            let model = Self::active_model(record)?;
            match sessions::Entity::insert(model)
                .on_conflict(OnConflict::column(sessions::Column::Id).do_nothing().to_owned())
                .exec(&self.db)
                .await
            {
                Ok(_) => return Ok(()),
                Err(sea_orm::DbErr::RecordNotInserted) => record.id = Id::default(),
                Err(e) => return Err(backend(e)),
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let model = Self::active_model(record)?;
        sessions::Entity::insert(model)
            .on_conflict(
                OnConflict::column(sessions::Column::Id)
                    .update_columns([sessions::Column::UserId, sessions::Column::Data, sessions::Column::ExpiresAt])
                    .to_owned(),
            )
            .exec(&self.db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(row) = sessions::Entity::find_by_id(id.to_string()).one(&self.db).await.map_err(backend)? else {
            return Ok(None);
        };
        if row.expires_at <= Utc::now() {
            return Ok(None);
        }
        let data = serde_json::from_str(&row.data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(row.expires_at.timestamp())
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record { id: *id, data, expiry_date }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        sessions::Entity::delete_by_id(id.to_string()).exec(&self.db).await.map_err(backend)?;
        Ok(())
    }
}
