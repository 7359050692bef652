//! Bot → Commands end to end, on SQLite and PostgreSQL: the built-ins and custom commands listed,
//! created, saved and deleted through the server functions with versions, audit rows and
//! conflicts; every rule a command must follow refused naming its field; who may do what; and the
//! running bot: Telegram's menu of commands re-sent for the default scope, `ru` and `en` as soon as
//! a command is saved (hidden and disabled ones left out), and a custom command typed by a
//! customer answered with its text and its menu's keyboard.

mod support;

use entity::{action_log, bot_commands, menus, texts};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use support::customer::{Customer, buttons, text};
use support::fake_telegram::FakeTelegram;
use support::{Backend, Client, TestServer, with_bot};

fn draft(name: &str, description: &str, text: &str, menu_id: Option<i64>) -> Value {
    json!({
        "name": name, "description_ru": description, "description_en": "", "text_ru": text, "text_en": "",
        "menu_id": menu_id, "show_in_menu": true, "is_active": true,
    })
}

async fn create(c: &Client, draft: &Value) -> (StatusCode, Value) {
    c.call_json("commands/create", &json!({ "draft": draft })).await
}

async fn save(c: &Client, id: i64, version: i64, draft: &Value) -> (StatusCode, Value) {
    c.call_json("commands/save", &json!({ "id": id, "version": version, "draft": draft })).await
}

async fn list(c: &Client) -> Value {
    let (status, body) = c.call("commands/list", &[]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

fn by_name<'a>(list: &'a Value, name: &str) -> &'a Value {
    list["commands"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["draft"]["name"] == name)
        .unwrap_or_else(|| panic!("no /{name} in {list}"))
}

async fn menu_id(srv: &TestServer, key: &str) -> i64 {
    menus::Entity::find().filter(menus::Column::Key.eq(key)).one(&srv.db).await.unwrap().unwrap().id
}

async fn log_rows(srv: &TestServer, action: &str, id: i64) -> Vec<action_log::Model> {
    action_log::Entity::find()
        .filter(action_log::Column::Action.eq(action))
        .filter(action_log::Column::TargetKind.eq("command"))
        .filter(action_log::Column::TargetId.eq(id))
        .order_by_asc(action_log::Column::Id)
        .all(&srv.db)
        .await
        .unwrap()
}

fn details(row: &action_log::Model) -> Value {
    serde_json::from_str(&row.details).unwrap()
}

// ---------------------------------------------------------------------------------------------

async fn crud_versions_audit_and_conflicts(srv: &TestServer) {
    let admin = srv.admin().await;
    let payment = menu_id(srv, "payment").await;

    // The built-ins, with their texts in force (the defaults: no admin text yet).
    let l = list(&admin).await;
    let names: Vec<&str> =
        l["commands"].as_array().unwrap().iter().map(|c| c["draft"]["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["start", "menu", "help", "operator"]);
    let start = by_name(&l, "start");
    assert_eq!(start["builtin"], "start");
    assert!(start["draft"]["text_ru"].as_str().unwrap().contains("{name}"), "{start}");
    assert_eq!(by_name(&l, "menu")["draft"]["text_ru"], "");
    assert!(l["menus"].as_array().unwrap().iter().any(|m| m["id"] == payment));
    assert_eq!(l["menus"][0]["is_main"], true, "the main menu first");

    // Create: a custom command with an HTML answer and a menu, listed after the built-ins.
    let (status, promo) =
        create(&admin, &draft(" /Promo ", "Акции", "<b>Скидки</b> до 31 декабря", Some(payment))).await;
    assert_eq!(status, StatusCode::OK, "{promo}");
    let id = promo["id"].as_i64().unwrap();
    assert_eq!((promo["version"].clone(), promo["builtin"].clone()), (json!(1), Value::Null));
    assert_eq!(promo["draft"]["name"], "promo", "slash dropped, lowercased");
    assert_eq!(promo["updated_by"], "admin");
    let row = bot_commands::Entity::find_by_id(id).one(&srv.db).await.unwrap().unwrap();
    assert_eq!(row.response_ru.as_deref(), Some("<b>Скидки</b> до 31 декабря"));
    assert_eq!((row.menu_id, row.show_in_menu, row.is_active, row.is_builtin), (Some(payment), true, true, false));
    assert!(row.position > 3, "after the built-ins");
    let created = log_rows(srv, "command.create", id).await;
    assert_eq!(created.len(), 1);
    assert_eq!(details(&created[0])["created"]["name"], "promo");
    assert!(created[0].staff_user_id.is_some());
    let names: Vec<String> = list(&admin).await["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["draft"]["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(names, ["start", "menu", "help", "operator", "promo"]);

    // Save: a new version; the audit row holds the difference.
    let mut d = promo["draft"].clone();
    d["description_ru"] = json!("Акции и скидки");
    d["show_in_menu"] = json!(false);
    let (status, saved) = save(&admin, id, 1, &d).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    let updated = log_rows(srv, "command.update", id).await;
    assert_eq!(updated.len(), 1);
    let changes = &details(&updated[0])["changes"];
    assert_eq!(changes["description_ru"], json!(["Акции", "Акции и скидки"]));
    assert_eq!(changes["show_in_menu"], json!([true, false]));
    assert!(changes.get("text_ru").is_none(), "{changes}");

    // A save based on the old version is refused, and nothing changes.
    d["description_ru"] = json!("Старое");
    assert_eq!(
        save(&admin, id, 1, &d).await,
        (StatusCode::CONFLICT, json!({ "Conflict": { "CommandChanged": { "current": 2 } } }))
    );
    assert_eq!(log_rows(srv, "command.update", id).await.len(), 1);

    // A built-in: descriptions and text edited, hidden; its name and menu stay.
    let l = list(&admin).await;
    let start = by_name(&l, "start").clone();
    let sid = start["id"].as_i64().unwrap();
    let mut sd = start["draft"].clone();
    sd["name"] = json!("begin");
    sd["menu_id"] = json!(payment);
    sd["description_en"] = json!("Begin again");
    sd["text_ru"] = json!("Привет, {name}! Чем помочь?");
    sd["show_in_menu"] = json!(false);
    let (status, s2) = save(&admin, sid, start["version"].as_i64().unwrap(), &sd).await;
    assert_eq!(status, StatusCode::OK, "{s2}");
    assert_eq!((s2["draft"]["name"].clone(), s2["draft"]["menu_id"].clone()), (json!("start"), Value::Null));
    assert_eq!(s2["draft"]["show_in_menu"], false);
    let greeting = texts::Entity::find_by_id(("greeting".to_string(), "ru".to_string())).one(&srv.db).await.unwrap();
    assert_eq!(greeting.map(|t| t.value).as_deref(), Some("Привет, {name}! Чем помочь?"));
    // The unchanged English text is the default: no row for it.
    assert!(
        texts::Entity::find_by_id(("greeting".to_string(), "en".to_string())).one(&srv.db).await.unwrap().is_none()
    );
    let changes = &details(&log_rows(srv, "command.update", sid).await[0])["changes"];
    assert_eq!(changes["description_en"][1], "Begin again");
    assert!(changes["text_ru"][0].as_str().unwrap().starts_with("Здравствуйте"), "{changes}");
    // A built-in's text keeps to its placeholders (the Texts page's rule): /help has none.
    let help = by_name(&l, "help").clone();
    let mut hd = help["draft"].clone();
    hd["text_ru"] = json!("Справка для {name}");
    let (status, body) = save(&admin, help["id"].as_i64().unwrap(), help["version"].as_i64().unwrap(), &hd).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(
        body["CommandInvalid"][0],
        json!({ "field": "text_ru", "problem": "unknown_placeholder", "name": "name" })
    );
    // Built-ins are never deleted.
    let (status, body) = admin.call("commands/delete", &[("id", &sid.to_string())]).await;
    assert_eq!((status, body), (StatusCode::CONFLICT, json!({ "Conflict": "CommandBuiltin" })));

    // Delete a custom command: gone, audited with what it was.
    let (status, body) = admin.call("commands/delete", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(bot_commands::Entity::find_by_id(id).one(&srv.db).await.unwrap().is_none());
    let deleted = log_rows(srv, "command.delete", id).await;
    assert_eq!(details(&deleted[0])["deleted"]["description_ru"], "Акции и скидки");
    let (status, _) = admin.call("commands/delete", &[("id", &id.to_string())]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}
on_both_databases!(crud, crud_versions_audit_and_conflicts);

async fn every_rule_refused_naming_its_field(srv: &TestServer) {
    let admin = srv.admin().await;
    let (_, taken) = create(&admin, &draft("promo", "Акции", "Текст", None)).await;
    let with = |k: &str, v: Value| {
        let mut d = draft("newcmd", "Описание", "Текст", None);
        d[k] = v;
        d
    };
    let cases: Vec<(Value, &str, Value)> = vec![
        (with("name", json!("")), "name", json!("empty")),
        (with("name", json!("pro-mo")), "name", json!("name_invalid")),
        (with("name", json!("промо")), "name", json!("name_invalid")),
        (with("name", json!("a b")), "name", json!("name_invalid")),
        (with("name", json!("a".repeat(33))), "name", json!("too_long")),
        (with("name", json!("help")), "name", json!("name_reserved")),
        (with("name", json!("promo")), "name", json!("name_taken")),
        (with("description_ru", json!("")), "description_ru", json!("empty")),
        (with("description_ru", json!("д".repeat(257))), "description_ru", json!("too_long")),
        (with("description_en", json!("e".repeat(257))), "description_en", json!("too_long")),
        (with("text_ru", json!("<b>жирный")), "text_ru", json!("format")),
        (with("text_en", json!("<a>link</a>")), "text_en", json!("format")),
        (with("text_en", json!("x".repeat(4097))), "text_en", json!("too_long_formatted")),
        (with("text_ru", json!("")), "text_ru", json!("no_response")),
        (with("menu_id", json!(999_999)), "menu", json!("menu_missing")),
    ];
    for (d, field, problem) in cases {
        let (status, body) = create(&admin, &d).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        let got = &body["CommandInvalid"];
        assert_eq!(got.as_array().map(Vec::len), Some(1), "{field}: {body}");
        assert_eq!((got[0]["field"].clone(), got[0]["problem"].clone()), (json!(field), problem), "{body}");
    }
    // A hidden command needs no description; a menu alone is an answer.
    let mut d = with("description_ru", json!(""));
    d["show_in_menu"] = json!(false);
    d["text_ru"] = json!("");
    d["menu_id"] = json!(menu_id(srv, "payment").await);
    let (status, body) = create(&admin, &d).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Saves are checked the same way (here: the name another command has).
    let (status, body) = save(&admin, body["id"].as_i64().unwrap(), 1, &with("name", json!("promo"))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["CommandInvalid"][0]["problem"], "name_taken");
    // Only the two commands created and the four built-ins.
    assert_eq!(bot_commands::Entity::find().all(&srv.db).await.unwrap().len(), 6, "{taken}");
}
on_both_databases!(rules, every_rule_refused_naming_its_field);

/// An endpoint with its JSON body, or its form.
type Call = (&'static str, Option<Value>, Vec<(&'static str, String)>);

async fn only_admins(srv: &TestServer) {
    let anon = srv.client();
    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    let (_, own) = create(&admin, &draft("own", "Своя", "Текст", None)).await;
    let id = own["id"].as_i64().unwrap();
    let calls: Vec<Call> = vec![
        ("commands/list", None, vec![]),
        ("commands/create", Some(json!({ "draft": draft("another", "Другая", "Текст", None) })), vec![]),
        ("commands/save", Some(json!({ "id": id, "version": 1, "draft": own["draft"] })), vec![]),
        ("commands/delete", None, vec![("id", id.to_string())]),
    ];
    let call = async |c: &Client, endpoint: &str, body: &Option<Value>, form: &[(&str, String)]| match body {
        Some(b) => c.call_json(endpoint, b).await,
        None => c.call(endpoint, &form.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>()).await,
    };
    for (endpoint, body, form) in &calls {
        let got = call(&anon, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "anonymous {endpoint}");
        let got = call(&operator, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::FORBIDDEN, json!("Forbidden")), "operator {endpoint}");
    }
    assert_eq!(bot_commands::Entity::find().all(&srv.db).await.unwrap().len(), 5, "nothing they tried took effect");
    for (endpoint, body, form) in &calls {
        let (status, got) = call(&admin, endpoint, body, form).await;
        assert_eq!(status, StatusCode::OK, "admin {endpoint}: {got}");
    }
}
on_both_databases!(access, only_admins);

// ---------------------------------------------------------------------------------------------
// The running bot.

type Sent = support::fake_telegram::Call;

/// The commands of a setMyCommands call: `(name, description)`.
fn listed(call: &Sent) -> Vec<(String, String)> {
    call.params["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["command"].as_str().unwrap().to_string(), c["description"].as_str().unwrap().to_string()))
        .collect()
}

/// The language of a setMyCommands call ("" for the default scope).
fn language(call: &Sent) -> String {
    call.params.get("language_code").and_then(Value::as_str).unwrap_or("").to_string()
}

/// Waits for a setMyCommands call after the first `after` for each of the default scope, `ru` and
/// `en` in which `pred` holds, and returns them.
async fn synced(tg: &FakeTelegram, after: usize, pred: impl Fn(&[(String, String)]) -> bool) -> Vec<Sent> {
    let ok = tg
        .wait_for(20, |calls| {
            let sent: Vec<&Sent> = calls.iter().filter(|c| c.method == "setMyCommands").skip(after).collect();
            ["", "ru", "en"].iter().all(|l| sent.iter().any(|c| language(c) == *l && pred(&listed(c))))
        })
        .await;
    let sent: Vec<Sent> = tg.calls_to("setMyCommands").into_iter().skip(after).collect();
    assert!(
        ok,
        "setMyCommands never sent as expected: {:#?}",
        sent.iter().map(|c| (language(c), listed(c))).collect::<Vec<_>>()
    );
    sent
}

/// The last of `sent` for language `l` ("" for the default scope).
fn last_for<'a>(sent: &'a [Sent], l: &str) -> &'a Sent {
    sent.iter().rev().find(|c| language(c) == l).unwrap_or_else(|| panic!("no setMyCommands for {l:?}"))
}

async fn saving_syncs_telegram_and_the_bot_answers(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let payment = menu_id(srv, "payment").await;
        // The sync at start.
        synced(tg, 0, |c| c.len() == 4).await;
        let before = tg.count("setMyCommands");

        // A shown command with an English description, and a hidden one.
        let mut promo = draft("promo", "Акции", "<b>Скидки</b> до 31 декабря", Some(payment));
        promo["description_en"] = json!("Offers");
        promo["text_en"] = json!("<b>Discounts</b> until Dec 31");
        let (status, body) = create(&admin, &promo).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let has = |name: &str, desc: &str| {
            let (name, desc) = (name.to_string(), desc.to_string());
            move |c: &[(String, String)]| c.iter().any(|(n, d)| *n == name && *d == desc)
        };
        let sent = synced(tg, before, |c| has("promo", "Акции")(c) || has("promo", "Offers")(c)).await;
        // What Telegram keeps is the last call per language (a periodic sync that read the
        // commands just before the save may land after `before`, and is then replaced).
        for l in ["", "ru", "en"] {
            let call = last_for(&sent, l);
            let expected = if l == "en" { "Offers" } else { "Акции" };
            assert!(has("promo", expected)(&listed(call)), "{l}: {:?}", listed(call));
        }

        let mut secret = draft("secret", "Тайное", "Секретный <i>ответ</i>", None);
        secret["show_in_menu"] = json!(false);
        let before = tg.count("setMyCommands");
        let (status, secret) = create(&admin, &secret).await;
        assert_eq!(status, StatusCode::OK, "{secret}");
        // Re-sent at once, without the hidden command.
        let sent = synced(tg, before, |c| c.iter().any(|(n, _)| n == "promo")).await;
        for l in ["", "ru", "en"] {
            let call = last_for(&sent, l);
            assert!(!listed(call).iter().any(|(n, _)| n == "secret"), "{l}: {:?}", listed(call));
        }

        // A customer types the command: its text, with the menu's keyboard.
        let anna = Customer { srv, tg, id: 7001, lang: "ru" };
        anna.says("/promo").await;
        let answer = anna.nth(1).await;
        assert_eq!(text(&answer), "<b>Скидки</b> до 31 декабря");
        assert_eq!(answer.params["parse_mode"], "HTML");
        let payment_labels: Vec<String> = entity::menu_buttons::Entity::find()
            .filter(entity::menu_buttons::Column::MenuId.eq(payment))
            .all(&srv.db)
            .await
            .unwrap()
            .into_iter()
            .map(|b| b.label_ru)
            .collect();
        let labels: Vec<String> = buttons(&answer).into_iter().map(|(l, _)| l).collect();
        assert!(!payment_labels.is_empty());
        for l in &payment_labels {
            assert!(labels.contains(l), "{labels:?} lacks {l}");
        }
        // In English: the English text.
        let john = Customer { srv, tg, id: 7002, lang: "en" };
        john.says("/promo").await;
        assert_eq!(text(&john.nth(1).await), "<b>Discounts</b> until Dec 31");

        // A hidden command still works when typed.
        anna.says("/secret").await;
        assert_eq!(text(&anna.nth(2).await), "Секретный <i>ответ</i>");
        // Disabled, it answers as an unknown command, and Telegram's menu is re-sent.
        let mut d = secret["draft"].clone();
        d["is_active"] = json!(false);
        let before = tg.count("setMyCommands");
        let (status, body) = save(&admin, secret["id"].as_i64().unwrap(), 1, &d).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        synced(tg, before, |c| c.iter().any(|(n, _)| n == "promo")).await;
        anna.says("/secret").await;
        assert!(text(&anna.nth(3).await).contains("Такой команды нет"));

        // A command with a menu and no text sends the menu.
        let (status, body) = create(&admin, &draft("pay", "Оплата", "", Some(payment))).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        anna.says("/pay").await;
        let menu = anna.nth(4).await;
        assert!(!buttons(&menu).is_empty(), "{:?}", menu.params);

        // The built-in /start answers with the greeting edited on the page.
        let l = list(&admin).await;
        let start = by_name(&l, "start");
        let mut sd = start["draft"].clone();
        sd["text_ru"] = json!("Привет, {name}! Это новая версия.");
        let (status, body) = save(&admin, start["id"].as_i64().unwrap(), start["version"].as_i64().unwrap(), &sd).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        anna.says("/start").await;
        assert_eq!(text(&anna.nth(5).await), "Привет, Анна! Это новая версия.");
    })
    .await;
}
on_both_databases!(saving_syncs_telegram_and_the_bot_answers);

/// Commands that existed before the command editor: /start's and /help's own answers move to the
/// greeting and help texts (an admin's text already there wins), the built-ins keep no answer,
/// custom answers become Telegram HTML showing the same, and every command is shown, at version 1.
async fn the_migration_moves_builtin_answers_to_texts(backend: Backend) {
    use migration::{Migrator, MigratorTrait};
    use sea_orm::{ConnectionTrait, Statement};

    let test_db = support::TestDb::new(backend).await;
    let db = sea_orm::Database::connect(&test_db.url).await.unwrap();
    // Up to the menu builder: the schema the command editor found.
    Migrator::up(&db, Some(5)).await.unwrap();
    let b = db.get_database_backend();
    let p = |n: usize| if b == sea_orm::DbBackend::Postgres { format!("${n}") } else { "?".to_string() };
    let at = chrono::Utc::now();
    let commands: [(&str, bool, Option<&str>, Option<&str>); 3] = [
        ("start", true, Some("Привет, {name}!"), None),
        ("help", true, None, Some("Old help")),
        ("promo", false, Some("Tom & Jerry <3"), None),
    ];
    for (i, (name, builtin, ru, en)) in commands.into_iter().enumerate() {
        db.execute_raw(Statement::from_sql_and_values(
            b,
            format!(
                "INSERT INTO bot_commands (command, description_ru, description_en, response_ru, response_en, \
                 is_builtin, is_active, position, updated_at) VALUES ({}, 'Описание', '', {}, {}, {}, {}, {}, {})",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5),
                p(6),
                p(7)
            ),
            [
                name.into(),
                ru.map(str::to_string).into(),
                en.map(str::to_string).into(),
                builtin.into(),
                true.into(),
                (i as i32).into(),
                at.into(),
            ],
        ))
        .await
        .unwrap();
    }
    // An admin's English help text is already there: it wins over /help's old answer.
    db.execute_raw(Statement::from_sql_and_values(
        b,
        format!("INSERT INTO texts (key, language, value, updated_at) VALUES ('help', 'en', 'Admin help', {})", p(1)),
        [at.into()],
    ))
    .await
    .unwrap();
    Migrator::up(&db, None).await.unwrap();

    let text = async |key: &str, lang: &str| {
        texts::Entity::find_by_id((key.to_string(), lang.to_string())).one(&db).await.unwrap().map(|t| t.value)
    };
    assert_eq!(text("greeting", "ru").await.as_deref(), Some("Привет, {name}!"));
    assert_eq!(text("greeting", "en").await, None);
    assert_eq!(text("help", "en").await.as_deref(), Some("Admin help"));
    let rows = bot_commands::Entity::find().order_by_asc(bot_commands::Column::Position).all(&db).await.unwrap();
    for r in &rows {
        assert_eq!((r.version, r.show_in_menu, r.menu_id, r.updated_by), (1, true, None, None), "{}", r.command);
    }
    assert_eq!((rows[0].response_ru.clone(), rows[1].response_en.clone()), (None, None));
    assert_eq!(rows[2].response_ru.as_deref(), Some("Tom &amp; Jerry &lt;3"));
    // What the editor shows of /start is the moved greeting.
    let start = bot::commands::get(&db, rows[0].id).await.unwrap();
    assert_eq!(start.draft.text_ru, "Привет, {name}!");
    db.close().await.ok();
    test_db.cleanup().await;
}
on_both_databases!(the_migration_moves_builtin_answers_to_texts);

/// A change another process saved (here: written straight into the database, so nothing in this
/// process is woken) reaches Telegram's menu within `COMMANDS_CHECK`.
async fn a_change_from_another_process_reaches_telegram(backend: Backend) {
    use sea_orm::{ActiveModelTrait, Set};
    with_bot(backend, async |srv, tg| {
        synced(tg, 0, |c| c.len() == 4).await;
        let before = tg.count("setMyCommands");
        let help = bot_commands::Entity::find()
            .filter(bot_commands::Column::Command.eq("help"))
            .one(&srv.db)
            .await
            .unwrap()
            .unwrap();
        let mut am: bot_commands::ActiveModel = help.into();
        am.description_ru = Set("Справка из другого процесса".into());
        // No English one: English speakers see the Russian one too.
        am.description_en = Set(String::new());
        am.updated_at = Set(chrono::Utc::now());
        am.update(&srv.db).await.unwrap();
        let started = std::time::Instant::now();
        synced(tg, before, |c| c.iter().any(|(n, d)| n == "help" && d == "Справка из другого процесса")).await;
        assert!(started.elapsed() <= bot::telegram::COMMANDS_CHECK + std::time::Duration::from_secs(5));
    })
    .await;
}
on_both_databases!(a_change_from_another_process_reaches_telegram);
