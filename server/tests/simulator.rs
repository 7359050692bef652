//! The simulator end to end, on SQLite and PostgreSQL: an admin's test customer goes through the
//! real intake and engine — commands, an FAQ question (with the decision and its score), a menu
//! button, the handoff, an operator's reply and the rating after resolving — and not one call
//! reaches the (fake) Bot API; the FAQ statistics and the unanswered queue don't count it; the
//! inbox shows it marked as a test. Admins only.

mod support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::{Backend, TestServer, with_bot};

fn messages(view: &Value) -> &Vec<Value> {
    view["messages"].as_array().unwrap()
}

/// The last bot message of a transcript.
fn last_bot(view: &Value) -> &Value {
    messages(view).iter().rev().find(|m| m["sender"] == "bot").expect("a bot message")
}

fn button<'a>(m: &'a Value, label_part: &str) -> &'a Value {
    m["keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r.as_array().unwrap())
        .find(|b| b["text"].as_str().unwrap().contains(label_part))
        .unwrap_or_else(|| panic!("no button {label_part} in {m}"))
}

async fn a_test_conversation(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let before = tg.calls().len();

        // /start: the greeting with the main menu, answered once the bot has handled it.
        let (status, view) = admin.call("sim/send", &[("text", "/start"), ("lang", "ru")]).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let msgs = messages(&view);
        assert_eq!(msgs[0]["sender"], "customer");
        assert_eq!(msgs[0]["text"], "/start");
        assert_eq!(msgs[0]["why"][0]["action"], "bot.command");
        let greeting = last_bot(&view);
        assert!(greeting["text"].as_str().unwrap().starts_with("Здравствуйте, 🧪 admin!"), "{greeting}");
        let payment = button(greeting, "Оплата")["data"].as_str().unwrap().to_string();

        // A menu button, tapped.
        let (status, view) = admin.call("sim/tap", &[("data", &payment), ("lang", "ru")]).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        assert_eq!(last_bot(&view)["text"], "Оплата и баланс:");
        let tap = messages(&view).iter().rev().find(|m| m["sender"] == "customer").unwrap();
        let actions: Vec<&str> = tap["why"].as_array().unwrap().iter().map(|w| w["action"].as_str().unwrap()).collect();
        assert!(actions.contains(&"bot.menu_button"), "{tap}");

        // An FAQ question: answered, and why (the entry and its score).
        let (status, view) =
            admin.call("sim/send", &[("text", "Как оплатить услуги банковской картой?"), ("lang", "ru")]).await;
        assert_eq!(status, StatusCode::OK);
        let asked = messages(&view).iter().rev().find(|m| m["sender"] == "customer").unwrap();
        let why = &asked["why"][0];
        assert_eq!(why["action"], "bot.faq_answer", "{asked}");
        let faq_id = why["entries"][0]["faq_id"].as_i64().unwrap();
        assert!(why["entries"][0]["score"].as_f64().unwrap() > 0.3);
        assert!(why["entries"][0]["question"].as_str().unwrap().contains("картой"));
        assert!(last_bot(&view)["html"].as_bool().unwrap(), "FAQ answers are Telegram HTML");
        assert!(button(last_bot(&view), "Помогло")["data"].is_string());

        // Something the FAQ doesn't know: suggestions or a handoff, never the unanswered queue.
        let (status, _) =
            admin.call("sim/send", &[("text", "расскажите про тарифы на космические полёты"), ("lang", "ru")]).await;
        assert_eq!(status, StatusCode::OK);

        // The handoff: the conversation is in the inbox, marked as a test.
        let (status, view) = admin.call("sim/send", &[("text", "/operator"), ("lang", "ru")]).await;
        assert_eq!(status, StatusCode::OK);
        let conversation = view["conversation_id"].as_i64().unwrap();
        let (status, list) = admin.call("inbox/list", &[("tab", "waiting"), ("search", "")]).await;
        assert_eq!(status, StatusCode::OK, "{list}");
        let row =
            list["rows"].as_array().unwrap().iter().find(|r| r["id"] == json!(conversation)).expect("in the inbox");
        assert_eq!(row["is_test"], true);

        // An operator answers and resolves: the reply and the rating request reach the simulator.
        let id = conversation.to_string();
        assert_eq!(admin.call("inbox/take", &[("id", &id)]).await.0, StatusCode::OK);
        let (status, body) =
            admin.call("inbox/reply", &[("id", &id), ("text", "Здравствуйте! Помогу."), ("client_key", "sim-1")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(admin.call("inbox/resolve", &[("id", &id)]).await.0, StatusCode::OK);
        let (_, view) = admin.call("sim/transcript", &[]).await;
        assert!(messages(&view).iter().any(|m| m["sender"] == "operator" && m["text"] == "Здравствуйте! Помогу."));
        let rating = messages(&view)
            .iter()
            .rev()
            .find(|m| m["sender"] == "bot" && m["keyboard"].as_array().is_some_and(|k| !k.is_empty()))
            .unwrap();
        let five = rating["keyboard"].as_array().unwrap().iter().flat_map(|r| r.as_array().unwrap()).last().unwrap();
        let (status, view) = admin.call("sim/tap", &[("data", five["data"].as_str().unwrap()), ("lang", "ru")]).await;
        assert_eq!(status, StatusCode::OK);
        let rated = messages(&view).iter().rev().find(|m| m["sender"] == "customer").unwrap();
        assert!(rated["why"].as_array().unwrap().iter().any(|w| w["action"] == "bot.rating"), "{rated}");

        // Not one call reached Telegram for all of that.
        let calls: Vec<String> = tg.calls()[before..].iter().map(|c| c.method.clone()).collect();
        assert!(
            !calls.iter().any(|m| m == "sendMessage" || m == "answerCallbackQuery"),
            "the simulator sent to Telegram: {calls:?}"
        );

        // Statistics don't count it: the answered entry has no hits; nothing is unanswered.
        let (status, page) = admin.call_json("faq/list", &json!({ "query": { "q": "картой" } })).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let entry = page["rows"].as_array().unwrap().iter().find(|r| r["id"] == json!(faq_id)).unwrap();
        assert_eq!(entry["hits"], 0, "{entry}");
        let (status, queue) = admin.call("faq/unanswered", &[]).await;
        assert_eq!(status, StatusCode::OK, "{queue}");
        assert_eq!(queue, json!([]), "nothing of the test went to the unanswered queue");

        // Another admin has a test customer of their own.
        let (other, _) = srv.user(&admin, "irina", "admin").await;
        let (_, theirs) = other.call("sim/transcript", &[]).await;
        assert_eq!(theirs["messages"], json!([]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_conversation_sqlite() {
    support::within_limit(Backend::Sqlite, a_test_conversation(Backend::Sqlite)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[cfg_attr(no_postgres, ignore = "TEST_DATABASE_URL is not set")]
async fn a_test_conversation_postgres() {
    support::within_limit(Backend::Postgres, a_test_conversation(Backend::Postgres)).await;
}

async fn only_admins(srv: &TestServer) {
    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    let anon = srv.client();
    for (who, client, status) in
        [("anonymous", &anon, StatusCode::UNAUTHORIZED), ("operator", &operator, StatusCode::FORBIDDEN)]
    {
        assert_eq!(client.call("sim/transcript", &[]).await.0, status, "{who}");
        assert_eq!(client.call("sim/send", &[("text", "/start"), ("lang", "ru")]).await.0, status, "{who}");
        assert_eq!(client.call("sim/tap", &[("data", "x"), ("lang", "ru")]).await.0, status, "{who}");
    }
    assert_eq!(admin.call("sim/transcript", &[]).await.1["messages"], json!([]), "nothing they tried was stored");
}
on_both_databases!(access, only_admins);
