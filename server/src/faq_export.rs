//! `GET /api/faq/export.csv`: every FAQ entry but the archive, in the shared CSV format
//! (`id,question,variants,answer`, the file the import takes back), as a download for any
//! signed-in staff member; 401 for anyone else. The body is `bot::faq::import::export`, the same
//! as `server faq export` prints. Never cached: it is the business's content.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sea_orm::DatabaseConnection;

use app::auth::server::AuthSession;

pub async fn serve(db: DatabaseConnection, auth: AuthSession) -> Response {
    if auth.user.is_none() {
        return (StatusCode::UNAUTHORIZED, "sign in first").into_response();
    }
    match bot::faq::import::export(&db).await {
        Ok(csv) => (
            [
                (header::CONTENT_TYPE, HeaderValue::from_static("text/csv; charset=utf-8")),
                (header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"faq.csv\"")),
                (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            ],
            csv,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "FAQ export: database error");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
