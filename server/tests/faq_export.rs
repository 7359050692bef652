//! `GET /api/faq/export.csv` on SQLite and PostgreSQL: signed-in staff (operators too) download
//! the FAQ in the shared CSV format, archived entries left out; anyone else gets 401.

mod support;

use entity::faq_entries;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::TestServer;

async fn staff_download_the_faq_as_csv(srv: &TestServer) {
    // Signed out: refused, and no FAQ text in the answer.
    let res = srv.client().get("/api/faq/export.csv").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(!res.text().await.unwrap().contains("pay_card"));

    let admin = srv.admin().await;
    let (operator, _) = srv.user(&admin, "olga", "operator").await;

    // The demo FAQ, as a download named faq.csv.
    let res = operator.get("/api/faq/export.csv").await;
    assert_eq!(res.status(), StatusCode::OK);
    let header = |name: &str| res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert_eq!(header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(header("content-disposition"), "attachment; filename=\"faq.csv\"");
    assert_eq!(header("cache-control"), "no-store");
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("id,question,variants,answer"), "{csv}");
    assert!(csv.contains("pay_card,Как оплатить услуги банковской картой?"), "{csv}");
    assert_eq!(csv, bot::faq::import::export(&srv.db).await.unwrap(), "the body is bot::faq::import::export");

    // An archived entry is left out.
    let id = faq_entries::Entity::find()
        .filter(faq_entries::Column::Slug.eq("pay_card"))
        .one(&srv.db)
        .await
        .unwrap()
        .expect("the demo FAQ has pay_card")
        .id;
    let (status, body) = admin.call("faq/archive", &[("id", &id.to_string()), ("archived", "true")]).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let csv = operator.get("/api/faq/export.csv").await.text().await.unwrap();
    assert!(!csv.contains("pay_card"), "{csv}");
    assert!(csv.contains("pay_no_fee,"), "{csv}");
}
on_both_databases!(staff_download, staff_download_the_faq_as_csv);
