//! Server functions of the simulator. Admins only (`as_admin`: 401 signed out, 403 operators).

use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::auth::server::as_admin;
use crate::error::ApiError;
use crate::sim::model::SimView;

/// The caller's test conversation so far.
#[server(prefix = "/api", endpoint = "sim/transcript")]
pub async fn sim_transcript() -> Result<SimView, ApiError> {
    as_admin(async |caller| crate::sim::server::transcript(&caller).await).await
}

/// The test customer (speaking `lang`: `ru` or `en`) writes `text`; answers once the bot has
/// handled it, with the conversation so far.
#[server(prefix = "/api", endpoint = "sim/send")]
pub async fn sim_send(text: String, lang: String) -> Result<SimView, ApiError> {
    as_admin(async |caller| crate::sim::server::send(&caller, bot::sim::Act::Says(text), &lang).await).await
}

/// The test customer taps a button with callback data `data`.
#[server(prefix = "/api", endpoint = "sim/tap")]
pub async fn sim_tap(data: String, lang: String) -> Result<SimView, ApiError> {
    as_admin(async |caller| crate::sim::server::send(&caller, bot::sim::Act::Taps(data), &lang).await).await
}
