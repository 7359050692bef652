//! Server functions and HTTP endpoints, end to end over HTTP, on SQLite and PostgreSQL.

mod support;

use entity::{action_log, sessions, staff_users};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};
use support::{Client, TestServer};

async fn audit_count(srv: &TestServer, action: &str) -> u64 {
    action_log::Entity::find().filter(action_log::Column::Action.eq(action)).count(&srv.db).await.unwrap()
}

async fn user_id(srv: &TestServer, username: &str) -> i64 {
    staff_users::Entity::find()
        .filter(staff_users::Column::Username.eq(username))
        .one(&srv.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

// ---------------------------------------------------------------------------------------------

async fn health_endpoints(srv: &TestServer) {
    let c = srv.client();
    let r = c.get("/healthz").await;
    assert_eq!(r.status(), StatusCode::OK);
    let r = c.get("/readyz").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.text().await.unwrap(), "ready");
}
on_both_databases!(health, health_endpoints);

/// Every server function that needs a session, with arguments that would otherwise be valid.
const USER_FNS: &[(&str, &[(&str, &str)])] = &[
    (
        "account/password",
        &[("current_password", "x"), ("new_password", "long enough pw"), ("confirm_password", "long enough pw")],
    ),
    ("account/language", &[("language", "en")]),
    ("account/display-name", &[("display_name", "Olga")]),
    ("account/telegram", &[]),
    ("account/telegram/code", &[]),
    ("account/telegram/unlink", &[]),
    ("account/telegram/prefs", &[("notify_waiting", "true"), ("wait_minutes", "5"), ("notify_assigned", "true")]),
];

/// Every admin-only server function.
const ADMIN_FNS: &[(&str, &[(&str, &str)])] = &[
    ("users/list", &[]),
    ("users/create", &[("username", "newbie"), ("display_name", "Newbie"), ("role", "operator"), ("password", "")]),
    ("users/update", &[("id", "1"), ("display_name", "Admin"), ("role", "admin")]),
    ("users/set_active", &[("id", "1"), ("active", "true")]),
    ("users/reset_password", &[("id", "999999")]),
    ("logs/audit", &[("page", "1")]),
    ("bot/connection/state", &[]),
    // Refused before Telegram is asked (not a token; no PUBLIC_URL): 422 for the admin.
    ("bot/connection/set", &[("token", "not-a-token")]),
    ("bot/connection/reregister", &[]),
    ("commands/list", &[]),
    // No such command: 404 for the admin (create and save take JSON: server/tests/commands.rs).
    ("commands/delete", &[("id", "999999")]),
    ("texts/list", &[]),
    // No such text: 404 for the admin.
    ("texts/save", &[("key", "no_such_text"), ("lang", "ru"), ("value", "x")]),
    ("settings/get", &[]),
    ("settings/impact", &[]),
    // (settings/save takes JSON: server/tests/settings.rs.)
    ("sim/transcript", &[]),
    // (sim/send and sim/tap: server/tests/simulator.rs.)
];

async fn access_matrix(srv: &TestServer) {
    let anon = srv.client();
    for (endpoint, args) in USER_FNS.iter().chain(ADMIN_FNS) {
        let (status, body) = anon.call(endpoint, args).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "anonymous {endpoint}: {body}");
        assert_eq!(body, json!("Unauthorized"));
    }
    // `me` is open to everyone and says who you are.
    assert_eq!(anon.call("auth/me", &[]).await, (StatusCode::OK, Value::Null));

    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;
    for (endpoint, args) in ADMIN_FNS {
        let (status, body) = operator.call(endpoint, args).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "operator {endpoint}: {body}");
        assert_eq!(body, json!("Forbidden"));
    }
    // Nothing the operator tried took effect.
    assert_eq!(
        staff_users::Entity::find().filter(staff_users::Column::Username.eq("newbie")).count(&srv.db).await.unwrap(),
        0
    );

    let (status, me) = operator.call("auth/me", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "operator");
    let (status, _) = operator.call("account/language", &[("language", "en")]).await;
    assert_eq!(status, StatusCode::OK, "operators manage their own settings");

    for (endpoint, args) in ADMIN_FNS {
        let (status, body) = admin.call(endpoint, args).await;
        let expected = match *endpoint {
            "users/reset_password" | "commands/delete" | "texts/save" => StatusCode::NOT_FOUND,
            "bot/connection/set" | "bot/connection/reregister" => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::OK,
        };
        assert_eq!(status, expected, "admin {endpoint}: {body}");
    }
    assert_eq!(
        staff_users::Entity::find().filter(staff_users::Column::Username.eq("newbie")).count(&srv.db).await.unwrap(),
        1
    );

    // Pages: an operator gets the "no access" page for admin areas, with status 403.
    let page =
        operator.http.get(format!("{}/users", operator.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.text().await.unwrap().contains("data-testid=\"forbidden\""));
    let page = admin.http.get(format!("{}/users", admin.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("olga"), "admin sees the users table rendered on the server");
}
on_both_databases!(access, access_matrix);

async fn login_logout_and_session_cookie(srv: &TestServer) {
    let c = srv.client();
    let res = c
        .http
        .post(format!("{}/api/auth/login", c.base))
        .form(&[("username", "ADMIN "), ("password", srv.admin_password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "usernames are case- and space-insensitive");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("sb_session="))
        .expect("session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http without PUBLIC_URL: {cookie}");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["username"], "admin");
    assert_eq!(body["role"], "admin");

    // The session lives in the database, linked to the user.
    let admin_id = user_id(srv, "admin").await;
    assert_eq!(sessions::Entity::find().filter(sessions::Column::UserId.eq(admin_id)).count(&srv.db).await.unwrap(), 1);
    assert_eq!(c.call("users/list", &[]).await.0, StatusCode::OK);

    assert_eq!(c.call("auth/logout", &[]).await.0, StatusCode::OK);
    assert_eq!(c.call("users/list", &[]).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(sessions::Entity::find().filter(sessions::Column::UserId.eq(admin_id)).count(&srv.db).await.unwrap(), 0);
    assert_eq!(audit_count(srv, "auth.login").await, 1);
    assert_eq!(audit_count(srv, "auth.logout").await, 1);

    let (status, body) = c.login("admin", "wrong password").await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, json!("InvalidCredentials")));
    let (status, body) = c.login("nobody", "wrong password").await;
    assert_eq!((status, body), (StatusCode::UNAUTHORIZED, json!("InvalidCredentials")), "unknown users look the same");
    assert_eq!(audit_count(srv, "auth.login_failed").await, 2);
}
on_both_databases!(login, login_logout_and_session_cookie);

async fn secure_cookie_behind_https(srv: &TestServer) {
    let res = srv
        .client()
        .http
        .post(format!("{}/api/auth/login", srv.base))
        .form(&[("username", "admin"), ("password", srv.admin_password.as_str())])
        .send()
        .await
        .unwrap();
    let cookie = res.headers().get("set-cookie").unwrap().to_str().unwrap().to_string();
    assert!(cookie.contains("Secure"), "{cookie}");
}

#[tokio::test]
async fn session_cookie_is_secure_when_public_url_is_https() {
    let srv = TestServer::start_with(support::Backend::Sqlite, &[("PUBLIC_URL", "https://support.example.com")]).await;
    secure_cookie_behind_https(&srv).await;
    srv.stop().await;
}

async fn login_throttle(srv: &TestServer) {
    let c = srv.client();
    for i in 0..5 {
        let (status, _) = c.login("admin", &format!("wrong-{i}")).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused, with a clear retry time, and nothing is checked.
    let (status, body) = c.login("admin", &srv.admin_password).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    let secs = body["Throttled"]["retry_after_secs"].as_u64().expect("retry_after_secs");
    assert!((800..=900).contains(&secs), "{secs}");

    // Per address: many usernames from one address.
    let other = srv.client();
    for i in 0..15 {
        let (status, _) = other.login(&format!("guess{i}"), "x").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // 5 + 15 = 20 failures from 127.0.0.1: the address is now throttled for any username.
    let (status, _) = other.login("someone-else", "x").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);

    // A different client address (through a trusted local proxy) is not affected by the address
    // limit, but the admin username stays locked.
    let proxied = |user: &'static str, pw: String| {
        let c = srv.client();
        async move {
            let res = c
                .http
                .post(format!("{}/api/auth/login", c.base))
                .header("x-forwarded-for", "198.51.100.7")
                .form(&[("username", user), ("password", pw.as_str())])
                .send()
                .await
                .unwrap();
            res.status()
        }
    };
    assert_eq!(proxied("nobody", "x".into()).await, StatusCode::UNAUTHORIZED);
    assert_eq!(proxied("admin", srv.admin_password.clone()).await, StatusCode::TOO_MANY_REQUESTS);
}
on_both_databases!(throttle, login_throttle);

async fn user_management(srv: &TestServer) {
    let admin = srv.admin().await;

    // Create with a generated password: it comes back once.
    let (status, body) = admin
        .call(
            "users/create",
            &[("username", " Ivan.P "), ("display_name", "Иван Петров"), ("role", "operator"), ("password", "")],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let row = &body[0];
    let issued = &body[1];
    assert_eq!(row["username"], "ivan.p");
    assert_eq!(row["display_name"], "Иван Петров");
    assert_eq!(row["role"], "operator");
    let password = issued["password"].as_str().unwrap().to_string();
    assert_eq!(password.chars().count(), 16);
    let ivan_id = row["id"].as_i64().unwrap();
    let ivan = srv.client();
    assert_eq!(ivan.login("ivan.p", &password).await.0, StatusCode::OK);
    // The hash is argon2id, never the password.
    let stored = staff_users::Entity::find_by_id(ivan_id).one(&srv.db).await.unwrap().unwrap();
    assert!(stored.password_hash.starts_with("$argon2id$") && !stored.password_hash.contains(&password));

    // Bad input: clear, typed errors; nothing created.
    let cases: &[(&[(&str, &str)], Value)] = &[
        (
            &[("username", "x"), ("display_name", "X"), ("role", "operator"), ("password", "")],
            json!({"Invalid": "UsernameInvalid"}),
        ),
        (
            &[("username", "ivan.p"), ("display_name", "Dup"), ("role", "operator"), ("password", "")],
            json!({"Invalid": "UsernameTaken"}),
        ),
        (
            &[("username", "kate"), ("display_name", "  "), ("role", "operator"), ("password", "")],
            json!({"Invalid": "DisplayNameInvalid"}),
        ),
        (
            &[("username", "kate"), ("display_name", "Kate"), ("role", "operator"), ("password", "short")],
            json!({"Invalid": "PasswordTooShort"}),
        ),
    ];
    for (args, expected) in cases {
        let (status, body) = admin.call("users/create", args).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{args:?}");
        assert_eq!(&body, expected);
    }
    let (status, _) = admin
        .call(
            "users/create",
            &[("username", "kate"), ("display_name", "Kate"), ("role", "superuser"), ("password", "")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "an unknown role is a malformed request");
    assert_eq!(staff_users::Entity::find().count(&srv.db).await.unwrap(), 2);

    // Edit name and role: the change applies to the live session at once.
    let id = ivan_id.to_string();
    let (status, body) =
        admin.call("users/update", &[("id", &id), ("display_name", "Ivan P."), ("role", "admin")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["role"], "admin");
    assert_eq!(ivan.call("users/list", &[]).await.0, StatusCode::OK, "promoted in place");
    let (status, _) =
        admin.call("users/update", &[("id", &id), ("display_name", "Ivan P."), ("role", "operator")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(ivan.call("users/list", &[]).await.0, StatusCode::FORBIDDEN, "demoted in place");

    // Deactivate: their sessions end at once and they can't sign in.
    let (status, body) = admin.call("users/set_active", &[("id", &id), ("active", "false")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["is_active"], false);
    assert_eq!(ivan.call("auth/me", &[]).await, (StatusCode::OK, Value::Null));
    assert_eq!(srv.client().login("ivan.p", &password).await, (StatusCode::FORBIDDEN, json!("AccountDisabled")));
    // Reactivate.
    assert_eq!(admin.call("users/set_active", &[("id", &id), ("active", "true")]).await.0, StatusCode::OK);
    let ivan = srv.client();
    assert_eq!(ivan.login("ivan.p", &password).await.0, StatusCode::OK);

    // Reset password: old one stops working, sessions end, the new one works.
    let (status, body) = admin.call("users/reset_password", &[("id", &id)]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let new_password = body["password"].as_str().unwrap().to_string();
    assert_ne!(new_password, password);
    assert_eq!(ivan.call("auth/me", &[]).await, (StatusCode::OK, Value::Null), "reset ends sessions");
    assert_eq!(srv.client().login("ivan.p", &password).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(srv.client().login("ivan.p", &new_password).await.0, StatusCode::OK);

    // Listing shows everyone with status.
    let (_, list) = admin.call("users/list", &[]).await;
    let names: Vec<_> = list.as_array().unwrap().iter().map(|u| u["username"].as_str().unwrap().to_string()).collect();
    assert_eq!(names, vec!["admin", "ivan.p"]);

    // Every action is in the audit log, attributed to the admin, with no secrets in it.
    for action in ["user.create", "user.update", "user.deactivate", "user.reactivate", "user.reset_password"] {
        let rows = action_log::Entity::find().filter(action_log::Column::Action.eq(action)).all(&srv.db).await.unwrap();
        assert!(!rows.is_empty(), "{action} logged");
        for r in rows {
            assert_eq!(r.actor_name, "admin", "{action}");
            assert!(r.at <= chrono::Utc::now());
            assert!(!r.details.contains(&password) && !r.details.contains(&new_password), "{action}: {}", r.details);
        }
    }
    let (status, log) = admin.call("logs/audit", &[("page", "1")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(log["total"].as_u64().unwrap() >= 7, "{log}");
    assert_eq!(log["rows"][0]["action"], "auth.login", "newest first");
}
on_both_databases!(users, user_management);

async fn last_admin_is_protected(srv: &TestServer) {
    let admin = srv.admin().await;
    let me = user_id(srv, "admin").await.to_string();
    assert_eq!(
        admin.call("users/update", &[("id", &me), ("display_name", "Boss"), ("role", "operator")]).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!({"Invalid": "LastAdmin"}))
    );
    assert_eq!(
        admin.call("users/set_active", &[("id", &me), ("active", "false")]).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!({"Invalid": "OwnAccount"}))
    );

    // With a second admin, each may demote the other, but not both at the same moment.
    let (second, _) = srv.user(&admin, "second", "admin").await;
    let second_id = user_id(srv, "second").await.to_string();
    let demote_second = [("id", second_id.as_str()), ("display_name", "Second"), ("role", "operator")];
    let demote_me = [("id", me.as_str()), ("display_name", "Boss"), ("role", "operator")];
    let (a, b) = tokio::join!(admin.call("users/update", &demote_second), second.call("users/update", &demote_me));
    let oks = [a.0, b.0].iter().filter(|s| **s == StatusCode::OK).count();
    assert_eq!(oks, 1, "exactly one demotion wins: {a:?} {b:?}");
    let refused = if a.0 == StatusCode::OK { b } else { a };
    // The loser is either refused as last admin or, having been demoted first, as an operator.
    assert!(refused.1 == json!({"Invalid": "LastAdmin"}) || refused.1 == json!("Forbidden"), "{refused:?}");
    let admins = staff_users::Entity::find()
        .filter(staff_users::Column::Role.eq(staff_users::Role::Admin))
        .filter(staff_users::Column::IsActive.eq(true))
        .count(&srv.db)
        .await
        .unwrap();
    assert_eq!(admins, 1);
}
on_both_databases!(last_admin, last_admin_is_protected);

async fn own_password_change_ends_other_sessions(srv: &TestServer) {
    let admin = srv.admin().await;
    let (laptop, password) = srv.user(&admin, "maria", "operator").await;
    let phone = srv.client();
    assert_eq!(phone.login("maria", &password).await.0, StatusCode::OK);

    let (status, body) = laptop
        .call(
            "account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", "a brand new pass"),
                ("confirm_password", "a brand new pass"),
            ],
        )
        .await;
    assert_eq!((status, body), (StatusCode::UNPROCESSABLE_ENTITY, json!({"Invalid": "CurrentPasswordWrong"})));
    let (_, body) = laptop
        .call(
            "account/password",
            &[
                ("current_password", &password),
                ("new_password", "a brand new pass"),
                ("confirm_password", "a brand new typo"),
            ],
        )
        .await;
    assert_eq!(body, json!({"Invalid": "PasswordsDiffer"}));
    let (_, body) = laptop
        .call(
            "account/password",
            &[("current_password", &password), ("new_password", "short"), ("confirm_password", "short")],
        )
        .await;
    assert_eq!(body, json!({"Invalid": "PasswordTooShort"}));

    let (status, body) = laptop
        .call(
            "account/password",
            &[
                ("current_password", &password),
                ("new_password", "a brand new pass"),
                ("confirm_password", "a brand new pass"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(laptop.call("auth/me", &[]).await.1["username"], "maria", "this session continues");
    assert_eq!(phone.call("auth/me", &[]).await, (StatusCode::OK, Value::Null), "the other session ended");
    assert_eq!(srv.client().login("maria", &password).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(srv.client().login("maria", "a brand new pass").await.0, StatusCode::OK);
    assert_eq!(audit_count(srv, "auth.password_changed").await, 1);
}
on_both_databases!(password_change, own_password_change_ends_other_sessions);

async fn language_setting(srv: &TestServer) {
    let admin = srv.admin().await;
    assert_eq!(
        admin.call("account/language", &[("language", "xx")]).await,
        (StatusCode::UNPROCESSABLE_ENTITY, json!({"Invalid": "LanguageInvalid"}))
    );
    let res = admin
        .http
        .post(format!("{}/api/account/language", admin.base))
        .form(&[("language", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("lang=en")));
    // The setting follows the user to a new browser: login sets the cookie, pages render in it.
    let fresh = srv.client();
    let res = fresh
        .http
        .post(format!("{}/api/auth/login", fresh.base))
        .form(&[("username", "admin"), ("password", srv.admin_password.as_str())])
        .send()
        .await
        .unwrap();
    assert!(res.headers().get_all("set-cookie").iter().any(|v| v.to_str().unwrap().starts_with("lang=en")));
    let html = fresh.get("/account").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"en\""), "rendered in English");
    // Without a cookie the browser's Accept-Language decides; Russian is the default.
    let anon = srv.client();
    let html = anon.get("/login").await.text().await.unwrap();
    assert!(html.contains("<html lang=\"ru\"") && html.contains("Войти"));
    let html = anon
        .http
        .get(format!("{}/login", anon.base))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("<html lang=\"en\"") && html.contains("Sign in"));
}
on_both_databases!(language, language_setting);

async fn cross_origin_posts_are_refused(srv: &TestServer) {
    let c = srv.client();
    let res = c
        .http
        .post(format!("{}/api/auth/login", c.base))
        .header("origin", "https://evil.example")
        .form(&[("username", "admin"), ("password", srv.admin_password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(audit_count(srv, "auth.login").await, 0, "the refused request did nothing");
    let same = c.base.trim_start_matches("http://").to_string();
    let res = c
        .http
        .post(format!("{}/api/auth/login", c.base))
        .header("origin", format!("http://{same}"))
        .form(&[("username", "admin"), ("password", srv.admin_password.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}
on_both_databases!(cross_origin, cross_origin_posts_are_refused);

async fn anonymous_pages_redirect_to_login(srv: &TestServer) {
    let c: Client = srv.client();
    let res = c.http.get(format!("{}/users", c.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers().get("location").unwrap(), "/login?next=/users");
    let res = c.http.get(format!("{}/no-such-page", c.base)).header("accept", "text/html").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
on_both_databases!(redirects, anonymous_pages_redirect_to_login);

async fn first_admin_is_created_once(srv: &TestServer) {
    // The harness already created it; a second start (or a second process) creates nothing.
    assert_eq!(app::users::service::ensure_first_admin(&srv.db).await.unwrap(), None);
    assert_eq!(audit_count(srv, "system.first_admin").await, 1);
    // Migrations are idempotent and readiness sees none pending.
    server::db::migrate(&srv.db).await.unwrap();
    assert_eq!(server::db::ready(&srv.db).await, Ok(()));
}
on_both_databases!(first_admin, first_admin_is_created_once);
