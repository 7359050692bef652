//! View models of the simulator, as they cross the wire.

use serde::{Deserialize, Serialize};
pub use types::{LogAction, Sender};

/// A button under a message: tapped in the simulator (`data`) or a link (`url`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimButtonView {
    pub text: String,
    pub data: Option<String>,
    pub url: Option<String>,
}

/// An FAQ entry the bot's decision was about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhyEntry {
    pub faq_id: i64,
    pub question: String,
    pub score: Option<f32>,
}

/// A decision the bot logged about a customer message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhyView {
    pub action: LogAction,
    pub entries: Vec<WhyEntry>,
    /// The handoff's reason, the command, the button's action or callback data.
    pub detail: Option<String>,
    pub button_id: Option<i64>,
    pub stars: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimMessageView {
    pub id: i64,
    pub at: String,
    pub sender: Sender,
    pub text: String,
    /// `text` is Telegram HTML.
    pub html: bool,
    pub keyboard: Vec<Vec<SimButtonView>>,
    pub why: Vec<WhyView>,
    pub conversation_id: i64,
}

/// The test conversation so far.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct SimView {
    pub messages: Vec<SimMessageView>,
    /// The latest test conversation, for the link to the inbox.
    pub conversation_id: Option<i64>,
}
