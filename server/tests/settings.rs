//! Bot → Texts & settings end to end, on SQLite and PostgreSQL: texts and settings saved through
//! the server functions, every rule refused naming its setting or placeholder, audit rows with
//! before and after, who may do what; and the running bot using a saved text, working hours (the
//! out-of-hours text), and the thresholds at once. An invalid stored value is reported, not
//! silently replaced.

mod support;

use entity::action_log;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use support::customer::{Customer, text};
use support::{Backend, TestServer, with_bot};

async fn log_rows(srv: &TestServer, action: &str) -> Vec<action_log::Model> {
    action_log::Entity::find()
        .filter(action_log::Column::Action.eq(action))
        .order_by_asc(action_log::Column::Id)
        .all(&srv.db)
        .await
        .unwrap()
}

/// Every day closed: out of hours whenever the test runs.
fn closed_week(settings: &Value) -> Value {
    let mut s = settings.clone();
    s["hours"]["enabled"] = json!(true);
    for d in s["hours"]["days"].as_array_mut().unwrap() {
        d["open"] = json!(false);
    }
    s
}

async fn texts_and_settings_reach_the_bot(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let anna = Customer { srv, tg, id: 9101, lang: "ru" };

        // Every text of the registry, both languages, defaults in force.
        let (status, list) = admin.call("texts/list", &[]).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let greeting = list.as_array().unwrap().iter().find(|t| t["key"] == "greeting").unwrap().clone();
        assert_eq!(greeting["placeholders"], json!(["name"]));
        assert_eq!(greeting["ru"]["custom"], Value::Null);
        assert!(greeting["ru"]["default"].as_str().unwrap().contains("{name}"));
        assert_eq!(list.as_array().unwrap().len(), 17);

        // A placeholder the text doesn't have, and too long a button label: refused, named.
        let (status, err) =
            admin.call("texts/save", &[("key", "greeting"), ("lang", "ru"), ("value", "Привет, {имя}!")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(err["TextInvalid"], json!([{ "problem": "unknown_placeholder", "name": "имя" }]));
        let long = "x".repeat(65);
        let (status, err) = admin.call("texts/save", &[("key", "button_back"), ("lang", "en"), ("value", &long)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err["TextInvalid"], json!([{ "problem": "too_long", "max": 64 }]));
        assert_eq!(
            admin.call("texts/save", &[("key", "nope"), ("lang", "ru"), ("value", "x")]).await.0,
            StatusCode::NOT_FOUND
        );

        // Saved: the next /start says it, with the name filled in; one audit row, before/after.
        let (status, saved) = admin
            .call("texts/save", &[("key", "greeting"), ("lang", "ru"), ("value", "Добрый день, {name}! Чем помочь?")])
            .await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["ru"]["custom"], "Добрый день, {name}! Чем помочь?");
        anna.says("/start").await;
        assert_eq!(text(&anna.nth(1).await), "Добрый день, Анна! Чем помочь?");
        let rows = log_rows(srv, "text.update").await;
        assert_eq!(rows.len(), 1);
        let details: Value = serde_json::from_str(&rows[0].details).unwrap();
        assert_eq!(details["key"], "greeting");
        assert!(details["before"].as_str().unwrap().starts_with("Здравствуйте, {name}!"));
        assert_eq!(details["after"], "Добрый день, {name}! Чем помочь?");
        // Back to the default: the admin's row is gone, the default is what the bot says.
        let (status, back) = admin.call("texts/save", &[("key", "greeting"), ("lang", "ru"), ("value", "")]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(back["ru"]["custom"], Value::Null);
        anna.says("/start").await;
        assert!(text(&anna.nth(2).await).starts_with("Здравствуйте, Анна!"));

        // Settings: the defaults, no stored problems.
        let (status, view) = admin.call("settings/get", &[]).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!(view["stored_errors"], json!([]));
        assert_eq!(view["settings"]["outbox_rate"], 30);
        assert_eq!(view["settings"]["hours"]["enabled"], false);
        let settings = view["settings"].clone();

        // Broken rules, each named: thresholds the wrong way round, a day ending before it starts,
        // a break outside the day, a date that isn't one, no such offset.
        let mut bad = settings.clone();
        bad["threshold_low"] = json!(0.5);
        bad["hours"]["days"][2]["start"] = json!(18 * 60);
        bad["hours"]["days"][2]["end"] = json!(9 * 60);
        bad["hours"]["days"][0]["breaks"] = json!([{ "start": 7 * 60, "end": 8 * 60 }]);
        bad["hours"]["holidays"] = json!(["2026-02-30"]);
        bad["hours"]["utc_offset_minutes"] = json!(15 * 60);
        let (status, err) = admin.call_json("settings/save", &json!({ "settings": bad })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{err}");
        assert_eq!(
            err["SettingsInvalid"],
            json!([
                { "key": "threshold_low", "problem": "low_not_below_high" },
                { "key": "working_hours", "problem": "offset_invalid" },
                { "key": "working_hours", "problem": "break_outside", "day": 0, "break_no": 1 },
                { "key": "working_hours", "problem": "day_ends_before_start", "day": 2 },
                { "key": "working_hours", "problem": "holiday_invalid", "n": 1 },
            ])
        );
        let mut bad = settings.clone();
        bad["outbox_rate"] = json!(0);
        let (status, err) = admin.call_json("settings/save", &json!({ "settings": bad })).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(err["SettingsInvalid"][0]["key"], "outbox_rate");
        assert!(log_rows(srv, "settings.update").await.is_empty(), "nothing refused was stored");

        // Working hours that are closed now: the handoff says so at once.
        let closed = closed_week(&settings);
        let (status, saved) = admin.call_json("settings/save", &json!({ "settings": closed })).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(saved["settings"]["hours"]["enabled"], true);
        anna.says("/operator").await;
        assert!(text(&anna.nth(3).await).starts_with("Сейчас нерабочее время"), "the out-of-hours text");
        let rows = log_rows(srv, "settings.update").await;
        assert_eq!(rows.len(), 1);
        let details: Value = serde_json::from_str(&rows[0].details).unwrap();
        assert!(details["changes"]["work_hours"]["before"].as_str().unwrap().contains("\"enabled\":false"));
        assert!(details["changes"]["work_hours"]["after"].as_str().unwrap().contains("\"enabled\":true"));
        assert!(details["changes"].get("outbox.messages_per_second").is_none(), "only what changed");

        // The thresholds apply at once too: an answer threshold above any score turns a clear
        // FAQ question into "did you mean".
        let bob = Customer { srv, tg, id: 9102, lang: "ru" };
        bob.says("Как оплатить услуги банковской картой?").await;
        assert!(!text(&bob.nth(1).await).starts_with("Возможно"), "answered with the defaults");
        let mut strict = saved["settings"].clone();
        strict["threshold_high"] = json!(1.0);
        strict["threshold_low"] = json!(0.05);
        let (status, _) = admin.call_json("settings/save", &json!({ "settings": strict })).await;
        assert_eq!(status, StatusCode::OK);
        bob.says("Как оплатить услуги банковской картой?").await;
        assert_eq!(text(&bob.nth(2).await), "Возможно, вы имели в виду:");

        // What the thresholds would have done: Bob's two questions and Anna's messages were
        // scored (commands are left out).
        let (status, samples) = admin.call("settings/impact", &[]).await;
        assert_eq!(status, StatusCode::OK, "{samples}");
        assert_eq!(samples["total"], 2, "{samples}");
        assert_eq!(samples["capped"], false);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn texts_and_settings_reach_the_bot_sqlite() {
    support::within_limit(Backend::Sqlite, texts_and_settings_reach_the_bot(Backend::Sqlite)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_postgres, ignore = "TEST_DATABASE_URL is not set")]
async fn texts_and_settings_reach_the_bot_postgres() {
    support::within_limit(Backend::Postgres, texts_and_settings_reach_the_bot(Backend::Postgres)).await;
}

/// A value stored by hand that breaks its rule is reported (and its default used), not silently
/// replaced.
async fn invalid_stored_values_are_reported(srv: &TestServer) {
    bot::settings::set(&srv.db, "outbox.messages_per_second", "fast").await.unwrap();
    let admin = srv.admin().await;
    let (status, view) = admin.call("settings/get", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(view["settings"]["outbox_rate"], 30);
    assert_eq!(view["stored_errors"], json!([{ "key": "outbox_rate", "problem": "malformed", "stored": "fast" }]));
}
on_both_databases!(stored_errors, invalid_stored_values_are_reported);

async fn only_admins(srv: &TestServer) {
    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    let anon = srv.client();
    let (_, view) = admin.call("settings/get", &[]).await;
    let body = json!({ "settings": view["settings"] });
    for (who, client, status) in
        [("anonymous", &anon, StatusCode::UNAUTHORIZED), ("operator", &operator, StatusCode::FORBIDDEN)]
    {
        assert_eq!(client.call("texts/list", &[]).await.0, status, "{who} texts/list");
        assert_eq!(
            client.call("texts/save", &[("key", "help"), ("lang", "ru"), ("value", "x")]).await.0,
            status,
            "{who} texts/save"
        );
        assert_eq!(client.call("settings/get", &[]).await.0, status, "{who} settings/get");
        assert_eq!(client.call_json("settings/save", &body).await.0, status, "{who} settings/save");
        assert_eq!(client.call("settings/impact", &[]).await.0, status, "{who} settings/impact");
    }
    assert!(log_rows(srv, "text.update").await.is_empty());
    assert!(log_rows(srv, "settings.update").await.is_empty());
}
on_both_databases!(access, only_admins);
