//! A message of the history: its author, text, media and delivery; and a reply or note still on
//! its way (shown at once, with Retry and Discard when sending failed).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Conv;
use crate::faq::api::faq_flag;
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::inbox::api::inbox_retry;
use crate::inbox::context::{FULL, mounted_local, sender_code, use_inbox};
use crate::inbox::model::{AttachmentView, ButtonView, Delivery, MessageView, Sender};
use types::AttachmentKind;

#[component]
pub(super) fn MessageItem(conv: Conv, id: i64) -> impl IntoView {
    let tr = t();
    let Some(m) = conv.history.with_untracked(|h| h.get(&id).cloned()) else { return ().into_any() };
    // Times fill in once the page runs (see `mounted_local`).
    let ctx = use_inbox();
    let time = {
        let at = m.created_at.clone();
        move || mounted_local(ctx, &at, "%H:%M")
    };
    let full = {
        let at = m.created_at.clone();
        move || mounted_local(ctx, &at, FULL)
    };
    if m.sender == Sender::System {
        let text = tr.inbox.system_line(m.text.as_deref().unwrap_or_default(), m.staff_name.as_deref());
        return view! {
            <div class="msg-system" data-testid="message" data-sender="system" data-message-id=id.to_string()>
                <span>{text}</span>
                <time datetime=m.created_at.clone() title=full>{time}</time>
            </div>
        }
        .into_any();
    }
    let delivery = Memo::new(move |_| conv.history.with(|h| h.get(&id).and_then(|m| m.delivery.clone())));
    // Presses come later than the message: read live like the delivery.
    let keyboard =
        Memo::new(move |_| conv.history.with(|h| h.get(&id).map(|m| m.keyboard.clone()).unwrap_or_default()));
    let author = match m.sender {
        Sender::Customer => None,
        Sender::Bot => Some(
            view! {
                <span class="msg-author-name">{tr.inbox.sender_bot}</span>
                {m.faq.clone().map(|(_, q)| {
                    let title = q.clone();
                    view! { <span class="msg-faq" title=title>{tr.inbox.faq_prefix}" "{q}</span> }
                })}
            }
            .into_any(),
        ),
        Sender::Operator => {
            Some(view! { <span class="msg-author-name">{m.staff_name.clone().unwrap_or_default()}</span> }.into_any())
        }
        Sender::Note => Some(
            view! {
                <span class="msg-note-label">{tr.inbox.internal_note}</span>
                {m.staff_name.clone().map(|n| view! { <span class="msg-author-name">{n}</span> })}
            }
            .into_any(),
        ),
        Sender::System => None,
    };
    let retry = move |_| {
        spawn_local(async move {
            match inbox_retry(id).await {
                Ok(()) => {
                    conv.toasts.success(tr.inbox.retried.to_string());
                    conv.open.refresh_message(id, true);
                }
                Err(e) => conv.toasts.error(tr.error(&e)),
            }
        });
    };
    // Only operator replies are sent again, by those who may act on the conversation.
    let is_reply = m.sender == Sender::Operator;
    // Any staff member may send a reply to the FAQ's unanswered queue (once per view).
    let flagged = RwSignal::new(false);
    let flag = move |_| {
        let conversation = conv.id;
        spawn_local(async move {
            match faq_flag(conversation, id).await {
                Ok(()) => {
                    flagged.set(true);
                    conv.toasts.success(tr.inbox.flagged_faq.to_string());
                }
                Err(e) => conv.toasts.error(tr.error(&e)),
            }
        });
    };
    // (Not to a customer who blocked the bot: it would fail again.)
    let can_retry =
        move || is_reply && conv.data.with(|d| d.as_ref().is_some_and(|v| v.can_act && !v.customer.blocked));
    let sender = m.sender;
    view! {
        <div
            class=format!("msg msg-{} {}", sender_code(sender), if sender == Sender::Customer { "msg-in" } else { "msg-out" })
            data-testid="message"
            data-sender=sender_code(sender)
            data-message-id=id.to_string()
        >
            {author.map(|a| view! { <div class="msg-author">{a}</div> })}
            <div class="msg-bubble">
                <MessageBody m=m.clone() />
                <div class="msg-foot">
                    {(m.kind == "edited").then(|| view! { <span class="msg-edited">{tr.inbox.edited}</span> })}
                    <time datetime=m.created_at.clone() title=full>{time}</time>
                    {move || delivery.get().map(|d| delivery_view(d, can_retry(), retry))}
                    {is_reply.then(|| view! {
                        <button
                            type="button"
                            class="btn-link flag-faq-btn"
                            data-testid="flag-faq"
                            title=tr.inbox.flag_faq_hint
                            disabled=move || flagged.get()
                            on:click=flag
                        >
                            {tr.inbox.flag_faq}
                        </button>
                    })}
                </div>
            </div>
            {move || keyboard.with(|k| (!k.is_empty()).then(|| keyboard_view(k.clone())))}
        </div>
    }
    .into_any()
}

/// The buttons a bot message carried, laid out as Telegram shows them, the pressed ones marked,
/// then one line per press (the label and when).
fn keyboard_view(rows: Vec<Vec<ButtonView>>) -> impl IntoView {
    let tr = t();
    let presses: Vec<(String, String)> = {
        let mut p: Vec<(String, String)> =
            rows.iter().flatten().flat_map(|b| b.pressed.iter().map(move |at| (at.clone(), b.text.clone()))).collect();
        p.sort();
        p
    };
    view! {
        <div class="msg-keyboard" role="group" aria-label=tr.inbox.buttons_label data-testid="msg-keyboard">
            {rows
                .into_iter()
                .map(|row| {
                    view! {
                        <div class="kb-row">
                            {row
                                .into_iter()
                                .map(|b| {
                                    let pressed = !b.pressed.is_empty();
                                    let link = b.url.is_some();
                                    view! {
                                        <span
                                            class="kb-btn"
                                            class:kb-pressed=pressed
                                            class:kb-link=link
                                            title=b.url.clone().map(|u| format!("{u} — {}", tr.inbox.button_link_hint))
                                            data-testid="kb-button"
                                            data-pressed=pressed.to_string()
                                        >
                                            {pressed.then(|| view! { <span class="kb-check" aria-hidden="true">"✓ "</span> })}
                                            {b.text}
                                            {link.then(|| view! { <span class="kb-arrow" aria-hidden="true">" ↗"</span> })}
                                        </span>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                })
                .collect_view()}
            {presses
                .into_iter()
                .map(|(at, label)| {
                    let ctx = use_inbox();
                    let hm = {
                        let at = at.clone();
                        move || mounted_local(ctx, &at, "%H:%M")
                    };
                    let full = {
                        let at = at.clone();
                        move || mounted_local(ctx, &at, FULL)
                    };
                    view! {
                        <div class="kb-press" data-testid="kb-press">
                            <time datetime=at title=full>{move || (tr.inbox.button_pressed)(&label, &hm())}</time>
                        </div>
                    }
                })
                .collect_view()}
        </div>
    }
}

fn delivery_view(d: Delivery, can_retry: bool, retry: impl Fn(leptos::ev::MouseEvent) + 'static) -> AnyView {
    let tr = t();
    match d {
        Delivery::Sending { attempts, last_error } => {
            let (label, title) = if attempts > 0 {
                ((tr.inbox.delivery_retrying)(attempts), last_error.unwrap_or_default())
            } else {
                (tr.inbox.delivery_sending.to_string(), String::new())
            };
            view! { <span class="delivery delivery-sending" data-testid="delivery" data-state="sending" title=title>{label}</span> }.into_any()
        }
        Delivery::Sent => view! {
            <span class="delivery delivery-sent" data-testid="delivery" data-state="sent">
                <span aria-hidden="true">"✓ "</span>{tr.inbox.delivery_sent}
            </span>
        }
        .into_any(),
        Delivery::Failed { error } => view! {
            <span class="delivery delivery-failed" data-testid="delivery" data-state="failed" title=error>{tr.inbox.delivery_failed}</span>
            {can_retry.then(|| view! {
                <button type="button" class="btn-link retry-btn" data-testid="retry-button" on:click=retry>{tr.retry}</button>
            })}
        }
        .into_any(),
    }
}

/// The text, media and caption of a message.
#[component]
fn MessageBody(m: MessageView) -> impl IntoView {
    let tr = t();
    let url = format!("/media/{}", m.id);
    let label = (tr.inbox.kind_label)(&m.kind);
    let broken = RwSignal::new(false);
    // A customer's file: its name, type and size when Telegram said them.
    let (title, detail) = match &m.file {
        Some(f) => (
            f.name.clone().filter(|n| !n.is_empty()).unwrap_or_else(|| label.to_string()),
            file_detail(f.mime_type.as_deref(), f.size),
        ),
        None => (label.to_string(), String::new()),
    };
    let chip = {
        let url = url.clone();
        move || {
            view! {
                <a class="attachment" href=url.clone() download data-testid="attachment">
                    <Svg icon=Icon::Paperclip size=16 />
                    <span class="attachment-text">
                        <span class="attachment-label">{title.clone()}</span>
                        {(!detail.is_empty()).then(|| view! { <span class="attachment-detail">{detail.clone()}</span> })}
                    </span>
                    <span class="attachment-action">{tr.inbox.download}</span>
                </a>
            }
        }
    };
    let media = match (m.kind.as_str(), m.has_file) {
        _ if !m.files.is_empty() => Some(sent_files(&m.files).into_any()),
        (kind @ ("photo" | "sticker"), true) => {
            let class = if kind == "sticker" { "media media-sticker" } else { "media media-photo" };
            let alt = m.caption.clone().unwrap_or_else(|| label.to_string());
            let chip = chip.clone();
            Some(
                view! {
                    {move || if broken.get() {
                        chip().into_any()
                    } else {
                        view! {
                            <a class=class href=url.clone() target="_blank" rel="noopener" title=tr.inbox.open_file>
                                <img src=url.clone() alt=alt.clone() loading="lazy" decoding="async" on:error=move |_| broken.set(true) />
                            </a>
                        }
                        .into_any()
                    }}
                }
                .into_any(),
            )
        }
        ("voice" | "audio", true) => Some(
            view! {
                <audio class="media-audio" controls preload="none" src=url.clone()></audio>
                {chip()}
            }
            .into_any(),
        ),
        (_, true) => Some(chip().into_any()),
        ("location" | "venue", false) => {
            let map = m.text.as_deref().and_then(map_link);
            Some(
                view! {
                    <span class="attachment attachment-static">
                        <Svg icon=Icon::MapPin size=16 />
                        <span class="attachment-label">{label}</span>
                        {map.map(|href| view! { <a class="attachment-action" href=href target="_blank" rel="noopener">{tr.inbox.show_on_map}</a> })}
                    </span>
                }
                .into_any(),
            )
        }
        ("text" | "edited" | "note" | "event", false) => None,
        (kind, false) => Some(
            view! {
                <span class="attachment attachment-static">
                    <Svg icon=if kind == "contact" { Icon::Person } else { Icon::Paperclip } size=16 />
                    <span class="attachment-label">{label}</span>
                </span>
            }
            .into_any(),
        ),
    };
    let text = m.text.clone().filter(|t| !t.is_empty());
    view! {
        {media}
        {text.map(|t| view! { <div class="msg-text">{t}</div> })}
        {m.caption.clone().filter(|c| !c.is_empty()).map(|c| view! { <div class="msg-text msg-caption">{c}</div> })}
    }
}

/// `PDF · 48 KB`: a file's type (its subtype, short) and size, as far as known.
pub(super) fn file_detail(mime: Option<&str>, size: Option<i64>) -> String {
    let kind = mime.map(|m| {
        let sub = m.split(';').next().unwrap_or(m).rsplit('/').next().unwrap_or(m);
        match sub {
            "vnd.openxmlformats-officedocument.wordprocessingml.document" | "msword" => "DOC".to_string(),
            "vnd.openxmlformats-officedocument.spreadsheetml.sheet" | "vnd.ms-excel" => "XLS".to_string(),
            "octet-stream" => String::new(),
            s if s.len() <= 12 => s.trim_start_matches("x-").to_ascii_uppercase(),
            _ => String::new(),
        }
    });
    [kind.filter(|k| !k.is_empty()), size.filter(|s| *s > 0).map(|s| types::files::human_size(s as u64))]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · ")
}

/// An operator's files: photos as thumbnails (a grid for an album), documents as chips with
/// name, type and size; each opens from `/media/file/{id}`.
fn sent_files(files: &[AttachmentView]) -> impl IntoView {
    let tr = t();
    let photos: Vec<_> = files.iter().filter(|f| f.kind == AttachmentKind::Photo).cloned().collect();
    let docs: Vec<_> = files.iter().filter(|f| f.kind == AttachmentKind::Document).cloned().collect();
    let album = photos.len() > 1;
    view! {
        {(!photos.is_empty()).then(|| view! {
            <div class="media-album" class:multi=album data-testid="sent-photos">
                {photos.into_iter().map(|f| {
                    let url = format!("/media/file/{}", f.id);
                    view! {
                        <a class="media media-photo" href=url.clone() target="_blank" rel="noopener" title=f.name.clone() data-testid="sent-photo">
                            <img src=url.clone() alt=f.name.clone() loading="lazy" decoding="async" />
                        </a>
                    }
                }).collect_view()}
            </div>
        })}
        {docs.into_iter().map(|f| {
            let detail = file_detail(Some(&f.mime_type), Some(f.size));
            view! {
                <a class="attachment" href=format!("/media/file/{}", f.id) download=f.name.clone() data-testid="attachment">
                    <Svg icon=Icon::Paperclip size=16 />
                    <span class="attachment-text">
                        <span class="attachment-label">{f.name.clone()}</span>
                        <span class="attachment-detail">{detail}</span>
                    </span>
                    <span class="attachment-action">{tr.inbox.download}</span>
                </a>
            }
        }).collect_view()}
    }
}

/// `55.75, 37.61` → a map link.
fn map_link(text: &str) -> Option<String> {
    let (lat, lon) = text.split_once(',')?;
    let (lat, lon) = (lat.trim().parse::<f64>().ok()?, lon.trim().parse::<f64>().ok()?);
    Some(format!("https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=16/{lat}/{lon}"))
}

#[component]
pub(super) fn OutgoingItem(conv: Conv, key: String) -> impl IntoView {
    let tr = t();
    let k = key.clone();
    let out = Memo::new(move |_| conv.outgoing.with(|o| o.iter().find(|x| x.key == k).cloned()));
    let Some(first) = out.get_untracked() else { return ().into_any() };
    let sender = if first.note { Sender::Note } else { Sender::Operator };
    let (k1, k2) = (key.clone(), key.clone());
    view! {
        <div
            class=format!("msg msg-{} msg-out msg-pending", sender_code(sender))
            data-testid="message"
            data-sender=sender_code(sender)
            data-pending="true"
        >
            {first.note.then(|| view! { <div class="msg-author"><span class="msg-note-label">{tr.inbox.internal_note}</span></div> })}
            <div class="msg-bubble">
                <div class="msg-text">{first.text.clone()}</div>
                <div class="msg-foot">
                    {move || {
                        let Some(o) = out.get() else { return ().into_any() };
                        if o.sending {
                            return view! {
                                <span class="delivery delivery-sending" data-testid="delivery" data-state="sending">{tr.inbox.delivery_sending}</span>
                            }
                            .into_any();
                        }
                        let why = o.error.as_ref().map(|e| tr.error(e)).unwrap_or_default();
                        let (k1, k2) = (k1.clone(), k2.clone());
                        view! {
                            <span class="delivery delivery-failed" data-testid="delivery" data-state="failed" title=why.clone()>
                                {tr.inbox.not_sent}
                            </span>
                            <button type="button" class="btn-link retry-btn" data-testid="retry-button" on:click=move |_| conv.submit(k1.clone())>
                                {tr.retry}
                            </button>
                            <button type="button" class="btn-link discard-btn" on:click=move |_| conv.outgoing.update(|o| o.retain(|x| x.key != k2))>
                                {tr.inbox.discard}
                            </button>
                            <div class="msg-error">{why}</div>
                        }
                        .into_any()
                    }}
                </div>
            </div>
        </div>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    #[test]
    fn locations_link_to_a_map() {
        assert_eq!(
            super::map_link("55.75, 37.61").as_deref(),
            Some("https://www.openstreetmap.org/?mlat=55.75&mlon=37.61#map=16/55.75/37.61")
        );
        assert_eq!(super::map_link("Red Square"), None);
    }

    #[test]
    fn file_details_name_type_and_size() {
        assert_eq!(super::file_detail(Some("application/pdf"), Some(48 * 1024)), "PDF · 48 KB");
        assert_eq!(super::file_detail(None, Some(10)), "10 B");
        assert_eq!(super::file_detail(Some("application/octet-stream"), None), "");
        assert_eq!(
            super::file_detail(
                Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                Some(2048)
            ),
            "DOC · 2 KB"
        );
    }
}
