//! The menu builder end to end, on SQLite and PostgreSQL: menus created, saved, renamed,
//! duplicated, deleted and restored through the server functions, with versions, audit rows and
//! conflicts; every rule a menu must follow refused naming its field; who may do what; and the
//! running bot sending the edited menu on the next /menu, old buttons still working, a deleted
//! target answered politely.

mod support;

use entity::{action_log, menu_buttons, menu_versions, menus};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use support::customer::{Customer, button, buttons, text};
use support::{Backend, Client, TestServer, with_bot};

fn btn(label: &str, target: Value) -> Value {
    let mut b = json!({ "id": null, "label_ru": label, "label_en": "" });
    for (k, v) in target.as_object().unwrap() {
        b[k] = v.clone();
    }
    b
}

fn draft(key: &str, title: &str, rows: Value) -> Value {
    json!({ "key": key, "title_ru": title, "title_en": "", "text_ru": format!("<b>{title}</b>:"), "text_en": "", "rows": rows })
}

async fn create(c: &Client, draft: &Value) -> (StatusCode, Value) {
    c.call_json("menus/create", &json!({ "draft": draft })).await
}

async fn save(c: &Client, id: i64, version: i64, draft: &Value) -> (StatusCode, Value) {
    c.call_json("menus/save", &json!({ "id": id, "version": version, "draft": draft })).await
}

async fn get(c: &Client, id: i64) -> (StatusCode, Value) {
    c.call("menus/get", &[("id", &id.to_string())]).await
}

async fn by_key(srv: &TestServer, key: &str) -> menus::Model {
    menus::Entity::find().filter(menus::Column::Key.eq(key)).one(&srv.db).await.unwrap().unwrap()
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

async fn versions(srv: &TestServer) -> u64 {
    menu_versions::Entity::find().count(&srv.db).await.unwrap()
}

/// The buttons' ids of a view, row by row.
fn ids(view: &Value) -> Vec<Vec<i64>> {
    view["draft"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(|b| b["id"].as_i64().unwrap()).collect())
        .collect()
}

// ---------------------------------------------------------------------------------------------

async fn tree_crud_versions_and_conflicts(srv: &TestServer) {
    let admin = srv.admin().await;
    let main = by_key(srv, "main").await;
    let payment = by_key(srv, "payment").await;

    // The demo menus as a tree: the main menu at the root, its submenus below.
    let (status, tree) = admin.call("menus/tree", &[("q", "")]).await;
    assert_eq!(status, StatusCode::OK, "{tree}");
    assert_eq!(tree["root"]["id"], main.id);
    let children: Vec<&str> =
        tree["root"]["children"].as_array().unwrap().iter().map(|c| c["key"].as_str().unwrap()).collect();
    assert_eq!(children, ["payment", "internet", "contract"]);
    assert_eq!(tree["unreachable"], json!([]));
    // Every migrated or seeded menu starts at version 1 in its history.
    let (status, history) = admin.call("menus/history", &[("id", &payment.id.to_string())]).await;
    assert_eq!(status, StatusCode::OK, "{history}");
    assert_eq!((history[0]["version"].clone(), history[0]["change"].clone()), (json!(1), json!("created")));

    // Create: a menu with a keyboard; nothing opens it yet, so it is listed apart.
    let d = draft(
        "promo",
        "Акции",
        json!([
            [
                btn("Оплата", json!({ "kind": "submenu", "menu_id": payment.id })),
                btn("Оператор", json!({ "kind": "operator" }))
            ],
            [btn("Сайт", json!({ "kind": "url", "url": "https://example.com/promo" }))],
            [btn(
                "Условия",
                json!({ "kind": "send_text", "text_ru": "<i>До 31 декабря</i>", "text_en": "Until Dec 31" })
            )],
        ]),
    );
    let (status, created) = create(&admin, &d).await;
    assert_eq!(status, StatusCode::OK, "{created}");
    let id = created["id"].as_i64().unwrap();
    assert_eq!((created["version"].clone(), created["is_main"].clone()), (json!(1), json!(false)));
    let first_ids = ids(&created);
    assert_eq!(first_ids.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1, 1]);
    assert_eq!(created["draft"]["rows"][2][0]["text_ru"], "<i>До 31 декабря</i>");
    assert_eq!(log_rows(srv, "menu.create", id).await.len(), 1);
    let (_, tree) = admin.call("menus/tree", &[("q", "")]).await;
    assert_eq!(tree["unreachable"][0]["id"], id);

    // Save: buttons reordered and moved between rows keep their ids; one dropped, one added.
    let mut d2 = created["draft"].clone();
    let rows = d2["rows"].as_array().unwrap().clone();
    let (pay, operator, site) = (rows[0][0].clone(), rows[0][1].clone(), rows[1][0].clone());
    let mut renamed_pay = pay.clone();
    renamed_pay["label_ru"] = json!("💳 Оплата");
    d2["rows"] = json!([[operator, site], [renamed_pay, btn("Главное", json!({ "kind": "main_menu" }))]]);
    d2["text_ru"] = json!("Скидки <b>недели</b>:");
    let (status, saved) = save(&admin, id, 1, &d2).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(saved["version"], 2);
    let now = ids(&saved);
    assert_eq!(now[0], [first_ids[0][1], first_ids[1][0]]);
    assert_eq!(now[1][0], first_ids[0][0], "the edited button keeps its id");
    assert!(!first_ids.concat().contains(&now[1][1]), "a new button gets a new id");
    let gone = first_ids[2][0];
    assert!(menu_buttons::Entity::find_by_id(gone).one(&srv.db).await.unwrap().is_none());

    // The audit row carries the difference.
    let updates = log_rows(srv, "menu.update", id).await;
    assert_eq!(updates.len(), 1);
    let details: Value = serde_json::from_str(&updates[0].details).unwrap();
    assert_eq!(details["changes"]["text_ru"], json!(["<b>Акции</b>:", "Скидки <b>недели</b>:"]), "{details}");
    assert!(details["changes"].get("rows").is_some(), "{details}");
    assert!(details["changes"].get("key").is_none(), "only what changed: {details}");

    // A save based on version 1 again is refused, naming the current one; nothing changes.
    let mut stale = created["draft"].clone();
    stale["title_ru"] = json!("Затёр бы чужую правку");
    assert_eq!(
        save(&admin, id, 1, &stale).await,
        (StatusCode::CONFLICT, json!({ "Conflict": { "MenuChanged": { "current": 2 } } }))
    );

    // Rename: a version of its own.
    let sid = id.to_string();
    let (status, renamed) = admin
        .call("menus/rename", &[("id", &sid), ("version", "2"), ("title_ru", "Скидки"), ("title_en", "Deals")])
        .await;
    assert_eq!(status, StatusCode::OK, "{renamed}");
    assert_eq!((renamed["version"].clone(), renamed["draft"]["title_ru"].clone()), (json!(3), json!("Скидки")));
    assert_eq!(ids(&renamed), now, "renaming keeps the buttons");
    assert_eq!(log_rows(srv, "menu.rename", id).await.len(), 1);
    let (status, _) =
        admin.call("menus/rename", &[("id", &sid), ("version", "2"), ("title_ru", "X"), ("title_en", "")]).await;
    assert_eq!(status, StatusCode::CONFLICT);

    // Duplicate: a new menu with new button ids and a free key.
    let (status, copy) = admin.call("menus/duplicate", &[("id", &sid)]).await;
    assert_eq!(status, StatusCode::OK, "{copy}");
    assert_ne!(copy["id"], id);
    assert_eq!(copy["draft"]["key"], "promo_copy");
    assert_eq!(copy["draft"]["title_ru"], "Скидки (копия)");
    assert_eq!(copy["draft"]["title_en"], "Deals (copy)");
    assert!(ids(&copy).concat().iter().all(|b| !now.concat().contains(b)));
    assert_eq!(copy["draft"]["rows"][1][0]["label_ru"], "💳 Оплата");
    let copy_id = copy["id"].as_i64().unwrap();
    assert_eq!(log_rows(srv, "menu.duplicate", copy_id).await.len(), 1);
    let (_, again) = admin.call("menus/duplicate", &[("id", &sid)]).await;
    assert_eq!(again["draft"]["key"], "promo_copy2");

    // Search by a label, with the breadcrumbs; the main menu's submenus have theirs from the root.
    let (_, found) = admin.call("menus/tree", &[("q", "КАРТОЙ оплата")]).await;
    let hit = found["hits"].as_array().unwrap().iter().find(|h| h["id"] == payment.id).cloned().expect("payment");
    assert_eq!(
        hit["path"].as_array().unwrap().iter().map(|c| c["title_ru"].clone()).collect::<Vec<_>>(),
        [json!("Главное меню"), json!("Оплата")]
    );

    // History and restore: version 1 comes back as version 4, its buttons with their ids where they
    // still exist (the dropped one gets a new id).
    let (_, history) = admin.call("menus/history", &[("id", &sid)]).await;
    let listed: Vec<(i64, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["change"].as_str().unwrap()))
        .collect();
    assert_eq!(listed, [(3, "renamed"), (2, "updated"), (1, "created")]);
    assert_eq!(history[0]["changed"], json!(["title_ru", "title_en"]));
    assert_eq!(history[1]["changed"], json!(["text_ru", "rows"]));
    let (status, reverted) = admin.call("menus/revert", &[("id", &sid), ("version", "1")]).await;
    assert_eq!(status, StatusCode::OK, "{reverted}");
    assert_eq!(reverted["version"], 4);
    assert_eq!(reverted["draft"]["title_ru"], "Акции");
    let back = ids(&reverted);
    assert_eq!(back[0], first_ids[0]);
    assert_eq!(back[1], first_ids[1]);
    assert_ne!(back[2][0], gone);
    assert_eq!(log_rows(srv, "menu.revert", id).await.len(), 1);

    // Delete: refused while buttons open it (listing them), unless confirmed; never the main menu.
    let mut with_link = reverted["draft"].clone();
    with_link["rows"]
        .as_array_mut()
        .unwrap()
        .push(json!([btn("Копия", json!({ "kind": "submenu", "menu_id": copy_id }))]));
    let (status, body) = save(&admin, id, 4, &with_link).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link_id = ids(&body)[3][0];
    // A button under an FAQ answer opens it too.
    let faq = json!({
        "slug": "", "question": "Где копия?", "variants": [], "answer": "Тут", "answer_en": "", "language": "ru",
        "category": "", "buttons": [{ "label": "Открыть", "kind": "menu", "menu_id": copy_id }], "enabled": true,
    });
    let (status, entry) = admin.call_json("faq/save", &json!({ "id": null, "version": 0, "draft": faq })).await;
    assert_eq!(status, StatusCode::OK, "{entry}");
    let (status, refused) = admin.call("menus/delete", &[("id", &copy_id.to_string()), ("confirm", "false")]).await;
    assert_eq!(status, StatusCode::CONFLICT, "{refused}");
    assert_eq!(
        refused,
        json!({ "Conflict": { "MenuInUse": { "buttons": [
            { "menu_id": id, "button_id": link_id, "faq_id": null, "owner": "Акции", "label": "Копия" },
            { "menu_id": null, "button_id": null, "faq_id": entry["id"], "owner": "Где копия?", "label": "Открыть" },
        ] } } })
    );
    let (_, view) = get(&admin, copy_id).await;
    assert_eq!(view["opened_by"][0]["button_id"], link_id);
    let (status, _) = admin.call("menus/delete", &[("id", &copy_id.to_string()), ("confirm", "true")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(get(&admin, copy_id).await.0, StatusCode::NOT_FOUND);
    assert_eq!(log_rows(srv, "menu.delete", copy_id).await.len(), 1);
    // The button stays, pointing nowhere (the bot answers it politely).
    let link = menu_buttons::Entity::find_by_id(link_id).one(&srv.db).await.unwrap().unwrap();
    assert_eq!(link.target_menu_id, Some(copy_id));
    // Its history stays too, with a last version saying it was deleted.
    let (_, history) = admin.call("menus/history", &[("id", &copy_id.to_string())]).await;
    assert_eq!(history[0]["change"], "deleted");
    assert_eq!(
        admin.call("menus/delete", &[("id", &main.id.to_string()), ("confirm", "true")]).await,
        (StatusCode::CONFLICT, json!({ "Conflict": "MenuIsMain" }))
    );
    // The menu with the dangling button can't be saved as it is: the admin is told which button.
    let (_, current) = get(&admin, id).await;
    let (status, body) = save(&admin, id, current["version"].as_i64().unwrap(), &current["draft"]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["MenuInvalid"][0],
        json!({ "field": "target", "row": 4, "button": 1, "problem": "menu_missing", "menu_id": copy_id })
    );
    assert_eq!(admin.call("menus/revert", &[("id", &sid), ("version", "99")]).await.0, StatusCode::NOT_FOUND);
}
on_both_databases!(crud, tree_crud_versions_and_conflicts);

async fn every_rule_is_refused_naming_the_field(srv: &TestServer) {
    let admin = srv.admin().await;
    let before = versions(srv).await;
    let ok = || draft("rules", "Правила", json!([[btn("Оператор", json!({ "kind": "operator" }))]]));
    let with = |k: &str, v: Value| {
        let mut d = ok();
        d[k] = v;
        d
    };
    let one = |target: Value| json!([[btn("Кнопка", target)]]);
    let op = json!({ "kind": "operator" });
    let cases: Vec<(Value, Value)> = vec![
        (with("key", json!(" ")), json!({ "field": "key", "problem": "empty" })),
        (with("key", json!("with space")), json!({ "field": "key", "problem": "key_invalid" })),
        (with("key", json!("k".repeat(65))), json!({ "field": "key", "problem": "too_long", "max": 64 })),
        (with("key", json!("main")), json!({ "field": "key", "problem": "key_taken" })),
        (with("title_ru", json!("")), json!({ "field": "title_ru", "problem": "empty" })),
        (with("title_ru", json!("т".repeat(101))), json!({ "field": "title_ru", "problem": "too_long", "max": 100 })),
        (with("title_en", json!("t".repeat(101))), json!({ "field": "title_en", "problem": "too_long", "max": 100 })),
        (
            with("text_ru", json!("<b>не закрыт")),
            json!({ "field": "text_ru", "problem": "format", "line": 1, "column": 1 }),
        ),
        (
            with("text_en", json!(format!("<b>{}</b>", "a".repeat(4097)))),
            json!({ "field": "text_en", "problem": "too_long_formatted", "length": 4097, "max": 4096 }),
        ),
        (
            with("rows", json!([[], vec![btn("x", op.clone()); 9]])),
            json!({ "field": "row", "row": 1, "problem": "row_too_long", "max": 8 }),
        ),
        (
            with("rows", json!(vec![vec![btn("x", op.clone()); 8]; 13])),
            json!({ "field": "rows", "problem": "too_many_buttons", "max": 100 }),
        ),
        (
            with("rows", json!([[btn("a", op.clone()), btn(" ", op.clone())]])),
            json!({ "field": "label_ru", "row": 1, "button": 2, "problem": "empty" }),
        ),
        (
            with("rows", json!([[btn(&"д".repeat(65), op.clone())]])),
            json!({ "field": "label_ru", "row": 1, "button": 1, "problem": "too_long", "max": 64 }),
        ),
        (
            with("rows", one(json!({ "kind": "url", "url": "javascript:alert(1)" }))),
            json!({ "field": "url", "row": 1, "button": 1, "problem": "url_invalid" }),
        ),
        (
            with("rows", one(json!({ "kind": "url", "url": "ftp://example.com" }))),
            json!({ "field": "url", "row": 1, "button": 1, "problem": "url_invalid" }),
        ),
        (
            with("rows", one(json!({ "kind": "submenu", "menu_id": 999_999 }))),
            json!({ "field": "target", "row": 1, "button": 1, "problem": "menu_missing", "menu_id": 999_999 }),
        ),
        (
            with("rows", one(json!({ "kind": "faq", "faq_id": 999_999 }))),
            json!({ "field": "target", "row": 1, "button": 1, "problem": "faq_missing", "faq_id": 999_999 }),
        ),
        (
            with("rows", one(json!({ "kind": "send_text", "text_ru": "", "text_en": "" }))),
            json!({ "field": "send_text_ru", "row": 1, "button": 1, "problem": "empty" }),
        ),
    ];
    for (d, expected) in cases {
        let (status, body) = create(&admin, &d).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{expected}: {body}");
        // Every expected key (a format error also carries its message, in English, for logs).
        let got = &body["MenuInvalid"][0];
        for (k, v) in expected.as_object().unwrap() {
            assert_eq!(&got[k], v, "{k} of {got}, expected {expected}");
        }
        let extra = if expected["problem"] == "format" { 1 } else { 0 };
        assert_eq!(got.as_object().unwrap().len(), expected.as_object().unwrap().len() + extra, "{got}");
    }
    // The same rules on save.
    let payment = by_key(srv, "payment").await;
    let (_, view) = get(&admin, payment.id).await;
    let mut d = view["draft"].clone();
    d["rows"][0][0]["label_ru"] = json!("");
    let (status, body) = save(&admin, payment.id, 1, &d).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["MenuInvalid"], json!([{ "field": "label_ru", "row": 1, "button": 1, "problem": "empty" }]));
    assert_eq!(versions(srv).await, before, "nothing refused was written");
    // At the limits it is fine: 8 a row, 96 in all, 64-character labels, a 4096-character text.
    let mut fine = ok();
    fine["rows"] = json!(vec![vec![btn(&"д".repeat(64), op.clone()); 8]; 12]);
    fine["text_ru"] = json!(format!("<b>{}</b>", "я".repeat(4096)));
    let (status, body) = create(&admin, &fine).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Unknown menus answer 404.
    assert_eq!(get(&admin, 999_999).await.0, StatusCode::NOT_FOUND);
    assert_eq!(save(&admin, 999_999, 1, &ok()).await.0, StatusCode::NOT_FOUND);
}
on_both_databases!(rules, every_rule_is_refused_naming_the_field);

/// Saves racing from one version: exactly one wins, the others are told it changed.
async fn racing_saves_one_wins(srv: &TestServer) {
    let admin = srv.admin().await;
    let payment = by_key(srv, "payment").await;
    let (_, view) = get(&admin, payment.id).await;
    let mut saves = tokio::task::JoinSet::new();
    for i in 0..4 {
        let (admin, mut d) = (admin.clone(), view["draft"].clone());
        d["text_ru"] = json!(format!("Версия {i}"));
        saves.spawn(async move { save(&admin, payment.id, 1, &d).await });
    }
    let mut statuses = Vec::new();
    while let Some(r) = saves.join_next().await {
        let (status, body) = r.unwrap();
        if status == StatusCode::CONFLICT {
            assert_eq!(body, json!({ "Conflict": { "MenuChanged": { "current": 2 } } }));
        }
        statuses.push(status);
    }
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT, StatusCode::CONFLICT, StatusCode::CONFLICT]);
    let rows = menu_versions::Entity::find()
        .filter(menu_versions::Column::MenuId.eq(payment.id))
        .count(&srv.db)
        .await
        .unwrap();
    assert_eq!(rows, 2);
}
on_both_databases!(races, racing_saves_one_wins);

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

async fn only_admins(srv: &TestServer) {
    let anon = srv.client();
    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    let (_, own) =
        create(&admin, &draft("own", "Своё", json!([[btn("Оператор", json!({ "kind": "operator" }))]]))).await;
    let id = own["id"].as_i64().unwrap().to_string();
    let s = |v: &str| v.to_string();
    let calls: Vec<Call> = vec![
        ("menus/tree", None, vec![("q", s(""))]),
        ("menus/get", None, vec![("id", id.clone())]),
        ("menus/history", None, vec![("id", id.clone())]),
        ("menus/create", Some(json!({ "draft": draft("another", "Другое", json!([])) })), vec![]),
        ("menus/save", Some(json!({ "id": own["id"], "version": 1, "draft": own["draft"] })), vec![]),
        (
            "menus/rename",
            None,
            vec![("id", id.clone()), ("version", s("2")), ("title_ru", s("Ещё")), ("title_en", s(""))],
        ),
        ("menus/revert", None, vec![("id", id.clone()), ("version", s("1"))]),
        ("menus/duplicate", None, vec![("id", id.clone())]),
        ("menus/delete", None, vec![("id", id.clone()), ("confirm", s("false"))]),
    ];
    let before = versions(srv).await;
    for (endpoint, body, form) in &calls {
        let got = call_any(&anon, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::UNAUTHORIZED, json!("Unauthorized")), "anonymous {endpoint}");
        let got = call_any(&operator, endpoint, body, form).await;
        assert_eq!(got, (StatusCode::FORBIDDEN, json!("Forbidden")), "operator {endpoint}");
    }
    assert_eq!(versions(srv).await, before, "nothing they tried changed a menu");
    for (endpoint, body, form) in &calls {
        let (status, got) = call_any(&admin, endpoint, body, form).await;
        assert_eq!(status, StatusCode::OK, "admin {endpoint}: {got}");
    }
    assert_eq!(get(&admin, own["id"].as_i64().unwrap()).await.0, StatusCode::NOT_FOUND);
}
on_both_databases!(access, only_admins);

/// The inline keyboard of a message, as Telegram got it.
fn keyboard(call: &support::fake_telegram::Call) -> Value {
    call.params["reply_markup"]["inline_keyboard"].clone()
}

/// The running bot sends the edited menu on the next /menu; old buttons keep working; a deleted
/// target answers politely with the main menu.
async fn edited_menus_reach_customers(backend: Backend) {
    with_bot(backend, async |srv, tg| {
        let admin = srv.admin().await;
        let anna = Customer { srv, tg, id: 8001, lang: "ru" };
        anna.says("/menu").await;
        let first = anna.nth(1).await;
        assert_eq!(text(&first), "Выберите тему:");
        let old_payment = button(&first, "Оплата");
        let old_operator = button(&first, "Оператор");

        // The admin reworks the main menu: new text, the operator first, payment renamed and on a
        // row of its own, a link, a text button; internet and contract left out.
        let main = by_key(srv, "main").await;
        let (_, view) = get(&admin, main.id).await;
        let rows = view["draft"]["rows"].as_array().unwrap().clone();
        let (mut pay, op) = (rows[0][0].clone(), rows[1][1].clone());
        pay["label_ru"] = json!("💳 Оплата и баланс");
        let mut d = view["draft"].clone();
        d["text_ru"] = json!("Чем <b>помочь</b>?");
        d["rows"] = json!([
            [op, btn("Тарифы", json!({ "kind": "url", "url": "https://example.com/tariffs" }))],
            [pay],
            [btn(
                "Часы работы",
                json!({ "kind": "send_text", "text_ru": "Мы работаем <b>круглосуточно</b>.", "text_en": "" })
            )],
        ]);
        let (status, saved) = save(&admin, main.id, view["version"].as_i64().unwrap(), &d).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        let main_ids = ids(&saved);

        // The next /menu is exactly the saved menu.
        anna.says("/menu").await;
        let second = anna.nth(2).await;
        assert_eq!(text(&second), "Чем <b>помочь</b>?");
        assert_eq!(second.params["parse_mode"], "HTML");
        assert_eq!(
            keyboard(&second),
            json!([
                [
                    { "text": "👤 Оператор", "callback_data": format!("b:{}", main_ids[0][0]) },
                    { "text": "Тарифы", "url": "https://example.com/tariffs" },
                ],
                [{ "text": "💳 Оплата и баланс", "callback_data": format!("b:{}", main_ids[1][0]) }],
                [{ "text": "Часы работы", "callback_data": format!("b:{}", main_ids[2][0]) }],
            ])
        );
        // Buttons already in the chat keep working: the old "Оплата" opens the payment menu.
        assert_eq!(old_payment, format!("b:{}", main_ids[1][0]));
        anna.taps(&old_payment).await;
        let payment = anna.nth(3).await;
        assert_eq!(text(&payment), "Оплата и баланс:");
        assert!(buttons(&payment).iter().any(|(l, _)| l.contains("Назад")));
        // The text button sends its text.
        anna.taps(&format!("b:{}", main_ids[2][0])).await;
        assert_eq!(text(&anna.nth(4).await), "Мы работаем <b>круглосуточно</b>.");

        // A deeper menu with its own "back" and "main menu" buttons: back returns to the menu
        // above it (payment), not to the main menu.
        let cards =
            json!([[btn("⬅️ Назад", json!({ "kind": "back" })), btn("🏠 В начало", json!({ "kind": "main_menu" }))]]);
        let (status, cards) = create(&admin, &draft("cards", "Карты", cards)).await;
        assert_eq!(status, StatusCode::OK, "{cards}");
        let pay_menu = by_key(srv, "payment").await;
        let (_, pv) = get(&admin, pay_menu.id).await;
        let mut pd = pv["draft"].clone();
        pd["rows"]
            .as_array_mut()
            .unwrap()
            .push(json!([btn("Карты", json!({ "kind": "submenu", "menu_id": cards["id"] }))]));
        let (status, pv) = save(&admin, pay_menu.id, pv["version"].as_i64().unwrap(), &pd).await;
        assert_eq!(status, StatusCode::OK, "{pv}");
        anna.taps(&format!("b:{}", ids(&pv).last().unwrap()[0])).await;
        let cards_msg = anna.nth(5).await;
        assert_eq!(text(&cards_msg), "<b>Карты</b>:");
        let (back, home) = (ids(&cards)[0][0], ids(&cards)[0][1]);
        assert_eq!(
            keyboard(&cards_msg),
            json!([[
                { "text": "⬅️ Назад", "callback_data": format!("b:{back}") },
                { "text": "🏠 В начало", "callback_data": format!("b:{home}") },
            ]]),
            "a menu with its own back button gets no second one"
        );
        anna.taps(&format!("b:{back}")).await;
        assert_eq!(text(&anna.nth(6).await), "Оплата и баланс:");
        anna.taps(&format!("b:{home}")).await;
        let home_msg = anna.nth(7).await;
        assert_eq!((text(&home_msg), keyboard(&home_msg)), (text(&second), keyboard(&second)));

        // The payment menu is deleted (confirmed): its button in the chat answers politely with
        // the main menu.
        let (status, _) = admin.call("menus/delete", &[("id", &pay_menu.id.to_string()), ("confirm", "true")]).await;
        assert_eq!(status, StatusCode::OK);
        anna.taps(&old_payment).await;
        let gone = anna.nth(8).await;
        assert!(text(&gone).contains("больше не работает"), "{}", text(&gone));
        assert!(text(&gone).ends_with("Чем <b>помочь</b>?"), "{}", text(&gone));
        assert_eq!(keyboard(&gone), keyboard(&second));
        // The operator button, moved to another row, still hands off.
        anna.taps(&old_operator).await;
        anna.nth(9).await;
        assert_eq!(anna.conversation().await.status, entity::conversations::Status::Waiting);
    })
    .await;
}
on_both_databases!(edited_menus_reach_customers);

/// Menus that existed before the menu builder: their texts become Telegram HTML showing the same,
/// and each gets version 1 with its keyboard (rows and button ids) in its history.
async fn the_migration_versions_existing_menus(backend: Backend) {
    use migration::{Migrator, MigratorTrait};
    use sea_orm::{ConnectionTrait, Statement};

    let test_db = support::TestDb::new(backend).await;
    let db = sea_orm::Database::connect(&test_db.url).await.unwrap();
    // Up to the FAQ workbench: the schema the menu builder found.
    Migrator::up(&db, Some(4)).await.unwrap();
    let b = db.get_database_backend();
    let p = |n: usize| if b == sea_orm::DbBackend::Postgres { format!("${n}") } else { "?".to_string() };
    let at = chrono::Utc::now();
    let insert_menu = |key: &str, text: &str, is_main: bool| {
        Statement::from_sql_and_values(
            b,
            format!(
                "INSERT INTO menus (key, title_ru, title_en, text_ru, text_en, is_main, created_at, updated_at) \
                 VALUES ({}, {}, 'T', {}, '', {}, {}, {})",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5),
                p(6)
            ),
            [key.into(), format!("Меню {key}").into(), text.into(), is_main.into(), at.into(), at.into()],
        )
    };
    db.execute_raw(insert_menu("main", "Tom & Jerry <3", true)).await.unwrap();
    db.execute_raw(insert_menu("sub", "", false)).await.unwrap();
    let id_of = |key: &str| {
        let (db, sql) = (&db, format!("SELECT id FROM menus WHERE key = '{key}'"));
        async move {
            db.query_one_raw(Statement::from_string(b, sql)).await.unwrap().unwrap().try_get::<i64>("", "id").unwrap()
        }
    };
    let main_id = id_of("main").await;
    let sub_id = id_of("sub").await;
    for (label, action, target, row) in
        [("Sub", "submenu", Some(sub_id), 0), ("Op", "handoff", None, 0), ("Back", "back", None, 1)]
    {
        db.execute_raw(Statement::from_sql_and_values(
            b,
            format!(
                "INSERT INTO menu_buttons (menu_id, label_ru, label_en, action, target_menu_id, row, position) \
                 VALUES ({}, {}, '', {}, {}, {}, 0)",
                p(1),
                p(2),
                p(3),
                p(4),
                p(5)
            ),
            [main_id.into(), label.into(), action.into(), target.into(), row.into()],
        ))
        .await
        .unwrap();
    }
    Migrator::up(&db, None).await.unwrap();

    let main = menus::Entity::find_by_id(main_id).one(&db).await.unwrap().unwrap();
    assert_eq!((main.text_ru.as_str(), main.version), ("Tom &amp; Jerry &lt;3", 1));
    let buttons = menu_buttons::Entity::find().all(&db).await.unwrap();
    for id in [main_id, sub_id] {
        let v = menu_versions::Entity::find().filter(menu_versions::Column::MenuId.eq(id)).all(&db).await.unwrap();
        assert_eq!(v.len(), 1);
        assert_eq!((v[0].version, v[0].change), (1, types::MenuChange::Created));
        let snap: bot::menus::Snapshot = serde_json::from_str(&v[0].snapshot).unwrap();
        let menu = menus::Entity::find_by_id(id).one(&db).await.unwrap().unwrap();
        assert_eq!(snap, bot::menus::Snapshot::of(&menu, &buttons), "{}", v[0].snapshot);
    }
    let snap: Value = serde_json::from_str(
        &menu_versions::Entity::find()
            .filter(menu_versions::Column::MenuId.eq(main_id))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .snapshot,
    )
    .unwrap();
    assert_eq!(snap["rows"][0][0]["kind"], "submenu");
    assert_eq!(snap["rows"][0][0]["menu_id"], sub_id);
    assert_eq!(snap["rows"][0][1]["kind"], "operator");
    assert_eq!(snap["rows"][1][0]["kind"], "back");
    assert_eq!(snap["is_main"], true);
    db.close().await.ok();
    test_db.cleanup().await;
}
on_both_databases!(the_migration_versions_existing_menus);
