//! Operator notifications in Telegram (#12, point 10) and the own display name (point 9), through
//! the real HTTP surface: a staff member links Telegram with a one-time code sent to the bot
//! through the webhook (no customer conversation comes of it), and the notifier's tick — called
//! here with a moved clock — queues exactly one message per waiting episode or assignment, which
//! the fake Bot API receives. On SQLite and PostgreSQL.

// (The live-events reader there is not used here.)
#[allow(unused_imports)]
mod inbox_common;
mod support;

use std::time::Duration;

use chrono::Utc;
use entity::{action_log, conversations, customers, staff_link_codes, staff_notifications, staff_users, unanswered};
use inbox_common::{message_update, post_update, waiting_customer};
use reqwest::StatusCode;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use support::fake_telegram::FakeTelegram;
use support::{Backend, Client, TestServer, with_bot};
use types::LogAction;

const PUBLIC: &str = "https://support.example.com";

fn notify_config() -> bot::staff_notify::NotifyConfig {
    bot::staff_notify::NotifyConfig { public_url: Some(url::Url::parse(PUBLIC).unwrap()) }
}

/// A staff member's Telegram account writes `text` to the bot.
async fn staff_says(srv: &TestServer, tg_user: i64, lang: &str, text: &str) {
    let mut u = message_update(tg_user, json!({ "text": text }));
    u["message"]["from"] = json!({ "id": tg_user, "is_bot": false, "first_name": "Ольга", "last_name": "Петрова",
        "username": format!("olga{tg_user}"), "language_code": lang });
    post_update(srv, u).await;
}

/// The bot's messages to a chat so far.
fn sent_to(tg: &FakeTelegram, chat: i64) -> Vec<String> {
    tg.calls_to("sendMessage")
        .into_iter()
        .filter(|c| c.params["chat_id"] == json!(chat))
        .map(|c| c.params["text"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// Waits for the `n`-th message to `chat` and returns it.
async fn nth_to(tg: &FakeTelegram, chat: i64, n: usize) -> String {
    let ok = tg
        .wait_for(20, |calls| {
            calls.iter().filter(|c| c.method == "sendMessage" && c.params["chat_id"] == json!(chat)).count() >= n
        })
        .await;
    assert!(ok, "message #{n} to {chat} never came; got {:#?}", sent_to(tg, chat));
    sent_to(tg, chat)[n - 1].clone()
}

async fn new_code(c: &Client) -> Value {
    let (status, body) = c.call("account/telegram/code", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn telegram_status(c: &Client) -> Value {
    let (status, body) = c.call("account/telegram", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Links `c`'s account to Telegram user `tg_user` (chat = user id) and waits for the reply.
async fn link(srv: &TestServer, tg: &FakeTelegram, c: &Client, tg_user: i64) {
    let code = new_code(c).await;
    let before = sent_to(tg, tg_user).len();
    staff_says(srv, tg_user, "en", &format!("/link {}", code["code"].as_str().unwrap())).await;
    let reply = nth_to(tg, tg_user, before + 1).await;
    assert!(reply.starts_with("Done: this Telegram account is linked"), "{reply}");
}

async fn staff_id(srv: &TestServer, username: &str) -> i64 {
    staff_users::Entity::find()
        .filter(staff_users::Column::Username.eq(username))
        .one(&srv.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn log_count(srv: &TestServer, action: LogAction) -> u64 {
    action_log::Entity::find().filter(action_log::Column::Action.eq(action)).count(&srv.db).await.unwrap()
}

async fn customer_count(srv: &TestServer, tg_user: i64) -> u64 {
    customers::Entity::find().filter(customers::Column::TelegramUserId.eq(tg_user)).count(&srv.db).await.unwrap()
}

// ---------------------------------------------------------------------------------------------

async fn linking_by_code(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (opa, _) = srv.user(&admin, "opa", "operator").await;
        let (opb, _) = srv.user(&admin, "opb", "operator").await;
        assert_eq!(telegram_status(&opa).await["linked"], Value::Null);

        // A code: shown once, with the bot's @username and the deep link; stored only hashed.
        let code = new_code(&opa).await;
        let clear = code["code"].as_str().unwrap().to_string();
        assert_eq!(clear.len(), 8);
        assert_eq!(code["bot_username"], "support_test_bot");
        assert_eq!(code["deep_link"], format!("https://t.me/support_test_bot?start=link-{clear}"));
        let stored = staff_link_codes::Entity::find().all(&srv.db).await.unwrap();
        assert_eq!(stored.len(), 1);
        assert_ne!(stored[0].code_hash, clear);
        assert!(!stored[0].code_hash.contains(&clear));
        assert!(telegram_status(&opa).await["code_expires_at"].is_string());

        // A wrong code: one polite reply (in the sender's language), nothing linked.
        let olga = 8_000_001;
        staff_says(srv, olga, "ru", "/link ABCDEFGH").await;
        let reply = nth_to(tg, olga, 1).await;
        assert!(reply.starts_with("Код не подошёл"), "{reply}");
        assert_eq!(telegram_status(&opa).await["linked"], Value::Null);

        // The right one (typed in lower case) links it.
        staff_says(srv, olga, "en", &format!("/link {}", clear.to_lowercase())).await;
        let reply = nth_to(tg, olga, 2).await;
        assert!(reply.contains("linked to staff member “opa”"), "{reply}");
        let status = telegram_status(&opa).await;
        assert_eq!(status["linked"]["username"], format!("olga{olga}"));
        assert_eq!(status["linked"]["name"], "Ольга Петрова");
        assert_eq!(status["code_expires_at"], Value::Null, "the code is used up");
        assert_eq!(log_count(srv, LogAction::AuthTelegramLinked).await, 1);

        // No customer, no conversation, no unanswered question came of either message.
        assert_eq!(customer_count(srv, olga).await, 0);
        assert_eq!(conversations::Entity::find().count(&srv.db).await.unwrap(), 0);
        assert_eq!(unanswered::Entity::find().count(&srv.db).await.unwrap(), 0);

        // Used: the same code from someone else is refused.
        let other = 8_000_002;
        staff_says(srv, other, "en", &format!("/link {clear}")).await;
        assert!(nth_to(tg, other, 1).await.starts_with("That code didn't work"));

        // Expired: refused.
        let code_b = new_code(&opb).await["code"].as_str().unwrap().to_string();
        staff_link_codes::Entity::update_many()
            .col_expr(staff_link_codes::Column::ExpiresAt, Expr::value(Utc::now() - chrono::Duration::minutes(1)))
            .exec(&srv.db)
            .await
            .unwrap();
        staff_says(srv, other, "en", &format!("/link {code_b}")).await;
        assert!(nth_to(tg, other, 2).await.starts_with("That code didn't work"));
        assert_eq!(telegram_status(&opb).await["linked"], Value::Null);

        // A Telegram account linked to someone else can't link a second staff member.
        let code_b = new_code(&opb).await["code"].as_str().unwrap().to_string();
        staff_says(srv, olga, "en", &format!("/link {code_b}")).await;
        assert!(nth_to(tg, olga, 3).await.contains("already linked to another staff member"));

        // The deep link: /start link-CODE.
        let code_b = new_code(&opb).await["code"].as_str().unwrap().to_string();
        staff_says(srv, other, "ru", &format!("/start link-{code_b}")).await;
        let reply = nth_to(tg, other, 3).await;
        assert!(reply.contains("привязан к сотруднику «opb»"), "{reply}");
        assert_eq!(telegram_status(&opb).await["linked"]["username"], format!("olga{other}"));
        assert_eq!(customer_count(srv, other).await, 0);

        // The Users page shows who linked (nothing more of it).
        let (_, users) = admin.call("users/list", &[]).await;
        let linked: Vec<(&str, bool)> = users
            .as_array()
            .unwrap()
            .iter()
            .map(|u| (u["username"].as_str().unwrap(), u["telegram_linked"].as_bool().unwrap()))
            .collect();
        assert!(
            linked.contains(&("opa", true)) && linked.contains(&("opb", true)) && linked.contains(&("admin", false))
        );

        // A linked staff member writing anything else is a customer like any other.
        staff_says(srv, olga, "en", "hello").await;
        let mut became_customer = false;
        for _ in 0..100 {
            if customer_count(srv, olga).await == 1 {
                became_customer = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(became_customer, "any other message is a customer's");

        // Brute force: after 5 wrong codes even a right one is refused for a while.
        let guesser = 8_000_003;
        for n in 1..=5 {
            staff_says(srv, guesser, "en", "/link WRONG234").await;
            assert!(nth_to(tg, guesser, n).await.starts_with("That code didn't work"));
        }
        let adm_code = new_code(&admin).await["code"].as_str().unwrap().to_string();
        staff_says(srv, guesser, "en", &format!("/link {adm_code}")).await;
        assert!(nth_to(tg, guesser, 6).await.starts_with("Too many wrong codes"));
        assert_eq!(telegram_status(&admin).await["linked"], Value::Null);

        // Unlink: audited, and the status says so.
        let (status, body) = opa.call("account/telegram/unlink", &[]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(telegram_status(&opa).await["linked"], Value::Null);
        assert_eq!(log_count(srv, LogAction::AuthTelegramUnlinked).await, 1);
    })
    .await;
}
on_both_databases!(linking_by_code);

async fn waiting_conversations_notify_once(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (opa, _) = srv.user(&admin, "opa", "operator").await;
        let (opb, _) = srv.user(&admin, "opb", "operator").await;
        let (opc, _) = srv.user(&admin, "opc", "operator").await;
        let (opd, _) = srv.user(&admin, "opd", "operator").await;
        let (a_chat, b_chat, c_chat, d_chat) = (8_100_001, 8_100_002, 8_100_003, 8_100_004);
        for (c, chat) in [(&opa, a_chat), (&opb, b_chat), (&opc, c_chat), (&opd, d_chat)] {
            link(srv, tg, c, chat).await;
        }
        // opb waits 30 minutes; opc is deactivated; opd unlinks; opa keeps the default 5.
        let (status, body) = opb
            .call(
                "account/telegram/prefs",
                &[("notify_waiting", "true"), ("wait_minutes", "30"), ("notify_assigned", "true")],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _) = opb
            .call(
                "account/telegram/prefs",
                &[("notify_waiting", "true"), ("wait_minutes", "0"), ("notify_assigned", "true")],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the threshold is bounded");
        let opc_id = staff_id(srv, "opc").await.to_string();
        let (status, body) = admin.call("users/set_active", &[("id", &opc_id), ("active", "false")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let (status, _) = opd.call("account/telegram/unlink", &[]).await;
        assert_eq!(status, StatusCode::OK);

        let conv = waiting_customer(srv, 7_300_001).await;
        let cfg = notify_config();
        let now = Utc::now();
        assert_eq!(bot::staff_notify::tick(&srv.db, &cfg, now).await.unwrap(), 0, "not waited long enough");

        // Six minutes later: opa only, once — even with two notifiers (as of two processes, each
        // with its own connections) ticking at the same time.
        let kind = match backend {
            Backend::Sqlite => server::config::DbKind::Sqlite,
            Backend::Postgres => server::config::DbKind::Postgres,
        };
        let other_process = server::db::connect(srv.database_url(), kind).await.unwrap();
        let later = now + chrono::Duration::minutes(6);
        let (x, y) = tokio::join!(
            bot::staff_notify::tick(&srv.db, &cfg, later),
            bot::staff_notify::tick(&other_process, &cfg, later)
        );
        assert_eq!(x.unwrap() + y.unwrap(), 1, "one notification for one waiting episode");
        other_process.close().await.unwrap();
        let text = nth_to(tg, a_chat, 2).await;
        assert!(text.contains(&format!("Conversation #{} has been waiting for 6 min", conv.id)), "{text}");
        assert!(text.contains("Customer: Анна Каренина (@anna_k)"), "{text}");
        assert!(text.contains("“/operator”"), "{text}");
        assert!(text.ends_with(&format!("Open: {PUBLIC}/inbox/{}", conv.id)), "{text}");
        assert_eq!(bot::staff_notify::tick(&srv.db, &cfg, later + chrono::Duration::minutes(1)).await.unwrap(), 0);

        // opb's 30 minutes: at 31 they hear of it too (and opa not again).
        let much_later = now + chrono::Duration::minutes(31);
        assert_eq!(bot::staff_notify::tick(&srv.db, &cfg, much_later).await.unwrap(), 1);
        assert!(nth_to(tg, b_chat, 2).await.contains("31 min"));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(sent_to(tg, a_chat).len(), 2, "opa: the link reply and one notification");
        assert_eq!(sent_to(tg, c_chat).len(), 1, "deactivated: nothing after the link reply");
        assert_eq!(sent_to(tg, d_chat).len(), 1, "unlinked: nothing after the link reply");

        // Taken: no longer waiting, nothing more; the notifications weren't customer messages.
        let (status, _) = opa.call("inbox/take", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bot::staff_notify::tick(&srv.db, &cfg, now + chrono::Duration::hours(2)).await.unwrap(), 0);

        // Returned to the queue, it waits again: both hear of it again (it has waited long).
        let (status, body) = opa.call("inbox/release", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(bot::staff_notify::tick(&srv.db, &cfg, now + chrono::Duration::hours(2)).await.unwrap(), 2);
        assert!(nth_to(tg, a_chat, 3).await.contains("2 h"));
        assert!(nth_to(tg, b_chat, 3).await.contains("2 h"));
        let (status, _) = opa.call("inbox/take", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK);

        // Without PUBLIC_URL the text says so instead of a link.
        let conv2 = waiting_customer(srv, 7_300_002).await;
        let n = bot::staff_notify::tick(&srv.db, &Default::default(), Utc::now() + chrono::Duration::minutes(6))
            .await
            .unwrap();
        assert_eq!(n, 1);
        let text = nth_to(tg, a_chat, 4).await;
        assert!(text.contains(&format!("#{}", conv2.id)) && text.contains("no PUBLIC_URL"), "{text}");
    })
    .await;
}
on_both_databases!(waiting_conversations_notify_once);

async fn assignment_by_someone_else_notifies(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (opa, _) = srv.user(&admin, "opa", "operator").await;
        let a_chat = 8_200_001;
        link(srv, tg, &opa, a_chat).await;
        let opa_id = staff_id(srv, "opa").await.to_string();
        let cfg = notify_config();

        // An admin assigns: opa hears of it once (the server's own notifier may be the one).
        let conv = waiting_customer(srv, 7_400_001).await;
        let (status, body) = admin.call("inbox/assign", &[("id", &conv.id.to_string()), ("staff_id", &opa_id)]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        bot::staff_notify::tick(&srv.db, &cfg, Utc::now()).await.unwrap();
        let text = nth_to(tg, a_chat, 2).await;
        assert!(text.contains(&format!("admin assigned conversation #{} to you", conv.id)), "{text}");
        assert!(text.contains(&format!("{PUBLIC}/inbox/{}", conv.id)), "{text}");
        bot::staff_notify::tick(&srv.db, &cfg, Utc::now()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(sent_to(tg, a_chat).len(), 2, "once");

        // Taking one yourself, or an admin assigning to themselves: nothing.
        let conv2 = waiting_customer(srv, 7_400_002).await;
        let (status, _) = opa.call("inbox/take", &[("id", &conv2.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK);
        let admin_id = staff_id(srv, "admin").await.to_string();
        let conv3 = waiting_customer(srv, 7_400_003).await;
        let (status, _) = admin.call("inbox/assign", &[("id", &conv3.id.to_string()), ("staff_id", &admin_id)]).await;
        assert_eq!(status, StatusCode::OK);
        // Assignment notifications switched off: nothing either.
        let (status, _) = opa
            .call(
                "account/telegram/prefs",
                &[("notify_waiting", "false"), ("wait_minutes", "5"), ("notify_assigned", "false")],
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        let conv4 = waiting_customer(srv, 7_400_004).await;
        let (status, _) = admin.call("inbox/assign", &[("id", &conv4.id.to_string()), ("staff_id", &opa_id)]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(bot::staff_notify::tick(&srv.db, &cfg, Utc::now()).await.unwrap(), 0);
        let assigned = staff_notifications::Entity::find()
            .filter(staff_notifications::Column::Kind.eq(types::NotifyKind::Assigned))
            .count(&srv.db)
            .await
            .unwrap();
        assert_eq!(assigned, 1);
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(sent_to(tg, a_chat).len(), 2);
    })
    .await;
}
on_both_databases!(assignment_by_someone_else_notifies);

async fn own_display_name(srv: &TestServer) {
    let admin = srv.admin().await;
    let (opa, _) = srv.user(&admin, "opa", "operator").await;
    let (status, body) = opa.call("account/display-name", &[("display_name", "  Ольга П.  ")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["display_name"], "Ольга П.");
    assert_eq!(opa.call("auth/me", &[]).await.1["display_name"], "Ольга П.");
    for bad in ["   ", &"я".repeat(65), "a\nb"] {
        let (status, body) = opa.call("account/display-name", &[("display_name", bad)]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad:?}: {body}");
        assert_eq!(body, json!({ "Invalid": "DisplayNameInvalid" }));
    }
    // Only one's own: an id in the request changes nothing of anyone else.
    let admin_id = staff_id(srv, "admin").await.to_string();
    let (status, _) = opa.call("account/display-name", &[("display_name", "Hacker"), ("id", &admin_id)]).await;
    assert!(status == StatusCode::OK || status == StatusCode::BAD_REQUEST, "{status}");
    let admin_row = staff_users::Entity::find().filter(staff_users::Column::Username.eq("admin")).one(&srv.db).await;
    assert_ne!(admin_row.unwrap().unwrap().display_name, "Hacker");
    // Audited with before and after.
    let rows = action_log::Entity::find()
        .filter(action_log::Column::Action.eq(LogAction::AuthDisplayNameChanged))
        .all(&srv.db)
        .await
        .unwrap();
    assert!(!rows.is_empty());
    let details: Value = serde_json::from_str(&rows[0].details).unwrap();
    assert_eq!(details["before"], "opa");
    assert_eq!(details["after"], "Ольга П.");
}
on_both_databases!(display_name, own_display_name);
