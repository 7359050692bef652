//! The operator inbox's flow through its real HTTP surface: taking, replying, notes, resolving
//! and reopening with the live event stream, assignment by admins, blocked customers, photos
//! through the media route, canned responses and who may do what. Customers write through the
//! webhook and a fake Bot API receives what is sent. On SQLite and PostgreSQL.

mod inbox_common;
mod support;

use std::time::Duration;

use entity::conversations::Status;
use entity::messages;
use inbox_common::{
    Events, about, conflict, conversation_in, ids, list, message_update, next_id, post_update, says, view,
    wait_delivery, waiting_customer,
};
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;
use support::customer::{Customer, text};
use support::fake_telegram::Failure;
use support::{Backend, TestServer, with_bot};

async fn operators_take_reply_note_resolve_and_reopen_live(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (a, _) = srv.user(&admin, "opa", "operator").await;
        let (b, _) = srv.user(&admin, "opb", "operator").await;
        let mut b_events = Events::connect(&b, None).await;
        b_events.ready().await;

        // A customer hands off: it shows up live and in the Waiting tab.
        let user = 7_100_001;
        let conv = waiting_customer(srv, user).await;
        b_events.until(|e| about(e, conv.id)).await;
        let waiting = list(&a, "waiting", "").await;
        assert_eq!(ids(&waiting), vec![conv.id]);
        let row = &waiting["rows"][0];
        assert_eq!(row["customer_name"], "Анна Каренина");
        assert_eq!(row["username"], "anna_k");
        assert_eq!(row["status"], "waiting");
        assert!(row["waiting_since"].is_string());
        assert_eq!(waiting["counts"]["waiting"], 1);

        // A takes it; B sees it taken at once and can't take it too.
        let (status, body) = a.call("inbox/take", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let e = b_events.until(|e| about(e, conv.id)).await;
        assert_eq!(e.data["kind"], "conversation");
        let seen_by_b = view(&b, conv.id).await;
        assert_eq!(seen_by_b["row"]["status"], "assigned");
        assert_eq!(seen_by_b["row"]["assignee_name"], "opa");
        assert_eq!(seen_by_b["can_act"], false, "someone else's conversation is read-only");
        let (status, body) = b.call("inbox/take", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(conflict(&body)["AlreadyTaken"]["by"], "opa");
        // Nor reply or resolve on it; an internal note is fine (the customer never sees it).
        let (status, _) =
            b.call("inbox/reply", &[("id", &conv.id.to_string()), ("text", "hi"), ("client_key", "b1")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        let (status, note) =
            b.call("inbox/note", &[("id", &conv.id.to_string()), ("text", "psst"), ("client_key", "n0")]).await;
        assert_eq!(status, StatusCode::OK, "{note}");
        assert_eq!(note["sender"], "note");
        assert_eq!(note["staff_name"], "opb");
        let (status, _) = b.call("inbox/resolve", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(ids(&list(&a, "mine", "").await), vec![conv.id]);
        assert!(ids(&list(&b, "mine", "").await).is_empty());

        // A replies: stored, sent through the outbox, delivery published; a repeated request
        // (same client key) stores and sends it once.
        let form =
            [("id", conv.id.to_string()), ("text", "Здравствуйте! Чем помочь?".into()), ("client_key", "k-1".into())];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (status, reply) = a.call("inbox/reply", &form).await;
        assert_eq!(status, StatusCode::OK, "{reply}");
        let (_, again) = a.call("inbox/reply", &form).await;
        assert_eq!(again["id"], reply["id"], "a repeated request is the same reply");
        let reply_id = reply["id"].as_i64().unwrap();
        assert_eq!(reply["sender"], "operator");
        assert_eq!(reply["staff_name"], "opa");
        assert!(tg.wait_for(10, |calls| calls.iter().any(|c| c.params["text"] == "Здравствуйте! Чем помочь?")).await);
        b_events.until(|e| e.data["kind"] == "delivery" && e.data["message_id"] == json!(reply_id)).await;
        assert_eq!(wait_delivery(&a, conv.id, reply_id, "Sent").await, json!("Sent"));
        tokio::time::sleep(Duration::from_millis(300)).await;
        let sent =
            tg.calls_to("sendMessage").iter().filter(|c| c.params["text"] == "Здравствуйте! Чем помочь?").count();
        assert_eq!(sent, 1, "one reply, one sendMessage");

        // Telegram refuses the next one: "failed"; retry → "sent".
        tg.fail_next("sendMessage", Failure::BadRequest("Bad Request: chat not found"));
        let (_, second) =
            a.call("inbox/reply", &[("id", &conv.id.to_string()), ("text", "Второе"), ("client_key", "k-2")]).await;
        let second_id = second["id"].as_i64().unwrap();
        let failed = wait_delivery(&a, conv.id, second_id, "Failed").await;
        assert!(failed["Failed"]["error"].as_str().unwrap().contains("chat not found"), "{failed}");
        let (status, body) = a.call("inbox/retry", &[("message_id", &second_id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        wait_delivery(&a, conv.id, second_id, "Sent").await;
        let (status, body) = a.call("inbox/retry", &[("message_id", &second_id.to_string())]).await;
        assert_eq!(status, StatusCode::CONFLICT, "nothing left to retry: {body}");

        // Empty replies are refused with a reason.
        let (status, body) =
            a.call("inbox/reply", &[("id", &conv.id.to_string()), ("text", "  \n "), ("client_key", "k-3")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["Invalid"], "TextEmpty");

        // An internal note is in the history and never sent.
        let (status, note) =
            a.call("inbox/note", &[("id", &conv.id.to_string()), ("text", "VIP, be nice"), ("client_key", "n1")]).await;
        assert_eq!(status, StatusCode::OK, "{note}");
        assert_eq!(note["sender"], "note");
        let (_, again) =
            a.call("inbox/note", &[("id", &conv.id.to_string()), ("text", "VIP, be nice"), ("client_key", "n1")]).await;
        assert_eq!(again["id"], note["id"], "a repeated note request stores it once");
        let (status, _) =
            b.call("inbox/reply", &[("id", &conv.id.to_string()), ("text", "x"), ("client_key", "n1")]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "another's key reveals nothing");
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert!(!tg.calls().iter().any(|c| c.params["text"] == "VIP, be nice"));

        // The customer writes: unread for B until B reads it; live for B.
        says(srv, user, "ещё вопрос про доставку").await;
        let customer_message = loop {
            let e = b_events.until(|e| about(e, conv.id) && e.data["kind"] == "message").await;
            let id = e.data["message_id"].as_i64().unwrap();
            let m = messages::Entity::find_by_id(id).one(&srv.db).await.unwrap().unwrap();
            if m.sender == messages::Sender::Customer {
                break m;
            }
        };
        assert_eq!(customer_message.text.as_deref(), Some("ещё вопрос про доставку"));
        let row = list(&b, "open", "").await["rows"][0].clone();
        assert!(row["unread"].as_u64().unwrap() >= 1, "{row}");
        assert_eq!(row["preview"]["text"], "ещё вопрос про доставку");
        let last = view(&b, conv.id).await["messages"].as_array().unwrap().last().unwrap()["id"].clone();
        let (status, _) =
            b.call("inbox/read", &[("id", &conv.id.to_string()), ("message_id", &last.to_string())]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list(&b, "open", "").await["rows"][0]["unread"], 0);

        // Search: name in any case, @username, message text; nothing for a stranger.
        for term in ["анна", "АННА", "Каренина", "@anna_k", "доставку", "Анна Каренина"]
        {
            assert_eq!(ids(&list(&a, "open", term).await), vec![conv.id], "search {term:?}");
        }
        assert!(ids(&list(&a, "open", "zzz-nobody").await).is_empty());
        assert!(ids(&list(&a, "open", "100%").await).is_empty(), "wildcards are literal");

        // The history, in order, with who said what.
        let history = view(&a, conv.id).await;
        let senders: Vec<&str> =
            history["messages"].as_array().unwrap().iter().map(|m| m["sender"].as_str().unwrap()).collect();
        assert_eq!(senders.first(), Some(&"customer"), "{senders:?}");
        for want in ["system", "bot", "operator", "note"] {
            assert!(senders.contains(&want), "{want} missing from {senders:?}");
        }
        let system: Vec<&str> = history["messages"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["sender"] == "system")
            .map(|m| m["text"].as_str().unwrap())
            .collect();
        assert_eq!(system, vec!["handed_off", "taken"]);
        // Older pages: everything before a message, oldest first, nothing more before the first.
        let all: Vec<i64> = history["messages"].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
        let before = all[all.len() - 1];
        let (status, page) =
            a.call("inbox/older", &[("id", &conv.id.to_string()), ("before", &before.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{page}");
        let older: Vec<i64> = page[0].as_array().unwrap().iter().map(|m| m["id"].as_i64().unwrap()).collect();
        assert_eq!(older, all[..all.len() - 1].to_vec());
        assert_eq!(page[1], false, "no more before the first message");
        assert_eq!(history["more_before"], false);
        // The tab counts (the title's waiting count) for A: one of theirs, open, none waiting.
        let (status, counts) = a.call("inbox/counts", &[]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(counts, json!({ "waiting": 0, "mine": 1, "open": 1 }));
        assert_eq!(history["customer"]["username"], "anna_k");
        assert_eq!(history["customer"]["language"], "ru");

        // A resolves: the customer is asked for a rating; it moves to Resolved.
        let (status, body) = a.call("inbox/resolve", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(
            tg.wait_for(10, |calls| calls
                .iter()
                .any(|c| c.params["chat_id"] == json!(user) && c.params["reply_markup"].to_string().contains("\"5\"")))
                .await,
            "the rating buttons reach the customer"
        );
        let (status, body) = a.call("inbox/resolve", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(ids(&list(&a, "resolved", "").await), vec![conv.id]);
        assert!(ids(&list(&a, "open", "").await).is_empty());

        // Reopen: not B's to reopen; A may, and it is A's again.
        let (status, _) = b.call("inbox/reopen", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let (status, body) = a.call("inbox/reopen", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(ids(&list(&a, "mine", "").await), vec![conv.id]);
        let (status, _) = a.call("inbox/release", &[("id", &conv.id.to_string())]).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(ids(&list(&b, "waiting", "").await), vec![conv.id], "back in the queue");
        b_events.close();
    })
    .await;
}
on_both_databases!(operators_take_reply_note_resolve_and_reopen_live);

async fn admins_assign_and_blocked_customers_get_no_replies(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let (a, _) = srv.user(&admin, "opa", "operator").await;
        let (b, _) = srv.user(&admin, "opb", "operator").await;
        let staff = admin.call("inbox/staff", &[]).await.1;
        let b_id = staff.as_array().unwrap().iter().find(|s| s["name"] == "opb").unwrap()["id"].as_i64().unwrap();
        let (status, _) = a.call("inbox/staff", &[]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "operators don't list staff for assignment");

        let user = 7_100_002;
        let conv = waiting_customer(srv, user).await;
        let cid = conv.id.to_string();
        let (status, _) = a.call("inbox/assign", &[("id", &cid), ("staff_id", &b_id.to_string())]).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "only admins assign");
        let (status, body) = admin.call("inbox/assign", &[("id", &cid), ("staff_id", &b_id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_eq!(ids(&list(&b, "mine", "").await), vec![conv.id]);
        let (status, body) = a.call("inbox/take", &[("id", &cid)]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(conflict(&body)["AlreadyTaken"]["by"], "opb");
        let (status, body) = admin.call("inbox/assign", &[("id", &cid), ("staff_id", "999999")]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        // Admins may act on anyone's conversation.
        let (status, body) = admin.call("inbox/note", &[("id", &cid), ("text", "checked by admin"), ("client_key", "adm-1")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");

        // The customer blocks the bot: a line in the history, and replies are refused.
        let id = next_id();
        post_update(
            srv,
            json!({ "update_id": id, "my_chat_member": {
                "chat": { "id": user, "type": "private", "first_name": "Анна" },
                "from": { "id": user, "is_bot": false, "first_name": "Анна" },
                "date": 1_700_000_100,
                "old_chat_member": { "user": { "id": 7000001, "is_bot": true, "first_name": "Support" }, "status": "member" },
                "new_chat_member": { "user": { "id": 7000001, "is_bot": true, "first_name": "Support" }, "status": "kicked", "until_date": 0 }
            } }),
        )
        .await;
        let mut blocked = false;
        for _ in 0..100 {
            if view(&b, conv.id).await["customer"]["blocked"] == json!(true) {
                blocked = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(blocked, "the card shows the block");
        let history = view(&b, conv.id).await;
        assert!(history["messages"].as_array().unwrap().iter().any(|m| m["text"] == "customer_blocked"));
        let sends_before = tg.count("sendMessage");
        let (status, body) = b.call("inbox/reply", &[("id", &cid), ("text", "hello?"), ("client_key", "blk-1")]).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(conflict(&body), &json!("CustomerBlocked"));
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(tg.count("sendMessage"), sends_before);
    })
    .await;
}
on_both_databases!(admins_assign_and_blocked_customers_get_no_replies);

async fn photos_come_through_the_media_route_once(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let user = 7_400_001;
        // Unique per run: the media cache lives in the data folder, shared by test runs.
        let big = format!("big-{}", rand::random::<u64>());
        post_update(
            srv,
            message_update(
                user,
                json!({ "photo": [
                    { "file_id": "small-1", "file_unique_id": "s1", "width": 90, "height": 90, "file_size": 900 },
                    { "file_id": big, "file_unique_id": "b1", "width": 800, "height": 800, "file_size": 80000 }
                ], "caption": "вот чек" }),
            ),
        )
        .await;
        let conv = conversation_in(srv, user, Status::Waiting).await;
        let v = view(&admin, conv.id).await;
        let photo = v["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "photo").unwrap().clone();
        assert_eq!(photo["has_file"], true);
        assert_eq!(photo["caption"], "вот чек");
        let path = format!("/media/{}", photo["id"]);
        let anonymous = srv.client().get(&path).await;
        assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
        for _ in 0..2 {
            let res = admin.get(&path).await;
            assert_eq!(res.status(), StatusCode::OK);
            assert_eq!(res.headers()["content-type"], "image/jpeg");
            assert_eq!(res.bytes().await.unwrap().as_ref(), support::fake_telegram::FILE_BYTES);
        }
        assert_eq!(tg.count("getFile"), 1, "fetched once, then served from the cache");
        assert_eq!(tg.count("download"), 1);
        let text_message =
            v["messages"].as_array().unwrap().iter().find(|m| m["has_file"] == false).unwrap()["id"].clone();
        assert_eq!(admin.get(&format!("/media/{text_message}")).await.status(), StatusCode::NOT_FOUND);
    })
    .await;
}
on_both_databases!(photos_come_through_the_media_route_once);

async fn canned_responses_and_permissions(backend: Backend) {
    let srv = TestServer::start(backend).await;
    let admin = srv.admin().await;
    let (op, _) = srv.user(&admin, "opc", "operator").await;
    let anonymous = srv.client();
    for endpoint in ["inbox/list", "inbox/counts", "inbox/conversation", "inbox/take_over", "canned/list"] {
        let (status, _) = anonymous.call(endpoint, &[("tab", "waiting"), ("search", ""), ("id", "1")]).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{endpoint}");
    }
    assert_eq!(anonymous.get("/api/events").await.status(), StatusCode::UNAUTHORIZED);

    let form = [("title", "Сроки доставки"), ("shortcut", "/Delivery"), ("text", "Обычно 2–3 дня.")];
    let (status, _) = op.call("canned/save", &form).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "operators don't manage canned responses");
    let (status, saved) = admin.call("canned/save", &form).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["shortcut"], "delivery");
    let (status, body) =
        admin.call("canned/save", &[("title", "Другое"), ("shortcut", "delivery"), ("text", "x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["Invalid"], "CannedShortcutTaken");
    let (status, body) = admin.call("canned/save", &[("title", ""), ("shortcut", "ok"), ("text", "x")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["Invalid"], "CannedTitleInvalid");
    let id = saved["id"].to_string();
    let (status, edited) = admin
        .call("canned/save", &[("id", &id), ("title", "Доставка"), ("shortcut", "delivery"), ("text", "1–2 дня.")])
        .await;
    assert_eq!(status, StatusCode::OK, "{edited}");
    let (status, all) = op.call("canned/list", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(all, json!([{ "id": saved["id"], "title": "Доставка", "shortcut": "delivery", "text": "1–2 дня." }]));
    let (status, _) = op.call("canned/delete", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = admin.call("canned/delete", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _) = admin.call("canned/delete", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(op.call("canned/list", &[]).await.1, json!([]));
    srv.stop().await;
}
on_both_databases!(canned_responses_and_permissions);

/// Resolving a conversation nobody has answered asks first; confirmed, the customer is told it is
/// closed and not asked for a rating.
async fn resolving_unanswered_asks_first_and_asks_no_rating(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let anna = Customer { srv, tg, id: 6101, lang: "ru" };
        anna.says("/operator").await;
        anna.nth(1).await;
        let conv = anna.conversation().await;
        let id = conv.id.to_string();
        assert_eq!(admin.call("inbox/take", &[("id", &id)]).await.0, StatusCode::OK);
        let (status, body) = admin.call("inbox/resolve", &[("id", &id)]).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert_eq!(conflict(&body), &json!("NoReplyYet"));
        let (status, body) = admin.call("inbox/resolve", &[("id", &id), ("confirmed", "true")]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let closed = anna.nth(2).await;
        assert!(text(&closed).starts_with("Обращение закрыто"), "{}", text(&closed));
        assert!(closed.params["reply_markup"].is_null(), "no rating buttons: {:?}", closed.params);
    })
    .await;
}
on_both_databases!(resolving_unanswered_asks_first_and_asks_no_rating);
