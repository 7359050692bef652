//! What an update means to the bot, read leniently from its raw JSON (pure, no I/O).

use serde_json::Value;
use types::MessageKind;

#[derive(Debug, Clone, PartialEq)]
pub struct User {
    pub id: i64,
    pub is_bot: bool,
    pub first_name: String,
    pub last_name: Option<String>,
    pub username: Option<String>,
    pub language_code: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Content {
    Text(String),
    /// Photo, document, voice, video, sticker, location, contact…: stored with kind, file and caption.
    Media {
        kind: MessageKind,
        file_id: Option<String>,
        caption: Option<String>,
        text: Option<String>,
        /// What the file is, as Telegram tells it (documents carry a name and MIME type; most
        /// media a size).
        meta: FileMeta,
    },
}

/// A customer's file's name, MIME type and size, when the update says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FileMeta {
    pub name: Option<String>,
    pub mime_type: Option<String>,
    pub size: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    Message {
        chat_id: i64,
        message_id: i64,
        from: User,
        content: Content,
        edited: bool,
    },
    Callback {
        id: String,
        from: User,
        chat_id: Option<i64>,
        data: Option<String>,
        /// The Telegram id of the message whose button was pressed (in `chat_id`).
        message_id: Option<i64>,
    },
    /// The bot's own membership in a private chat changed: "kicked" means the user blocked it.
    Membership {
        chat_id: i64,
        from: User,
        status: String,
    },
    Ignored(&'static str),
}

fn str_of(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(str::to_string)
}

fn user(v: Option<&Value>) -> Option<User> {
    let v = v?;
    Some(User {
        id: v.get("id")?.as_i64()?,
        is_bot: v.get("is_bot").and_then(Value::as_bool).unwrap_or(false),
        first_name: str_of(v, "first_name").unwrap_or_default(),
        last_name: str_of(v, "last_name"),
        username: str_of(v, "username"),
        language_code: str_of(v, "language_code"),
    })
}

/// The chat's id when it is a private chat (the bot serves customers one-to-one).
fn private_chat(v: &Value) -> Result<i64, &'static str> {
    let chat = v.get("chat").ok_or("no chat")?;
    match chat.get("type").and_then(Value::as_str) {
        Some("private") | None => chat.get("id").and_then(Value::as_i64).ok_or("no chat id"),
        Some(_) => Err("not a private chat"),
    }
}

fn content(msg: &Value) -> Option<Content> {
    if let Some(text) = msg.get("text").and_then(Value::as_str) {
        return Some(Content::Text(text.to_string()));
    }
    // Telegram names the message's field as the kind is stored.
    let kind = MessageKind::MEDIA.iter().copied().find(|k| msg.get(k.as_str()).is_some())?;
    let item = &msg[kind.as_str()];
    // Sizes come smallest first; operators want the largest.
    let file = match kind {
        MessageKind::Photo => item.as_array().and_then(|a| a.last()).unwrap_or(&Value::Null),
        _ => item,
    };
    let file_id = str_of(file, "file_id");
    let meta = FileMeta {
        name: str_of(file, "file_name").map(|n| types::files::clean_name(&n)),
        mime_type: str_of(file, "mime_type").filter(|m| m.len() <= 255),
        size: file.get("file_size").and_then(Value::as_i64),
    };
    let text = match kind {
        MessageKind::Location => Some(format!("{}, {}", item["latitude"], item["longitude"])),
        MessageKind::Venue => str_of(item, "title"),
        MessageKind::Contact => {
            let name = [str_of(item, "first_name"), str_of(item, "last_name")]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ");
            Some(format!("{name} {}", str_of(item, "phone_number").unwrap_or_default()).trim().to_string())
        }
        MessageKind::Poll => str_of(item, "question"),
        MessageKind::Dice | MessageKind::Sticker => str_of(item, "emoji"),
        _ => None,
    };
    Some(Content::Media { kind, file_id, caption: str_of(msg, "caption"), text, meta })
}

pub fn classify(update: &Value) -> Incoming {
    for (key, edited) in [("message", false), ("edited_message", true)] {
        let Some(msg) = update.get(key) else { continue };
        let chat_id = match private_chat(msg) {
            Ok(id) => id,
            Err(why) => return Incoming::Ignored(why),
        };
        let Some(from) = user(msg.get("from")) else { return Incoming::Ignored("no sender") };
        if from.is_bot {
            return Incoming::Ignored("sent by a bot");
        }
        let Some(content) = content(msg) else { return Incoming::Ignored("service message") };
        let message_id = msg.get("message_id").and_then(Value::as_i64).unwrap_or(0);
        return Incoming::Message { chat_id, message_id, from, content, edited };
    }
    if let Some(cb) = update.get("callback_query") {
        let (Some(id), Some(from)) =
            (str_of(cb, "id").or_else(|| cb.get("id").map(Value::to_string)), user(cb.get("from")))
        else {
            return Incoming::Ignored("malformed callback");
        };
        let chat_id = match cb.get("message") {
            Some(m) => match private_chat(m) {
                Ok(id) => Some(id),
                Err(_) => return Incoming::Ignored("callback outside a private chat"),
            },
            // Inline-mode messages: no chat; the bot doesn't use inline mode.
            None => None,
        };
        let message_id = cb.get("message").and_then(|m| m.get("message_id")).and_then(Value::as_i64);
        return Incoming::Callback { id, from, chat_id, data: str_of(cb, "data"), message_id };
    }
    if let Some(m) = update.get("my_chat_member") {
        let chat_id = match private_chat(m) {
            Ok(id) => id,
            Err(why) => return Incoming::Ignored(why),
        };
        let Some(from) = user(m.get("from")) else { return Incoming::Ignored("no sender") };
        let status = m.pointer("/new_chat_member/status").and_then(Value::as_str).unwrap_or("").to_string();
        return Incoming::Membership { chat_id, from, status };
    }
    Incoming::Ignored("an update kind the bot doesn't handle")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn from() -> Value {
        json!({"id": 5, "is_bot": false, "first_name": "Анна", "language_code": "ru"})
    }

    #[test]
    fn texts_media_and_edits() {
        let u = json!({"update_id": 1, "message": {"message_id": 3, "chat": {"id": 5, "type": "private"}, "from": from(), "text": "привет"}});
        assert!(
            matches!(classify(&u), Incoming::Message { chat_id: 5, message_id: 3, content: Content::Text(ref t), edited: false, .. } if t == "привет")
        );
        let u = json!({"update_id": 2, "message": {"message_id": 4, "chat": {"id": 5, "type": "private"}, "from": from(),
            "photo": [{"file_id": "small"}, {"file_id": "big"}], "caption": "чек"}});
        assert!(
            matches!(classify(&u), Incoming::Message { content: Content::Media { ref kind, file_id: Some(ref f), caption: Some(_), .. }, .. } if *kind == MessageKind::Photo && f == "big")
        );
        let u = json!({"update_id": 3, "edited_message": {"message_id": 4, "chat": {"id": 5, "type": "private"}, "from": from(), "text": "x"}});
        assert!(matches!(classify(&u), Incoming::Message { edited: true, .. }));
    }

    #[test]
    fn documents_keep_name_type_and_size() {
        let u = json!({"update_id": 4, "message": {"message_id": 5, "chat": {"id": 5, "type": "private"}, "from": from(),
            "document": {"file_id": "d1", "file_name": "../счёт.pdf", "mime_type": "application/pdf", "file_size": 48213}}});
        let Incoming::Message { content: Content::Media { meta, .. }, .. } = classify(&u) else { panic!("a document") };
        assert_eq!(
            meta,
            FileMeta {
                name: Some("счёт.pdf".into()), mime_type: Some("application/pdf".into()), size: Some(48213)
            }
        );
        let u = json!({"update_id": 5, "message": {"message_id": 6, "chat": {"id": 5, "type": "private"}, "from": from(),
            "photo": [{"file_id": "s", "file_size": 10}, {"file_id": "b", "file_size": 900}]}});
        let Incoming::Message { content: Content::Media { meta, .. }, .. } = classify(&u) else { panic!("a photo") };
        assert_eq!(meta.size, Some(900));
    }

    #[test]
    fn groups_bots_and_service_messages_are_ignored() {
        let g = json!({"update_id": 1, "message": {"message_id": 3, "chat": {"id": -5, "type": "supergroup"}, "from": from(), "text": "hi"}});
        assert_eq!(classify(&g), Incoming::Ignored("not a private chat"));
        let b = json!({"update_id": 1, "message": {"message_id": 3, "chat": {"id": 5, "type": "private"}, "from": {"id": 9, "is_bot": true, "first_name": "B"}, "text": "hi"}});
        assert_eq!(classify(&b), Incoming::Ignored("sent by a bot"));
        let s = json!({"update_id": 1, "message": {"message_id": 3, "chat": {"id": 5, "type": "private"}, "from": from(), "pinned_message": {}}});
        assert_eq!(classify(&s), Incoming::Ignored("service message"));
        assert!(matches!(classify(&json!({"update_id": 1, "poll_answer": {}})), Incoming::Ignored(_)));
    }

    #[test]
    fn callbacks_and_membership() {
        let c = json!({"update_id": 1, "callback_query": {"id": "77", "from": from(), "data": "m:1", "message": {"chat": {"id": 5, "type": "private"}}}});
        assert!(matches!(classify(&c), Incoming::Callback { chat_id: Some(5), data: Some(ref d), .. } if d == "m:1"));
        let k = json!({"update_id": 1, "my_chat_member": {"chat": {"id": 5, "type": "private"}, "from": from(), "new_chat_member": {"status": "kicked"}}});
        assert!(matches!(classify(&k), Incoming::Membership { ref status, .. } if status == "kicked"));
    }
}
