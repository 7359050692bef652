//! The FAQ workbench end to end, on SQLite and PostgreSQL: entries saved through the server
//! functions with versions, audit rows and conflicts; the rules an entry must follow; who may do
//! what; the running bot answering from an entry changed a moment ago; "Try it"; import and
//! export from the command line while the server runs.

mod support;

use std::process::Command;
use std::time::Duration;

use entity::conversations::Status;
use entity::{action_log, faq_entries, faq_versions};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use support::customer::{Customer, button, buttons, text};
use support::{Backend, Client, TestServer, with_bot};

const BIN: &str = env!("CARGO_BIN_EXE_server");

fn draft(question: &str, answer: &str) -> Value {
    json!({
        "slug": "", "question": question, "variants": [], "answer": answer, "answer_en": "",
        "language": "ru", "category": "", "buttons": [], "enabled": true,
    })
}

async fn save(c: &Client, id: Option<i64>, version: i32, draft: &Value) -> (StatusCode, Value) {
    c.call_json("faq/save", &json!({ "id": id, "version": version, "draft": draft })).await
}

async fn log_rows(srv: &TestServer, action: &str, id: i64) -> Vec<action_log::Model> {
    action_log::Entity::find()
        .filter(action_log::Column::Action.eq(action))
        .filter(action_log::Column::TargetId.eq(id))
        .order_by_asc(action_log::Column::Id)
        .all(&srv.db)
        .await
        .unwrap()
}

/// The entry with this CSV id.
async fn by_slug(srv: &TestServer, slug: &str) -> faq_entries::Model {
    faq_entries::Entity::find().filter(faq_entries::Column::Slug.eq(slug)).one(&srv.db).await.unwrap().unwrap()
}

async fn revision(srv: &TestServer) -> u64 {
    faq_versions::Entity::find().count(&srv.db).await.unwrap()
}

// ---------------------------------------------------------------------------------------------

async fn versions_audit_conflicts_and_the_archive(srv: &TestServer) {
    let admin = srv.admin().await;
    let mut d = draft("Как вернуть деньги за подписку?", "<b>Вернём</b> за 3 дня.");
    d["variants"] = json!(["возврат денег", "хочу вернуть оплату"]);
    d["category"] = json!("Оплата");
    d["buttons"] = json!([{ "label": "Условия", "kind": "url", "url": "https://example.com/refund" }]);
    let (status, created) = save(&admin, None, 0, &d).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["version"], 1);
    assert_eq!(created["draft"]["slug"], json!(id.to_string()), "an entry without a CSV id gets its number");
    assert_eq!(created["draft"]["buttons"][0]["url"], "https://example.com/refund");

    // A second save is version 2; a save based on version 1 again is refused, naming the current one.
    let mut d2 = created["draft"].clone();
    d2["answer"] = json!("Вернём за <i>5</i> дней.");
    let (status, saved) = save(&admin, Some(id), 1, &d2).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    let mut stale = created["draft"].clone();
    stale["question"] = json!("Затёр бы чужую правку");
    assert_eq!(
        save(&admin, Some(id), 1, &stale).await,
        (StatusCode::CONFLICT, json!({ "Conflict": { "FaqChanged": { "current": 2 } } }))
    );

    // The audit rows carry the difference.
    let updates = log_rows(srv, "faq.update", id).await;
    assert_eq!(updates.len(), 1);
    let details: Value = serde_json::from_str(&updates[0].details).unwrap();
    assert_eq!(details["changes"]["answer"], json!(["<b>Вернём</b> за 3 дня.", "Вернём за <i>5</i> дней."]));
    assert!(details["changes"].get("question").is_none(), "only what changed: {details}");
    assert_eq!(log_rows(srv, "faq.create", id).await.len(), 1);

    // History, newest first, each with what it changed; version 1 comes back as version 3.
    let (status, history) = admin.call("faq/history", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!(history.as_array().unwrap().len(), 2);
    assert_eq!(history[0]["version"], 2);
    assert_eq!(history[0]["changed"], json!(["answer"]));
    assert_eq!(history[1]["change"], "created");
    let (status, reverted) = admin.call("faq/revert", &[("id", &id.to_string()), ("version", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{reverted}");
    assert_eq!(reverted["version"], 3);
    assert_eq!(reverted["draft"]["answer"], "<b>Вернём</b> за 3 дня.");
    assert_eq!(log_rows(srv, "faq.revert", id).await.len(), 1);

    // Deleting for good needs the archive first; archived entries leave the default list.
    let sid = id.to_string();
    assert_eq!(
        admin.call("faq/delete", &[("id", &sid)]).await,
        (StatusCode::CONFLICT, json!({ "Conflict": "FaqNotArchived" }))
    );
    let list = |q: Value| {
        let admin = admin.clone();
        async move {
            let (status, page) = admin.call_json("faq/list", &json!({ "query": q })).await;
            assert_eq!(status, StatusCode::OK, "{page}");
            page["rows"].as_array().unwrap().iter().map(|r| r["id"].as_i64().unwrap()).collect::<Vec<_>>()
        }
    };
    assert!(list(json!({ "q": "подписку" })).await.contains(&id));
    let (status, archived) = admin.call("faq/archive", &[("id", &sid), ("archived", "true")]).await;
    assert_eq!((status, archived["state"].clone()), (StatusCode::OK, json!("archived")));
    assert!(!list(json!({ "q": "подписку" })).await.contains(&id));
    assert_eq!(list(json!({ "q": "подписку", "state": "archived" })).await, vec![id]);
    // Back from the archive as it was (enabled).
    let (_, back) = admin.call("faq/archive", &[("id", &sid), ("archived", "false")]).await;
    assert_eq!(back["state"], "enabled");
    admin.call("faq/archive", &[("id", &sid), ("archived", "true")]).await;
    let (status, body) = admin.call("faq/delete", &[("id", &sid)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(admin.call("faq/entry", &[("id", &sid)]).await.0, StatusCode::NOT_FOUND);
    assert_eq!(log_rows(srv, "faq.delete", id).await.len(), 1);
    // Its versions stay: the audit trail, with a last one saying it was deleted.
    let last = faq_versions::Entity::find()
        .filter(faq_versions::Column::FaqId.eq(id))
        .order_by_desc(faq_versions::Column::Version)
        .one(&srv.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(last.change, types::FaqChange::Deleted);
}
on_both_databases!(versions, versions_audit_conflicts_and_the_archive);

async fn bad_entries_are_refused_naming_the_field(srv: &TestServer) {
    let admin = srv.admin().await;
    let before = revision(srv).await;
    let problem = |body: &Value| (body["FaqInvalid"][0]["field"].clone(), body["FaqInvalid"][0]["problem"].clone());

    let (status, body) = save(&admin, None, 0, &draft("Вопрос", "Текст\n<b>жирный <i>и</b> курсив</i>")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(problem(&body), (json!("answer"), json!("format")));
    assert_eq!(body["FaqInvalid"][0]["line"], 2, "{body}");
    for bad in ["<script>alert(1)</script>", "a < b", "<a href=\"javascript:alert(1)\">x</a>", "AT&T"] {
        let (status, body) = save(&admin, None, 0, &draft("Вопрос", bad)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {body}");
        assert_eq!(problem(&body), (json!("answer"), json!("format")), "{bad}");
    }
    let long = format!("<b>{}</b>", "я".repeat(4097));
    let (_, body) = save(&admin, None, 0, &draft("Вопрос", &long)).await;
    assert_eq!(body["FaqInvalid"][0]["problem"], "too_long_formatted", "{body}");
    assert_eq!(body["FaqInvalid"][0]["length"], 4097);
    // Exactly a Telegram message after formatting is fine (the tags don't count).
    let (status, ok) = save(&admin, None, 0, &draft("Длинный ответ", &format!("<b>{}</b>", "я".repeat(4096)))).await;
    assert_eq!(status, StatusCode::OK, "{ok}");

    let (_, body) = save(&admin, None, 0, &draft("  ", "Текст")).await;
    assert_eq!(problem(&body), (json!("question"), json!("empty")));
    let mut taken = draft("Вопрос", "Текст");
    taken["slug"] = json!("pay_card");
    let (_, body) = save(&admin, None, 0, &taken).await;
    assert_eq!(problem(&body), (json!("slug"), json!("slug_taken")));
    let mut dup = draft("Как оплатить?", "Текст");
    dup["variants"] = json!(["картой", "КАК оплатить?"]);
    let (_, body) = save(&admin, None, 0, &dup).await;
    assert_eq!(body["FaqInvalid"][0], json!({ "field": "variants", "problem": "duplicate_variant", "line": 2 }));
    let mut menu = draft("Вопрос", "Текст");
    menu["buttons"] = json!([{ "label": "Меню", "kind": "menu", "menu_id": 999_999 }]);
    let (_, body) = save(&admin, None, 0, &menu).await;
    assert_eq!(body["FaqInvalid"][0], json!({ "field": "buttons", "problem": "button_menu_missing", "index": 1 }));
    // Only the one good save changed anything.
    assert_eq!(revision(srv).await, before + 1);
}
on_both_databases!(rules, bad_entries_are_refused_naming_the_field);

/// A server function called with a JSON body or a form.
async fn call_any(c: &Client, endpoint: &str, body: &Option<Value>, form: &[(&str, String)]) -> (StatusCode, Value) {
    match body {
        Some(b) => c.call_json(endpoint, b).await,
        None => {
            let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            c.call(endpoint, &form).await
        }
    }
}

type Call = (&'static str, Option<Value>, Vec<(&'static str, String)>);

/// Every FAQ server function, with arguments that would otherwise be valid for entry `id`:
/// (reads, writes).
fn faq_functions(id: i64) -> (Vec<Call>, Vec<Call>) {
    let id = id.to_string();
    let reads = vec![
        ("faq/list", Some(json!({ "query": {} })), vec![]),
        ("faq/entry", None, vec![("id", id.clone())]),
        ("faq/history", None, vec![("id", id.clone())]),
        ("faq/try", Some(json!({ "text": "как оплатить картой", "editing": null, "draft": null })), vec![]),
        ("faq/health", None, vec![]),
        ("faq/unanswered", None, vec![]),
    ];
    let writes = vec![
        ("faq/save", Some(json!({ "id": null, "version": 0, "draft": draft("Вопрос", "Ответ") })), vec![]),
        ("faq/enable", None, vec![("id", id.clone()), ("enabled", "false".into())]),
        ("faq/revert", None, vec![("id", id.clone()), ("version", "1".into())]),
        ("faq/menus", None, vec![]),
        ("faq/check", Some(json!({ "id": null, "draft": draft("Вопрос", "Ответ") })), vec![]),
        (
            "faq/import",
            Some(json!({ "csv": "id,question,variants,answer\nq1,Вопрос,,Ответ\n", "replace": false, "apply": true })),
            vec![],
        ),
        ("faq/archive", None, vec![("id", id.clone()), ("archived", "true".into())]),
        ("faq/delete", None, vec![("id", id.clone())]),
    ];
    (reads, writes)
}

async fn who_may_do_what(srv: &TestServer) {
    let anon = srv.client();
    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    // An entry of its own (no menu opens it, so it can be deleted at the end).
    let (_, own) = save(&admin, None, 0, &draft("Свой вопрос", "Свой ответ")).await;
    let own_id = own["id"].as_i64().unwrap();
    let (reads, writes) = faq_functions(own_id);
    let before = revision(srv).await;
    for (endpoint, body, form) in reads.iter().chain(&writes) {
        let got = call_any(&anon, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "anonymous {endpoint}");
    }
    for (endpoint, body, form) in &reads {
        let (status, got) = call_any(&operator, endpoint, body, form).await;
        assert_eq!(status, StatusCode::OK, "operators read the FAQ: {endpoint}: {got}");
    }
    for (endpoint, body, form) in &writes {
        let got = call_any(&operator, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::FORBIDDEN, json!("Forbidden")), "operator {endpoint}");
    }
    // The unanswered queue's actions (an item of no customer here: the role is checked first).
    let f = |k: &'static str, v: &str| (k, v.to_string());
    let own = own_id.to_string();
    let queue_writes: Vec<Call> = vec![
        ("faq/unanswered/variant", None, vec![f("id", "1"), f("faq_id", &own)]),
        ("faq/unanswered/answered", None, vec![f("id", "1"), f("faq_id", &own)]),
        ("faq/unanswered/dismiss", None, vec![f("id", "1")]),
    ];
    for (endpoint, body, form) in &queue_writes {
        let got = call_any(&anon, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "anonymous {endpoint}");
        let got = call_any(&operator, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::FORBIDDEN, json!("Forbidden")), "operator {endpoint}");
    }
    // Flagging a reply is for any staff member, never for the anonymous.
    let got = call_any(&anon, "faq/flag", &None, &[f("id", "1"), f("message_id", "1")]).await;
    assert_eq!(got, (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "anonymous faq/flag");
    assert_eq!(revision(srv).await, before, "nothing the operator tried changed the FAQ");
    // Admins may do all of it (archived before it is deleted for good).
    for (endpoint, body, form) in reads.iter().chain(&writes) {
        let (status, got) = call_any(&admin, endpoint, body, form).await;
        assert_eq!(status, StatusCode::OK, "admin {endpoint}: {got}");
    }
    assert_eq!(admin.call("faq/entry", &[("id", &own_id.to_string())]).await.0, StatusCode::NOT_FOUND);
}
on_both_databases!(access, who_may_do_what);

/// The running bot answers from an entry changed a moment ago.
async fn live_answers(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let anna = Customer { srv, tg, id: 7001, lang: "ru" };
        anna.says("Как оплатить услуги банковской картой?").await;
        let first = anna.nth(1).await;
        assert!(text(&first).contains("личном кабинете"), "{}", text(&first));
        assert_eq!(first.params["parse_mode"], "HTML");

        // The admin fixes the answer and adds a phrasing customers use.
        let pay = by_slug(srv, "pay_card").await;
        let (_, view) = admin.call("faq/entry", &[("id", &pay.id.to_string())]).await;
        let mut d = view["draft"].clone();
        d["answer"] = json!("Оплата картой — в <b>личном кабинете</b>, раздел «Оплата».");
        d["variants"].as_array_mut().unwrap().push(json!("закинуть деньги пластиком"));
        let (status, saved) = save(&admin, Some(pay.id), view["version"].as_i64().unwrap() as i32, &d).await;
        assert_eq!(status, StatusCode::OK, "{saved}");

        // "Try it" says what the bot will do (it waits for the rebuilt matcher), and the bot does it.
        let (status, tried) = admin
            .call_json("faq/try", &json!({ "text": "закинуть деньги пластиком", "editing": null, "draft": null }))
            .await;
        assert_eq!(status, StatusCode::OK, "{tried}");
        assert_eq!(tried["decision"], json!({ "Answer": { "id": pay.id } }), "{tried}");
        assert_eq!(tried["top"][0]["id"], pay.id);
        assert!(!tried["top"][0]["words"].as_array().unwrap().is_empty(), "{tried}");
        anna.says("Как оплатить услуги банковской картой?").await;
        let second = anna.nth(2).await;
        assert_eq!(text(&second), "Оплата картой — в <b>личном кабинете</b>, раздел «Оплата».");
        anna.says("закинуть деньги пластиком").await;
        let third = anna.nth(3).await;
        assert_eq!(text(&third), text(&second));
        assert_eq!(
            buttons(&third).iter().map(|(l, _)| l.as_str()).collect::<Vec<_>>(),
            vec!["👍 Помогло", "👎 Не помогло"]
        );

        // "Didn't help" hands off and counts against the entry.
        anna.taps(&button(&third, "Не помогло")).await;
        anna.nth(4).await;
        assert_eq!(anna.conversation().await.status, Status::Waiting);
        let (_, page) =
            admin.call_json("faq/list", &json!({ "query": { "q": "банковской картой", "sort": "not_helped" } })).await;
        let row = page["rows"].as_array().unwrap().iter().find(|r| r["id"] == pay.id).cloned().unwrap();
        assert_eq!((row["hits"].as_i64(), row["not_helped"].as_i64()), (Some(3), Some(1)), "{row}");
        assert_eq!(page["rows"][0]["id"], pay.id, "sorted by \"didn't help\" first");

        // A disabled entry is no longer answered.
        let (status, _) = admin.call("faq/enable", &[("id", &pay.id.to_string()), ("enabled", "false")]).await;
        assert_eq!(status, StatusCode::OK);
        let (_, tried) = admin
            .call_json("faq/try", &json!({ "text": "закинуть деньги пластиком", "editing": null, "draft": null }))
            .await;
        assert_ne!(tried["decision"], json!({ "Answer": { "id": pay.id } }), "{tried}");
        assert!(tried["top"].as_array().unwrap().iter().all(|c| c["id"] != pay.id), "{tried}");
    })
    .await;
}
on_both_databases!(live_answers);

async fn try_it_with_unsaved_text(srv: &TestServer) {
    let admin = srv.admin().await;
    let pay = by_slug(srv, "pay_card").await;
    let (_, view) = admin.call("faq/entry", &[("id", &pay.id.to_string())]).await;
    let question = "принимаете ли вы биткоины";
    let (_, before) = admin.call_json("faq/try", &json!({ "text": question, "editing": null, "draft": null })).await;
    assert_eq!(before["decision"], json!({ "Handoff": { "reason": "NoMatch" } }), "{before}");
    // The editor's unsaved text: the entry would answer it, and nothing was saved.
    let mut d = view["draft"].clone();
    d["variants"].as_array_mut().unwrap().push(json!(question));
    let (status, after) = admin.call_json("faq/try", &json!({ "text": question, "editing": pay.id, "draft": d })).await;
    assert_eq!(status, StatusCode::OK, "{after}");
    assert_eq!(after["decision"], json!({ "Answer": { "id": pay.id } }), "{after}");
    assert_eq!(after["top"][0]["draft"], true);
    assert_eq!(by_slug(srv, "pay_card").await, pay);
    // A person asked for: handed off whatever matches.
    let (_, human) =
        admin.call_json("faq/try", &json!({ "text": "позовите оператора", "editing": null, "draft": null })).await;
    assert_eq!(human["decision"], json!({ "Handoff": { "reason": "AskedForHuman" } }));
}
on_both_databases!(try_it, try_it_with_unsaved_text);

// ---------------------------------------------------------------------------------------------
// The command line, against the test server's database while it runs.

fn faq_cli(srv: &TestServer, args: &[&str]) -> (i32, String, String) {
    let dir = std::env::temp_dir().join(format!("supportbot-faqcli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = Command::new(BIN)
        .current_dir(&dir)
        .arg("faq")
        .args(args)
        .env("DATABASE_URL", srv.database_url())
        .env("NO_COLOR", "1")
        .env("RUST_LOG", "warn")
        .env_remove("TELEGRAM_BOT_TOKEN")
        .output()
        .unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

/// A file of its own (tests run in parallel in one process).
fn write(name: &str, content: &str) -> String {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let path = std::env::temp_dir().join(format!("supportbot-faq-{}-{n}-{name}", std::process::id()));
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// `server faq import` / `export` against a running server's database.
async fn cli(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        // Export: every entry, in the shared format, and importing it back changes nothing.
        let (code, csv, err) = faq_cli(srv, &["export"]);
        assert_eq!(code, 0, "{err}");
        assert!(csv.starts_with("id,question,variants,answer\n"));
        assert_eq!(csv.lines().filter(|l| l.starts_with("pay_")).count(), 3, "{csv}");
        let path = write("same.csv", &csv);
        let before = revision(srv).await;
        let (code, out, err) = faq_cli(srv, &["import", &path]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("The file has nothing new."), "{out}");
        assert_eq!(revision(srv).await, before);

        // Bad files: the line and the reason, exit 1, and nothing imported.
        let header = "id,question,variants,answer\n";
        let bad = [
            (format!("{header}a,Вопрос,,Ответ\nb,\"Открыта,,Ответ\n"), "line 3", "quote"),
            (format!("{header}a,Вопрос,,Ответ\nb,Вопрос два,Ответ\n"), "line 3", "3 columns"),
            (format!("{header}a,Вопрос,,Ответ\nb,,,Ответ\n"), "line 3", "question is empty"),
            (format!("{header}a,Вопрос,,Ответ\nb,Вопрос,,\n"), "line 3", "answer is empty"),
            (format!("{header}a,Вопрос,,Ответ\na,Снова,,Ответ\n"), "line 3", "line 2"),
            (format!("{header}a,Вопрос,,\"Многострочный\nответ\"\nb,Вопрос,,<b>не закрыт\n"), "line 4", "Telegram"),
            ("question,answer\nx,y\n".to_string(), "line 1", "id,question,variants,answer"),
        ];
        for (content, line, reason) in bad {
            let path = write("bad.csv", &content);
            let (code, out, err) = faq_cli(srv, &["import", &path, "--replace"]);
            assert_eq!(code, 1, "{content}: {out}");
            assert!(err.contains(line) && err.contains(reason), "{content}: {err}");
            assert!(err.contains("nothing was imported"), "{err}");
            assert_eq!(revision(srv).await, before, "{content}");
        }

        // A good file: one answer changed, one entry added, the rest archived (--replace).
        let mut changed = String::from(header);
        changed.push_str("pay_card,Как оплатить услуги банковской картой?,Оплата картой онлайн,\"Новый ответ, из файла\"\n");
        changed.push_str("wifi_pass,Как поменять пароль от Wi-Fi роутера?,сменить пароль вайфай | пароль от роутера,Зайдите в настройки роутера: 192.168.0.1.\n");
        let path = write("good.csv", &changed);
        let (code, out, err) = faq_cli(srv, &["import", &path, "--replace"]);
        assert_eq!(code, 0, "{err}");
        assert!(out.starts_with("Added: 1, changed: 1, archived: "), "{out}");
        assert!(out.contains("~ line 2: pay_card — "), "{out}");
        assert!(out.contains("+ line 3: wifi_pass — "), "{out}");
        let pay = by_slug(srv, "pay_card").await;
        assert_eq!((pay.answer.as_str(), pay.version), ("Новый ответ, из файла", 2));
        assert_eq!(pay.variants, "Оплата картой онлайн");
        let active = faq_entries::Entity::find()
            .filter(faq_entries::Column::State.ne(types::FaqState::Archived))
            .count(&srv.db)
            .await
            .unwrap();
        assert_eq!(active, 2);

        // The running bot answers from the imported FAQ within a second.
        let anna = Customer { srv, tg, id: 7101, lang: "ru" };
        tokio::time::sleep(Duration::from_millis(1200)).await;
        anna.says("как сменить пароль от роутера").await;
        assert_eq!(text(&anna.nth(1).await), "Зайдите в настройки роутера: 192.168.0.1.");

        // What is exported now imports back as nothing new.
        let (_, csv, _) = faq_cli(srv, &["export"]);
        assert_eq!(csv.lines().count(), 3, "{csv}");
        let out_file = write("out.csv", "");
        let (code, _, err) = faq_cli(srv, &["export", &out_file]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(std::fs::read_to_string(&out_file).unwrap(), csv);
        let (_, out, _) = faq_cli(srv, &["import", &out_file]);
        assert!(out.starts_with("The file has nothing new."), "{out}");
    })
    .await;
}
on_both_databases!(cli);

async fn import_in_the_browser_previews_then_applies(srv: &TestServer) {
    let admin = srv.admin().await;
    let csv = "id,question,variants,answer\npay_card,Как оплатить услуги банковской картой?,,Новый ответ\nnew_one,Новый вопрос,,Ответ\n";
    let before = revision(srv).await;
    let (status, preview) =
        admin.call_json("faq/import", &json!({ "csv": csv, "replace": false, "apply": false })).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    let plan = &preview["Plan"];
    assert_eq!(plan["added"][0]["slug"], "new_one");
    assert_eq!(plan["changed"][0]["fields"], json!(["variants", "answer"]));
    assert_eq!(plan["archived"], json!([]));
    assert_eq!(revision(srv).await, before, "a preview writes nothing");
    let (_, bad) = admin
        .call_json(
            "faq/import",
            &json!({ "csv": "id,question,variants,answer\nx,,,y\n", "replace": false, "apply": true }),
        )
        .await;
    assert_eq!(
        bad,
        json!({ "Refused": { "line": 2, "id": null, "problem": { "Csv": { "problem": "empty_question" } } } })
    );
    let (_, applied) = admin.call_json("faq/import", &json!({ "csv": csv, "replace": false, "apply": true })).await;
    assert_eq!(applied["Plan"]["added"].as_array().unwrap().len(), 1, "{applied}");
    assert_eq!(by_slug(srv, "new_one").await.question, "Новый вопрос");
    let import_rows =
        action_log::Entity::find().filter(action_log::Column::Action.eq("faq.import")).count(&srv.db).await.unwrap();
    // One per entry written, and one for the file.
    assert_eq!(import_rows, 3);
}
on_both_databases!(web_import, import_in_the_browser_previews_then_applies);

async fn phrasings_of_other_entries_are_flagged_and_health_finds_conflicts(srv: &TestServer) {
    let admin = srv.admin().await;
    let fee = by_slug(srv, "pay_no_fee").await;
    let mut d = draft("Можно ли отдать наличные курьеру?", "Ответ");
    d["variants"] = json!(["Как  оплатить без КОМИССИИ?", "Берёте комиссию за оплату"]);
    let (status, similar) = admin.call_json("faq/check", &json!({ "id": null, "draft": d })).await;
    assert_eq!(status, StatusCode::OK, "{similar}");
    let lines: Vec<(i64, i64, bool)> = similar
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["line"].as_i64().unwrap(), s["other"]["id"].as_i64().unwrap(), s["exact"].as_bool().unwrap()))
        .collect();
    assert!(lines.contains(&(1, fee.id, true)), "word for word another entry's question: {similar}");
    assert!(lines.contains(&(2, fee.id, false)), "close to another entry's variant: {similar}");

    // The demo FAQ is healthy; a variant copied from another entry makes a conflict.
    let (status, health) = admin.call("faq/health", &[]).await;
    assert_eq!(status, StatusCode::OK, "{health}");
    assert_eq!(health["entries"], 30);
    assert_eq!(health["conflicts"], json!([]), "{health}");
    let pay = by_slug(srv, "pay_card").await;
    let (_, view) = admin.call("faq/entry", &[("id", &pay.id.to_string())]).await;
    let mut d = view["draft"].clone();
    d["variants"].as_array_mut().unwrap().push(json!("Берёте ли вы комиссию за оплату?"));
    let (status, body) = save(&admin, Some(pay.id), view["version"].as_i64().unwrap() as i32, &d).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, health) = admin.call("faq/health", &[]).await;
    let conflicts = health["conflicts"].as_array().unwrap();
    assert!(
        conflicts.iter().any(|c| c["phrasing"] == "Берёте ли вы комиссию за оплату?"
            && [c["entry"]["id"].as_i64(), c["winner"]["id"].as_i64()].contains(&Some(pay.id))),
        "{health}"
    );
}
on_both_databases!(health, phrasings_of_other_entries_are_flagged_and_health_finds_conflicts);
