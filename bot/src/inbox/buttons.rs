//! The buttons a transcript shows under the bot's messages, and which of them the customer
//! pressed. Pure: the keyboard comes from the message's outbox payloads (what was sent), the
//! presses from the action log (`bot.button` rows: the callback data and, since they carry it,
//! the Telegram id of the message the button was under).
//!
//! A press goes to the message it was made on when the log names that message (its Telegram id
//! is one of the message's sent pieces); older rows without it go to the newest message before
//! the press whose keyboard has a button with that data — the one the customer saw last.

use chrono::{DateTime, Utc};
use entity::outbox;
use teloxide::types::{InlineKeyboardButtonKind, InlineKeyboardMarkup};

use crate::outbox::Outgoing;

/// A button as the customer saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyButton {
    pub text: String,
    /// Callback data (a press is logged with it).
    pub data: Option<String>,
    /// A link button's address (its presses are never reported to the bot).
    pub url: Option<String>,
    /// When the customer pressed it, oldest first.
    pub presses: Vec<DateTime<Utc>>,
}

/// A press of a callback button, as the action log holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Press {
    pub at: DateTime<Utc>,
    pub data: String,
    /// The Telegram id of the message the button was under, when the log has it.
    pub telegram_message_id: Option<i64>,
}

impl Press {
    /// A `bot.button` row's details: `{"data": "r:5:4", "message": 812}` (`message` since the
    /// inbox shows presses; `data` is null for a button whose data couldn't be read).
    pub fn from_log(at: DateTime<Utc>, details: &str) -> Option<Press> {
        let v: serde_json::Value = serde_json::from_str(details).ok()?;
        let data = v.get("data")?.as_str()?.to_string();
        Some(Press { at, data, telegram_message_id: v.get("message").and_then(serde_json::Value::as_i64) })
    }
}

/// The keyboard sent with an outgoing message: the one of its last piece that has one (a long
/// text's keyboard goes with its last piece).
pub fn keyboard_of(deliveries: &[outbox::Model]) -> Vec<Vec<KeyButton>> {
    let mut rows: Vec<&outbox::Model> = deliveries.iter().collect();
    rows.sort_by_key(|o| o.id);
    rows.iter()
        .rev()
        .find_map(|o| match serde_json::from_str::<Outgoing>(&o.payload) {
            Ok(Outgoing::SendMessage { reply_markup: Some(markup), .. }) => Some(buttons(&markup)),
            _ => None,
        })
        .unwrap_or_default()
}

fn buttons(markup: &InlineKeyboardMarkup) -> Vec<Vec<KeyButton>> {
    markup
        .inline_keyboard
        .iter()
        .map(|row| {
            row.iter()
                .map(|b| KeyButton {
                    text: b.text.clone(),
                    data: match &b.kind {
                        InlineKeyboardButtonKind::CallbackData(d) => Some(d.clone()),
                        _ => None,
                    },
                    url: match &b.kind {
                        InlineKeyboardButtonKind::Url(u) => Some(u.to_string()),
                        _ => None,
                    },
                    presses: Vec::new(),
                })
                .collect()
        })
        .filter(|row: &Vec<KeyButton>| !row.is_empty())
        .collect()
}

/// A message of the transcript as far as presses go.
pub struct Keyed<'a> {
    pub at: DateTime<Utc>,
    /// The Telegram ids of its sent pieces.
    pub telegram_ids: Vec<i64>,
    pub keyboard: &'a mut Vec<Vec<KeyButton>>,
}

/// Puts each press on the button it was made on (see the module's rule). `messages` are in the
/// transcript's order (oldest first); presses that match no shown message are left out (their
/// message is on an earlier page, or its keyboard was never recorded).
pub fn mark_presses(messages: &mut [Keyed<'_>], presses: &[Press]) {
    for press in presses {
        let on_message =
            press.telegram_message_id.and_then(|tg| messages.iter().position(|m| m.telegram_ids.contains(&tg)));
        let index = on_message
            .or_else(|| messages.iter().rposition(|m| m.at <= press.at && has_button(m.keyboard, &press.data)));
        let Some(i) = index else { continue };
        if let Some(button) = button_mut_of(messages[i].keyboard, &press.data) {
            button.presses.push(press.at);
            button.presses.sort();
        }
    }
}

fn has_button(keyboard: &[Vec<KeyButton>], data: &str) -> bool {
    keyboard.iter().flatten().any(|b| b.data.as_deref() == Some(data))
}

fn button_mut_of<'k>(keyboard: &'k mut [Vec<KeyButton>], data: &str) -> Option<&'k mut KeyButton> {
    keyboard.iter_mut().flatten().find(|b| b.data.as_deref() == Some(data))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    fn kb(data: &[&str]) -> Vec<Vec<KeyButton>> {
        vec![
            data.iter()
                .map(|d| KeyButton { text: d.to_uppercase(), data: Some(d.to_string()), url: None, presses: vec![] })
                .collect(),
        ]
    }

    fn pressed(k: &[Vec<KeyButton>]) -> Vec<(String, usize)> {
        k.iter().flatten().filter(|b| !b.presses.is_empty()).map(|b| (b.text.clone(), b.presses.len())).collect()
    }

    #[test]
    fn a_press_naming_its_message_goes_there_even_if_a_newer_one_has_the_same_button() {
        let (mut a, mut b) = (kb(&["m:1", "op"]), kb(&["m:1", "op"]));
        let mut msgs = [
            Keyed { at: at(0), telegram_ids: vec![10], keyboard: &mut a },
            Keyed { at: at(5), telegram_ids: vec![11], keyboard: &mut b },
        ];
        mark_presses(&mut msgs, &[Press { at: at(9), data: "m:1".into(), telegram_message_id: Some(10) }]);
        assert_eq!(pressed(&a), vec![("M:1".to_string(), 1)]);
        assert!(pressed(&b).is_empty());
    }

    #[test]
    fn without_the_message_id_the_newest_earlier_message_with_that_button_takes_it() {
        let (mut a, mut b, mut c) = (kb(&["r:5:4", "r:5:5"]), kb(&["m:1"]), kb(&["r:5:4"]));
        let mut msgs = [
            Keyed { at: at(0), telegram_ids: vec![], keyboard: &mut a },
            Keyed { at: at(5), telegram_ids: vec![], keyboard: &mut b },
            // Sent after the press: can't be the one pressed.
            Keyed { at: at(20), telegram_ids: vec![], keyboard: &mut c },
        ];
        mark_presses(
            &mut msgs,
            &[
                Press { at: at(10), data: "r:5:4".into(), telegram_message_id: None },
                Press { at: at(11), data: "r:5:4".into(), telegram_message_id: None },
                Press { at: at(12), data: "gone".into(), telegram_message_id: None },
            ],
        );
        assert_eq!(pressed(&a), vec![("R:5:4".to_string(), 2)]);
        assert!(pressed(&b).is_empty() && pressed(&c).is_empty());
    }

    #[test]
    fn a_press_on_a_message_not_shown_is_left_out() {
        let mut a = kb(&["m:1"]);
        let mut msgs = [Keyed { at: at(0), telegram_ids: vec![10], keyboard: &mut a }];
        // Names a message of an earlier page; the shown one has the same button but isn't it.
        mark_presses(&mut msgs, &[Press { at: at(3), data: "m:2".into(), telegram_message_id: Some(99) }]);
        assert!(pressed(&a).is_empty());
    }

    #[test]
    fn log_details_are_read_with_and_without_the_message() {
        let p = Press::from_log(at(0), r#"{"data":"r:5:4","message":812}"#).unwrap();
        assert_eq!((p.data.as_str(), p.telegram_message_id), ("r:5:4", Some(812)));
        let p = Press::from_log(at(0), r#"{"data":"op"}"#).unwrap();
        assert_eq!(p.telegram_message_id, None);
        assert_eq!(Press::from_log(at(0), r#"{"data":null}"#), None);
    }

    #[test]
    fn the_keyboard_is_the_last_piece_with_one() {
        let markup = InlineKeyboardMarkup::new(vec![vec![
            teloxide::types::InlineKeyboardButton::callback("★ 4", "r:5:4"),
            teloxide::types::InlineKeyboardButton::url("Site", "https://example.com".parse().unwrap()),
        ]]);
        let row = |id: i64, body: Outgoing| outbox::Model {
            id,
            chat_id: 1,
            customer_id: None,
            conversation_id: None,
            message_id: Some(1),
            method: body.method(),
            payload: serde_json::to_string(&body).unwrap(),
            status: types::OutboxStatus::Sent,
            attempts: 0,
            next_attempt_at: at(0),
            locked_until: None,
            last_error: None,
            telegram_message_id: Some(id),
            created_at: at(0),
            sent_at: None,
            tracked: false,
        };
        let text = |t: &str, k: Option<InlineKeyboardMarkup>| Outgoing::SendMessage {
            text: t.into(),
            reply_markup: k,
            html: false,
        };
        let k = keyboard_of(&[row(2, text("b", Some(markup))), row(1, text("a", None))]);
        assert_eq!(k.len(), 1);
        assert_eq!(k[0][0].data.as_deref(), Some("r:5:4"));
        assert_eq!(k[0][1].url.as_deref(), Some("https://example.com/"));
        assert!(keyboard_of(&[row(1, text("a", None))]).is_empty());
    }
}
