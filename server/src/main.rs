use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    // A `.env` file is optional; real environment variables win over it.
    let _ = dotenvy::dotenv();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,tower_sessions=warn,axum_login=warn".into()),
        )
        .init();
    server::return_large_allocations_to_the_system();
    server::cli::run(std::env::args().skip(1).collect()).await
}
