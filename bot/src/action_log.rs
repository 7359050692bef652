//! Writing rows of the action/audit log.

use chrono::Utc;
use entity::action_log::{self, ActorKind, LogAction, TargetKind};

use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};
use serde_json::Value;

/// Who did something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Staff {
        id: i64,
        name: String,
    },
    Customer {
        id: i64,
        name: String,
    },
    Bot,
    /// The server itself or its command line.
    System,
}

impl Actor {
    /// A staff member, named in the log by their username (unique and stable; screens show
    /// display names). The one rule for every staff action.
    pub fn staff(id: i64, username: &str) -> Actor {
        Actor::Staff { id, name: username.to_string() }
    }

    fn kind(&self) -> ActorKind {
        match self {
            Actor::Staff { .. } => ActorKind::Staff,
            Actor::Customer { .. } => ActorKind::Customer,
            Actor::Bot => ActorKind::Bot,
            Actor::System => ActorKind::System,
        }
    }
}

/// One action to record. `details` must never hold a secret (passwords, tokens).
#[derive(Debug, Clone)]
pub struct Action<'a> {
    pub actor: &'a Actor,
    pub action: LogAction,
    pub target: Option<(TargetKind, i64)>,
    pub conversation_id: Option<i64>,
    pub details: Value,
    pub ip: Option<&'a str>,
}

impl<'a> Action<'a> {
    pub fn new(actor: &'a Actor, action: LogAction) -> Self {
        Action {
            actor,
            action,
            target: None,
            conversation_id: None,
            details: Value::Object(Default::default()),
            ip: None,
        }
    }

    pub fn target(mut self, kind: TargetKind, id: i64) -> Self {
        self.target = Some((kind, id));
        self
    }

    pub fn details(mut self, details: Value) -> Self {
        self.details = details;
        self
    }

    pub fn ip(mut self, ip: Option<&'a str>) -> Self {
        self.ip = ip;
        self
    }
}

/// Insert the row on `db`, which may be a transaction so the log commits with the change it records.
pub async fn record<C: ConnectionTrait>(db: &C, a: Action<'_>) -> Result<i64, DbErr> {
    Ok(row(a).insert(db).await?.id)
}

/// The row for an action, to insert now or with others.
pub fn row(a: Action<'_>) -> action_log::ActiveModel {
    let (staff_user_id, customer_id, actor_name) = match a.actor {
        Actor::Staff { id, name } => (Some(*id), None, name.clone()),
        Actor::Customer { id, name } => (None, Some(*id), name.clone()),
        Actor::Bot => (None, None, "bot".to_string()),
        Actor::System => (None, None, "system".to_string()),
    };
    action_log::ActiveModel {
        at: Set(Utc::now()),
        actor_kind: Set(a.actor.kind()),
        staff_user_id: Set(staff_user_id),
        customer_id: Set(customer_id),
        actor_name: Set(actor_name),
        action: Set(a.action),
        target_kind: Set(a.target.map(|(k, _)| k)),
        target_id: Set(a.target.map(|(_, id)| id)),
        conversation_id: Set(a.conversation_id),
        details: Set(a.details.to_string()),
        ip: Set(a.ip.map(str::to_string)),
        ..Default::default()
    }
}
