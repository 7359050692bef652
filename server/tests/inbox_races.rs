//! The operator inbox under concurrency, through its real HTTP surface: many operators taking one
//! conversation at once, and a browser whose event stream (`/api/events`) reconnects while things
//! happen. On SQLite and PostgreSQL.

mod inbox_common;
mod support;

use std::collections::HashSet;
use std::time::Duration;

use entity::{events, messages};
use inbox_common::{Events, about, conflict, says, waiting_customer};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use support::{Backend, with_bot};

async fn many_concurrent_takes_have_exactly_one_winner(backend: Backend) {
    with_bot(backend, async |srv, _tg| {
        let admin = srv.admin().await;
        let mut operators = Vec::new();
        for i in 0..5 {
            operators.push(srv.user(&admin, &format!("racer{i}"), "operator").await.0);
        }
        for round in 0..3 {
            let conv = waiting_customer(srv, 7_200_000 + round).await;
            let mut takes = tokio::task::JoinSet::new();
            for (i, op) in operators.iter().enumerate() {
                for _ in 0..4 {
                    let op = op.clone();
                    let id = conv.id.to_string();
                    takes.spawn(async move { (i, op.call("inbox/take", &[("id", &id)]).await) });
                }
            }
            let mut winners = HashSet::new();
            let mut refused_by = HashSet::new();
            while let Some(r) = takes.join_next().await {
                let (i, (status, body)) = r.unwrap();
                match status {
                    StatusCode::OK => {
                        winners.insert(i);
                    }
                    StatusCode::CONFLICT => {
                        refused_by.insert(conflict(&body)["AlreadyTaken"]["by"].as_str().unwrap().to_string());
                    }
                    other => panic!("take answered {other}: {body}"),
                }
            }
            assert_eq!(winners.len(), 1, "exactly one operator wins: {winners:?}");
            let winner = *winners.iter().next().unwrap();
            assert_eq!(refused_by, HashSet::from([format!("racer{winner}")]), "the others are told who won");
            let taken_lines = messages::Entity::find()
                .filter(messages::Column::ConversationId.eq(conv.id))
                .filter(messages::Column::Text.eq("taken"))
                .count(&srv.db)
                .await
                .unwrap();
            assert_eq!(taken_lines, 1, "one 'taken' line");
        }
    })
    .await;
}
on_both_databases!(many_concurrent_takes_have_exactly_one_winner);

async fn a_reconnecting_browser_catches_up_on_what_it_missed_once(backend: Backend) {
    with_bot(backend, async |srv, _tg| {
        let admin = srv.admin().await;
        let (a, _) = srv.user(&admin, "opa", "operator").await;
        let mut first = Events::connect(&a, None).await;
        let position = first.ready().await;
        let user = 7_300_001;
        let conv = waiting_customer(srv, user).await;
        // The browser goes away; things happen meanwhile.
        // (Events arrive in order and without gaps, so the newest id seen is the position.)
        let handoff = first.until(|e| about(e, conv.id)).await.id.unwrap();
        let seen = first.drain(Duration::from_millis(300)).await;
        let last_seen = seen.iter().filter_map(|e| e.id).max().unwrap_or(handoff).max(position);
        first.close();
        a.call("inbox/take", &[("id", &conv.id.to_string())]).await;
        for i in 0..5 {
            says(srv, user, &format!("сообщение {i}")).await;
        }
        a.call("inbox/note", &[("id", &conv.id.to_string()), ("text", "note while away"), ("client_key", "away-1")])
            .await;
        // Wait until the customer's five messages are stored.
        for _ in 0..100 {
            let n = messages::Entity::find()
                .filter(messages::Column::ConversationId.eq(conv.id))
                .filter(messages::Column::Text.starts_with("сообщение"))
                .count(&srv.db)
                .await
                .unwrap();
            if n == 5 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let missed: Vec<i64> = events::Entity::find()
            .filter(events::Column::Id.gt(last_seen))
            .order_by_asc(events::Column::Id)
            .all(&srv.db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert!(missed.len() >= 7, "take + 5 messages + note at least: {missed:?}");

        // Back, with Last-Event-ID: every missed event, in order, none twice, then `ready`.
        let mut again = Events::connect(&a, Some(last_seen)).await;
        let mut got = Vec::new();
        loop {
            let e = again.next().await;
            if e.event == "ready" {
                assert_eq!(e.id, Some(*missed.last().unwrap()), "ready carries the position");
                break;
            }
            assert_eq!(e.event, "message");
            got.push(e.id.unwrap());
        }
        assert_eq!(got, missed);
        // And it is live again afterwards, with nothing repeated.
        says(srv, user, "после переподключения").await;
        let e = again.until(|e| about(e, conv.id)).await;
        assert!(e.id.unwrap() > *missed.last().unwrap());
        let rest = again.drain(Duration::from_millis(300)).await;
        let mut all: Vec<i64> = got.clone();
        all.push(e.id.unwrap());
        all.extend(rest.iter().filter_map(|e| e.id));
        let unique: HashSet<i64> = all.iter().copied().collect();
        assert_eq!(unique.len(), all.len(), "no event twice: {all:?}");
        again.close();

        // A position so old it was pruned (or too far behind): the browser is told to reload.
        let mut stale = Events::connect(&a, Some(1)).await;
        let first_event = stale.next().await;
        if events::Entity::find().filter(events::Column::Id.lte(2)).count(&srv.db).await.unwrap() == 0 {
            assert_eq!(first_event.event, "reset");
        }
        stale.close();
    })
    .await;
}
on_both_databases!(a_reconnecting_browser_catches_up_on_what_it_missed_once);
