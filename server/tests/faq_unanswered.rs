//! The unanswered queue, on SQLite and PostgreSQL: it fills from a no-match handoff, an untapped
//! "maybe you meant", a "didn't help" press, an operator's answer after a handoff and a flagged
//! reply; near-duplicates count together; "add as a variant" makes the bot answer the same
//! question next time; dismissing and resolving are audited.

mod support;

use entity::conversations::Status;
use entity::{action_log, unanswered};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use support::customer::{Customer, button, text};
use support::{Backend, Client, with_bot};

/// Waits until the customer's message is in the history (the webhook only stores the update).
async fn stored(srv: &support::TestServer, text: &str) {
    for _ in 0..200 {
        let n = entity::messages::Entity::find()
            .filter(entity::messages::Column::Text.eq(text))
            .count(&srv.db)
            .await
            .unwrap();
        if n > 0 {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{text:?} never reached the history");
}

async fn queue(admin: &Client) -> Vec<Value> {
    let (status, items) = admin.call("faq/unanswered", &[]).await;
    assert_eq!(status, StatusCode::OK, "{items}");
    items.as_array().unwrap().clone()
}

fn item<'a>(items: &'a [Value], words: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["question"].as_str().unwrap().to_lowercase().contains(words))
        .unwrap_or_else(|| panic!("no item with {words:?} in {items:#?}"))
}

/// The reasons of an item as (reason, count).
fn reasons(i: &Value) -> Vec<(String, u64)> {
    i["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r[0].as_str().unwrap().to_string(), r[1].as_u64().unwrap()))
        .collect()
}

async fn the_queue_fills_and_empties(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        // Two customers ask the same thing the FAQ doesn't know, in slightly different words.
        let anna = Customer { srv, tg, id: 8001, lang: "ru" };
        let boris = Customer { srv, tg, id: 8002, lang: "ru" };
        anna.says("Есть ли у вас парковка для велосипедов?").await;
        anna.nth(1).await;
        assert_eq!(anna.conversation().await.status, Status::Waiting, "no match: handed off");
        boris.says("парковка для велосипедов у вас есть?").await;
        boris.nth(1).await;
        let items = queue(&admin).await;
        let coins = item(&items, "велосипед");
        assert_eq!((coins["customers"].as_i64(), coins["hits"].as_i64()), (Some(2), Some(2)), "{coins}");
        assert_eq!(reasons(coins), vec![("no_match".to_string(), 2)]);

        // The operator answers Anna: the first reply is offered as the answer.
        let (status, body) = admin
            .call(
                "inbox/reply",
                &[
                    ("id", &anna.conversation().await.id.to_string()),
                    ("text", "Нет, только рубли."),
                    ("client_key", ""),
                ],
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let coins = item(&queue(&admin).await, "велосипед").clone();
        assert_eq!(coins["reply"], "Нет, только рубли.");

        // "Add as a variant" of an entry: the item is gone and the bot answers it next time.
        let pay = entity::faq_entries::Entity::find()
            .filter(entity::faq_entries::Column::Slug.eq("pay_card"))
            .one(&srv.db)
            .await
            .unwrap()
            .unwrap();
        let id = coins["id"].as_i64().unwrap().to_string();
        let (status, body) =
            admin.call("faq/unanswered/variant", &[("id", &id), ("faq_id", &pay.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(queue(&admin).await.iter().all(|i| i["id"] != coins["id"]), "resolved items leave the queue");
        let (_, tried) = admin
            .call_json(
                "faq/try",
                &json!({ "text": "парковка для велосипедов у вас есть?", "editing": null, "draft": null }),
            )
            .await;
        assert_eq!(tried["decision"], json!({ "Answer": { "id": pay.id } }), "{tried}");
        let vera = Customer { srv, tg, id: 8003, lang: "ru" };
        vera.says("парковка для велосипедов у вас есть?").await;
        assert!(text(&vera.nth(1).await).contains("личном кабинете"));
        assert_eq!(
            action_log::Entity::find()
                .filter(action_log::Column::Action.eq("faq.add_variant"))
                .filter(action_log::Column::TargetId.eq(pay.id))
                .count(&srv.db)
                .await
                .unwrap(),
            1
        );

        // "Didn't help" under an answer queues the question that led to it.
        vera.taps(&button(&vera.nth(1).await, "Не помогло")).await;
        vera.nth(2).await;
        let items = queue(&admin).await;
        let again = item(&items, "велосипед");
        assert_eq!(reasons(again), vec![("not_helped".to_string(), 1)]);
        assert_eq!(again["suggested"][0]["id"], pay.id, "the entry that didn't help is offered first");

        // Dismissed: gone, and audited.
        let (status, _) =
            admin.call("faq/unanswered/dismiss", &[("id", &again["id"].as_i64().unwrap().to_string())]).await;
        assert_eq!(status, StatusCode::OK);
        assert!(queue(&admin).await.iter().all(|i| !i["question"].as_str().unwrap().contains("велосипед")));
        let dismissed = action_log::Entity::find()
            .filter(action_log::Column::Action.eq("unanswered.dismiss"))
            .count(&srv.db)
            .await
            .unwrap();
        assert_eq!(dismissed, 1);
    })
    .await;
}
on_both_databases!(the_queue_fills_and_empties);

async fn ignored_suggestions_count_and_a_tap_withdraws_them(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        // Vague enough for "maybe you meant…" (the dialogues test uses the same message).
        let gleb = Customer { srv, tg, id: 8101, lang: "ru" };
        gleb.says("тариф").await;
        let offer = gleb.nth(1).await;
        assert!(text(&offer).contains("Возможно"), "{}", text(&offer));
        let items = queue(&admin).await;
        assert_eq!(reasons(item(&items, "тариф")), vec![("suggested".to_string(), 1)]);
        assert!(!item(&items, "тариф")["suggested"].as_array().unwrap().is_empty());
        // Tapping one of them: it helped, so it no longer counts.
        let first = support::customer::buttons(&offer)[0].1.clone();
        gleb.taps(&first).await;
        gleb.nth(2).await;
        assert_eq!(unanswered::Entity::find().count(&srv.db).await.unwrap(), 0, "{:#?}", queue(&admin).await);
    })
    .await;
}
on_both_databases!(ignored_suggestions_count_and_a_tap_withdraws_them);

async fn operators_flag_replies_and_new_entries_resolve_items(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (operator, _) = srv.user(&admin, "olga", "operator").await;
        let dina = Customer { srv, tg, id: 8201, lang: "ru" };
        dina.says("/operator").await;
        dina.nth(1).await;
        dina.says("Можно ли перенести договор на другой адрес?").await;
        stored(srv, "Можно ли перенести договор на другой адрес?").await;
        let conv = dina.conversation().await.id.to_string();
        let (status, reply) = operator.call("inbox/reply", &[("id", &conv), ("text", "Да, оформим переезд за 3 дня."), ("client_key", "")]).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        // Asked "/operator" first: the question is the next message, and the reply is its answer.
        let items = queue(&admin).await;
        let moving = item(&items, "перенести договор");
        assert_eq!(reasons(moving), vec![("operator_answered".to_string(), 1)]);
        assert_eq!(moving["reply"], "Да, оформим переезд за 3 дня.");

        // A later reply flagged by the operator: queued with its own question.
        dina.says("А сколько стоит переезд?").await;
        stored(srv, "А сколько стоит переезд?").await;
        let (_, reply2) = operator.call("inbox/reply", &[("id", &conv), ("text", "Переезд бесплатный."), ("client_key", "")]).await;
        let message_id = reply2["id"].as_i64().unwrap().to_string();
        for _ in 0..2 {
            let (status, body) = operator.call("faq/flag", &[("id", &conv), ("message_id", &message_id)]).await;
            assert_eq!(status, StatusCode::OK, "{body}");
        }
        let items = queue(&admin).await;
        let cost = item(&items, "сколько стоит");
        assert_eq!(reasons(cost), vec![("flagged".to_string(), 1)], "flagging twice counts once");
        assert_eq!(cost["reply"], "Переезд бесплатный.");

        // A new entry made from it resolves it.
        let draft = json!({ "slug": "", "question": "Сколько стоит переезд?", "variants": [], "answer": "Переезд бесплатный.",
            "answer_en": "", "language": "ru", "category": "", "buttons": [], "enabled": true });
        let (_, saved) = admin.call_json("faq/save", &json!({ "id": null, "version": 0, "draft": draft })).await;
        let (status, body) = admin
            .call("faq/unanswered/answered", &[("id", &cost["id"].as_i64().unwrap().to_string()), ("faq_id", &saved["id"].to_string())])
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(queue(&admin).await.iter().all(|i| i["id"] != cost["id"]));
        // Operators may read the queue and flag, not resolve.
        let (status, _) = operator.call("faq/unanswered", &[]).await;
        assert_eq!(status, StatusCode::OK);
        let (status, _) = operator.call("faq/unanswered/dismiss", &[("id", &moving["id"].to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    })
    .await;
}
on_both_databases!(operators_flag_replies_and_new_entries_resolve_items);
