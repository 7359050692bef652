//! `POST /telegram/webhook` on SQLite and PostgreSQL, with the real Update payloads other projects
//! wrote (testdata/telegram-updates/ in this repository, copied with its SOURCES.md).

mod support;

use entity::telegram_updates;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::TestServer;

fn fixtures() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../testdata/telegram-updates");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 40, "fixtures found: {}", files.len());
    files
        .into_iter()
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect()
}

async fn post(srv: &TestServer, secret: Option<&str>, body: Vec<u8>) -> StatusCode {
    let mut req = reqwest::Client::new()
        .post(format!("{}/telegram/webhook", srv.base))
        .header("content-type", "application/json")
        .body(body);
    if let Some(s) = secret {
        req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
    }
    req.send().await.unwrap().status()
}

async fn every_fixture_is_accepted_or_rejected_cleanly(srv: &TestServer) {
    let secret = srv.webhook_secret.clone();
    let mut stored_ids = std::collections::BTreeSet::new();
    for (name, body) in fixtures() {
        let status = post(srv, Some(&secret), body.clone()).await;
        if name.starts_with("INVALID_") {
            assert_eq!(status, StatusCode::BAD_REQUEST, "{name}");
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{name}");
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let id = json["update_id"].as_i64().unwrap();
        stored_ids.insert(id);
        let row = telegram_updates::Entity::find()
            .filter(telegram_updates::Column::UpdateId.eq(id))
            .one(&srv.db)
            .await
            .unwrap();
        assert!(row.is_some(), "{name}: stored before the 200");
    }
    // update_ids repeat across files (10000 ×5, 1234 ×2): one row each.
    assert_eq!(telegram_updates::Entity::find().count(&srv.db).await.unwrap(), stored_ids.len() as u64);

    // Unknown kinds are stored and skipped; known kinds wait for the worker.
    let unknown = telegram_updates::Entity::find()
        .filter(telegram_updates::Column::Kind.eq("new_update_kind"))
        .one(&srv.db)
        .await
        .unwrap();
    assert_eq!(unknown.expect("the unknown-kind fixture is stored").status, types::UpdateStatus::Skipped);

    // The server is still healthy after all of it.
    assert_eq!(srv.client().get("/healthz").await.status(), StatusCode::OK);
}
on_both_databases!(fixtures_all_handled, every_fixture_is_accepted_or_rejected_cleanly);

async fn secret_body_limits_and_duplicates(srv: &TestServer) {
    let good = br#"{"update_id": 424242, "message": {"message_id": 1, "date": 1, "chat": {"id": 77, "type": "private"}, "from": {"id": 77, "is_bot": false, "first_name": "A"}, "text": "hi"}}"#.to_vec();
    assert_eq!(post(srv, None, good.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(post(srv, Some("wrong"), good.clone()).await, StatusCode::UNAUTHORIZED);
    let mut almost = srv.webhook_secret.clone();
    almost.pop();
    almost.push('#');
    assert_eq!(post(srv, Some(&almost), good.clone()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(telegram_updates::Entity::find().count(&srv.db).await.unwrap(), 0, "nothing stored without the secret");

    let secret = srv.webhook_secret.clone();
    assert_eq!(post(srv, Some(&secret), b"{not json".to_vec()).await, StatusCode::BAD_REQUEST);
    assert_eq!(post(srv, Some(&secret), b"".to_vec()).await, StatusCode::BAD_REQUEST);
    assert_eq!(post(srv, Some(&secret), br#"{"message": {}}"#.to_vec()).await, StatusCode::BAD_REQUEST);
    let huge = format!(r#"{{"update_id": 1, "message": {{"text": "{}"}}}}"#, "я".repeat(600_000)).into_bytes();
    assert!(huge.len() > 1 << 20);
    assert_eq!(post(srv, Some(&secret), huge).await, StatusCode::BAD_REQUEST);

    // Delivered twice (and concurrently): one row, two 200s.
    let (a, b) = tokio::join!(post(srv, Some(&secret), good.clone()), post(srv, Some(&secret), good.clone()));
    assert_eq!((a, b), (StatusCode::OK, StatusCode::OK));
    assert_eq!(post(srv, Some(&secret), good).await, StatusCode::OK);
    let rows = telegram_updates::Entity::find().all(&srv.db).await.unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].update_id, rows[0].chat_id, rows[0].kind.as_str()), (424242, Some(77), "message"));
    // Stored as pending; the update worker may already have processed it.
    assert!([types::UpdateStatus::Pending, types::UpdateStatus::Done].contains(&rows[0].status), "{}", rows[0].status);
    assert!(rows[0].payload.contains("\"text\": \"hi\""), "stored verbatim");
}
on_both_databases!(webhook_rules, secret_body_limits_and_duplicates);

#[tokio::test]
async fn configured_secret_is_used_and_generated_one_is_stable() {
    let srv = TestServer::start_with(support::Backend::Sqlite, &[("TELEGRAM_WEBHOOK_SECRET", "my_Secret-123")]).await;
    assert_eq!(srv.webhook_secret, "my_Secret-123");
    srv.stop().await;

    let srv = TestServer::start(support::Backend::Sqlite).await;
    assert_eq!(srv.webhook_secret.len(), 48);
    // A second process on the same database gets the same generated secret.
    let config = server::config::Config::from_lookup(|_| None).unwrap();
    assert_eq!(server::resolve_webhook_secret(&config, &srv.db).await.unwrap(), srv.webhook_secret);
    srv.stop().await;
}
