//! Files both ways (#12, point 1): an operator's photos and documents go to Telegram by multipart
//! upload from the server (never by URL) through the outbox — photos as sendPhoto or an album
//! (sendMediaGroup), documents as sendDocument — with the caption, the delivery states, retries
//! and Retry; refused files (too big, programs, empty, too many) are named and nothing is kept;
//! who may send is checked as for a text reply; a customer's document shows its name, type and
//! size. On SQLite and PostgreSQL.

// The shared helpers include a live-event reader these tests have no use for.
#[allow(unused_imports)]
mod inbox_common;
mod support;

use std::time::Duration;

use entity::message_files;
use inbox_common::{conflict, message_update, post_update, view, wait_delivery, waiting_customer};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use support::fake_telegram::{Failure, FakeTelegram};
use support::{Backend, Client, TestServer, with_bot};

/// A small JPEG (its first bytes are what counts) that differs per `seed`.
fn jpeg(seed: &str) -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE0];
    b.extend(format!("fake-jpeg-{seed}-").repeat(40).bytes());
    b
}

fn pdf(seed: &str) -> Vec<u8> {
    format!("%PDF-1.4\n{seed}\n").repeat(50).into_bytes()
}

fn stored(name: &[u8]) -> std::path::PathBuf {
    let hex: String = Sha256::digest(name).iter().map(|b| format!("{b:02x}")).collect();
    std::path::Path::new(server::config::DATA_DIR).join("files").join(hex)
}

/// Sends a reply with files: `(name, MIME type, bytes)`.
async fn send(c: &Client, conv: i64, text: &str, key: &str, files: &[(&str, &str, Vec<u8>)]) -> (StatusCode, Value) {
    let mut form = Form::new().text("text", text.to_string()).text("client_key", key.to_string());
    for (name, mime, bytes) in files {
        form = form.part("file", Part::bytes(bytes.clone()).file_name(name.to_string()).mime_str(mime).unwrap());
    }
    let res = c.http.post(format!("{}/api/inbox/{conv}/files", c.base)).multipart(form).send().await.expect("request");
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

async fn wait_file_ids(srv: &TestServer, message: i64) -> Vec<Option<String>> {
    for _ in 0..100 {
        let rows = message_files::Entity::find()
            .filter(message_files::Column::MessageId.eq(message))
            .order_by_asc(message_files::Column::Position)
            .all(&srv.db)
            .await
            .unwrap();
        if rows.iter().all(|r| r.telegram_file_id.is_some()) {
            return rows.into_iter().map(|r| r.telegram_file_id).collect();
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("Telegram's file ids were never kept for message {message}");
}

async fn photo_and_pdf_go_by_multipart(backend: Backend) {
    with_bot(backend, async |srv: &TestServer, tg: &FakeTelegram| {
        let admin = srv.admin().await;
        let conv = waiting_customer(srv, 7_300_001).await;
        let (photo, doc) = (jpeg(&format!("{backend:?}-1")), pdf(&format!("{backend:?}-1")));
        let files = [("кот.jpg", "image/jpeg", photo.clone()), ("invoice.pdf", "application/pdf", doc.clone())];
        let (status, m) = send(&admin, conv.id, "Вот чек и фото", "f-1", &files).await;
        assert_eq!(status, StatusCode::OK, "{m}");
        assert_eq!(m["sender"], "operator");
        assert_eq!(m["caption"], "Вот чек и фото");
        assert_eq!(m["files"][0]["kind"], "photo");
        assert_eq!(m["files"][0]["name"], "кот.jpg");
        assert_eq!(m["files"][0]["mime_type"], "image/jpeg");
        assert_eq!(m["files"][0]["size"], photo.len());
        assert_eq!(m["files"][1]["kind"], "document");
        assert_eq!(m["files"][1]["name"], "invoice.pdf");
        assert_eq!(m["files"][1]["mime_type"], "application/pdf");
        let id = m["id"].as_i64().unwrap();
        // The same request again (a retried upload) is the same reply, sent once.
        let (status, again) = send(&admin, conv.id, "Вот чек и фото", "f-1", &files).await;
        assert_eq!(status, StatusCode::OK, "{again}");
        assert_eq!(again["id"], m["id"]);

        assert_eq!(wait_delivery(&admin, conv.id, id, "Sent").await, json!("Sent"));
        let photos = tg.calls_to("sendPhoto");
        assert_eq!(photos.len(), 1);
        let p = &photos[0];
        assert_eq!(p.params["chat_id"], json!(7_300_001));
        assert_eq!(p.params["caption"], "Вот чек и фото");
        assert_eq!(p.files.len(), 1, "uploaded by multipart, not by URL");
        assert_eq!(p.files[0].name, "кот.jpg");
        assert_eq!(p.files[0].bytes, photo);
        let docs = tg.calls_to("sendDocument");
        assert_eq!(docs.len(), 1);
        assert_eq!(docs[0].files[0].name, "invoice.pdf");
        assert_eq!(docs[0].files[0].bytes, doc);
        assert!(docs[0].params.get("caption").is_none(), "the caption goes once: {:?}", docs[0].params);
        // Telegram's file ids are kept; the files stay viewable by staff from local storage.
        let ids = wait_file_ids(srv, id).await;
        assert!(ids[0].as_deref().unwrap().starts_with("tg-photo-"));
        assert!(ids[1].as_deref().unwrap().starts_with("tg-doc-"));
        let file_id = m["files"][0]["id"].as_i64().unwrap();
        let res = admin.get(&format!("/media/file/{file_id}")).await;
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        assert_eq!(res.bytes().await.unwrap().to_vec(), photo);
        let doc_id = m["files"][1]["id"].as_i64().unwrap();
        let res = admin.get(&format!("/media/file/{doc_id}")).await;
        assert!(res.headers()["content-disposition"].to_str().unwrap().starts_with("attachment;"));
        assert_eq!(res.bytes().await.unwrap().to_vec(), doc);
        assert_eq!(srv.client().get(&format!("/media/file/{file_id}")).await.status(), StatusCode::UNAUTHORIZED);
        // The conversation view shows the files with the message.
        let v = view(&admin, conv.id).await;
        let shown = v["messages"].as_array().unwrap().iter().find(|x| x["id"] == json!(id)).unwrap().clone();
        assert_eq!(shown["files"].as_array().unwrap().len(), 2);
        assert_eq!(shown["delivery"], "Sent");
    })
    .await;
}
on_both_databases!(photo_and_pdf_go_by_multipart);

async fn photos_go_as_an_album_with_retries_and_retry(backend: Backend) {
    with_bot(backend, async |srv: &TestServer, tg: &FakeTelegram| {
        let admin = srv.admin().await;
        let conv = waiting_customer(srv, 7_300_002).await;
        let photos: Vec<_> = (0..3).map(|i| (format!("p{i}.jpg"), jpeg(&format!("{backend:?}-album-{i}")))).collect();
        let files: Vec<_> = photos.iter().map(|(n, b)| (n.as_str(), "image/jpeg", b.clone())).collect();
        // Telegram answers 500 once, then 429: retried (the 429 after its retry_after).
        tg.fail_next("sendMediaGroup", Failure::ServerError);
        tg.fail_next("sendMediaGroup", Failure::RetryAfter(1));
        let (status, m) = send(&admin, conv.id, "Три фото", "al-1", &files).await;
        assert_eq!(status, StatusCode::OK, "{m}");
        let id = m["id"].as_i64().unwrap();
        // (teloxide waits 10 s after a 5xx before it returns the error.)
        assert!(tg.wait_for(40, |calls| calls.iter().filter(|c| c.method == "sendMediaGroup").count() == 3).await);
        assert_eq!(wait_delivery(&admin, conv.id, id, "Sent").await, json!("Sent"));
        let calls = tg.calls_to("sendMediaGroup");
        assert_eq!(calls.len(), 3, "two failures, then the album");
        let album = &calls[2];
        let media = album.params["media"].as_array().unwrap();
        assert_eq!(media.len(), 3);
        assert!(media.iter().all(|m| m["type"] == "photo"));
        assert_eq!(media[0]["caption"], "Три фото");
        assert!(media[1].get("caption").is_none());
        assert_eq!(album.files.len(), 3);
        for (i, (name, bytes)) in photos.iter().enumerate() {
            assert_eq!(&album.files[i].name, name);
            assert_eq!(&album.files[i].bytes, bytes);
        }
        assert_eq!(tg.count("sendPhoto"), 0);
        assert_eq!(wait_file_ids(srv, id).await.len(), 3);

        // A final failure shows as failed; Retry sends it.
        tg.fail_next("sendDocument", Failure::BadRequest("Bad Request: chat not found"));
        let (status, m) =
            send(&admin, conv.id, "", "doc-1", &[("report.pdf", "application/pdf", pdf(&format!("{backend:?}-r")))])
                .await;
        assert_eq!(status, StatusCode::OK, "{m}");
        assert!(m["caption"].is_null());
        let id = m["id"].as_i64().unwrap();
        let failed = wait_delivery(&admin, conv.id, id, "Failed").await;
        assert!(failed["Failed"]["error"].as_str().unwrap().contains("chat not found"), "{failed}");
        let (status, body) = admin.call("inbox/retry", &[("message_id", &id.to_string())]).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        wait_delivery(&admin, conv.id, id, "Sent").await;
        assert_eq!(tg.count("sendDocument"), 2);
        assert_eq!(tg.calls_to("sendDocument")[1].files[0].name, "report.pdf");

        // A photo Telegram refuses as a photo (a very long screenshot) goes as a file instead.
        tg.fail_next("sendPhoto", Failure::BadRequest("Bad Request: PHOTO_INVALID_DIMENSIONS"));
        let tall = jpeg(&format!("{backend:?}-tall"));
        let (status, m) =
            send(&admin, conv.id, "Длинный скриншот", "tall-1", &[("tall.jpg", "image/jpeg", tall.clone())]).await;
        assert_eq!(status, StatusCode::OK, "{m}");
        let id = m["id"].as_i64().unwrap();
        assert_eq!(wait_delivery(&admin, conv.id, id, "Sent").await, json!("Sent"));
        let doc = tg.calls_to("sendDocument").pop().unwrap();
        assert_eq!(doc.files[0].name, "tall.jpg");
        assert_eq!(doc.files[0].bytes, tall);
        assert_eq!(doc.params["caption"], "Длинный скриншот");
    })
    .await;
}
on_both_databases!(photos_go_as_an_album_with_retries_and_retry);

async fn refused_files_are_named_and_nothing_is_kept(backend: Backend) {
    with_bot(backend, async |srv: &TestServer, tg: &FakeTelegram| {
        let admin = srv.admin().await;
        let (op, _) = srv.user(&admin, "opf", "operator").await;
        let conv = waiting_customer(srv, 7_300_003).await;
        let messages_before = entity::messages::Entity::find().count(&srv.db).await.unwrap();

        // Over 50 MB: 413, naming the file; its bytes are not kept.
        let mut big = pdf(&format!("{backend:?}-big"));
        big.resize(types::files::FILE_MAX_BYTES as usize + 1, b'x');
        let ok_photo = jpeg(&format!("{backend:?}-ok"));
        let (status, body) = send(
            &admin,
            conv.id,
            "caption",
            "big-1",
            &[("fine.jpg", "image/jpeg", ok_photo.clone()), ("huge.pdf", "application/pdf", big.clone())],
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
        assert_eq!(body["FileInvalid"]["name"], "huge.pdf");
        assert_eq!(body["FileInvalid"]["problem"], "TooBig");
        assert!(!stored(&big).exists(), "a refused file is not kept");
        assert!(!stored(&ok_photo).exists(), "nor the good files sent with it");
        // A program, an empty file, more than ten files.
        let (status, body) =
            send(&admin, conv.id, "", "exe-1", &[("setup.exe", "application/octet-stream", b"MZ..".to_vec())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["FileInvalid"], json!({ "name": "setup.exe", "problem": "Blocked" }));
        let (status, body) = send(&admin, conv.id, "", "empty-1", &[("empty.txt", "text/plain", Vec::new())]).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["FileInvalid"], json!({ "name": "empty.txt", "problem": "Empty" }));
        let many: Vec<_> = (0..11).map(|i| ("n.txt", "text/plain", format!("{i}").into_bytes())).collect();
        let (status, body) = send(&admin, conv.id, "", "many-1", &many).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(body["FileInvalid"]["problem"], "TooMany");
        assert_eq!(entity::messages::Entity::find().count(&srv.db).await.unwrap(), messages_before);
        assert_eq!(message_files::Entity::find().count(&srv.db).await.unwrap(), 0);

        // Who may send: 401 signed out; the conversation is someone else's (409), resolved
        // (409), the customer blocked the bot (409) — all before anything is uploaded.
        let file = [("a.pdf", "application/pdf", pdf("perm"))];
        let (status, _) = send(&srv.client(), conv.id, "", "anon-1", &file).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(admin.call("inbox/take", &[("id", &conv.id.to_string())]).await.0, StatusCode::OK);
        let (status, body) = send(&op, conv.id, "", "op-1", &file).await;
        assert_eq!(status, StatusCode::CONFLICT, "{body}");
        assert!(conflict(&body)["AlreadyTaken"]["by"].is_string(), "{body}");
        let (status, _) = send(&admin, 999_999, "", "nf-1", &file).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            admin.call("inbox/resolve", &[("id", &conv.id.to_string()), ("confirmed", "true")]).await.0,
            StatusCode::OK
        );
        let (status, body) = send(&admin, conv.id, "", "res-1", &file).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(conflict(&body), &json!("NotOpen"));
        assert_eq!(message_files::Entity::find().count(&srv.db).await.unwrap(), 0);
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert_eq!(tg.count("sendPhoto") + tg.count("sendDocument") + tg.count("sendMediaGroup"), 0);
    })
    .await;
}
on_both_databases!(refused_files_are_named_and_nothing_is_kept);

async fn a_customers_document_shows_name_type_and_size(backend: Backend) {
    with_bot(backend, async |srv: &TestServer, _tg: &FakeTelegram| {
        let admin = srv.admin().await;
        let user = 7_300_004;
        let conv = waiting_customer(srv, user).await;
        post_update(
            srv,
            message_update(
                user,
                json!({ "document": { "file_id": "cust-doc", "file_unique_id": "u1", "file_name": "договор.pdf",
                    "mime_type": "application/pdf", "file_size": 48213 }, "caption": "вот" }),
            ),
        )
        .await;
        for _ in 0..100 {
            let v = view(&admin, conv.id).await;
            if let Some(m) = v["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "document") {
                assert_eq!(m["has_file"], true);
                assert_eq!(m["file"], json!({ "name": "договор.pdf", "mime_type": "application/pdf", "size": 48213 }));
                assert_eq!(m["caption"], "вот");
                // Older rows (no name, type or size) show without them.
                let text = v["messages"].as_array().unwrap().iter().find(|m| m["kind"] == "text").unwrap();
                assert!(text["file"].is_null());
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the document never showed");
    })
    .await;
}
on_both_databases!(a_customers_document_shows_name_type_and_size);
