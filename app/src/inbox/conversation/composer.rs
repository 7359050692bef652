//! The composer: a reply or an internal note, Enter to send, the "/" picker of canned
//! responses, and a reply's files (the paperclip, a paste, a drop; see [`super::attach`]).

use leptos::ev::KeyboardEvent;
use leptos::prelude::*;

use super::{Conv, Outgoing};
use crate::i18n::t;
use crate::icons::{Icon, Svg};
use crate::inbox::api::inbox_take_over;
use crate::inbox::context::use_inbox;
use crate::inbox::live;
use crate::inbox::model::{CannedResponse, ConversationStatus};
use crate::inbox::validate::shortcut_at;
use crate::ui::ConfirmDialog;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Reply,
    Note,
}

#[component]
pub(super) fn Composer(conv: Conv) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let id = conv.id;
    // (may reply, status, customer blocked, who has it): notes may be left by anyone, anywhere.
    let state = Memo::new(move |_| {
        conv.data.with(|d| {
            d.as_ref().map(|v| (v.can_act || v.can_take, v.row.status, v.customer.blocked, v.row.assignee_name.clone()))
        })
    });
    let draft = RwSignal::new(ctx.drafts.with_value(|d| d.get(&id).cloned()).unwrap_or_default());
    Effect::new(move |_| {
        let text = draft.get();
        ctx.drafts.update_value(|d| {
            if text.is_empty() {
                d.remove(&id);
            } else {
                d.insert(id, text);
            }
        });
    });
    let mode = RwSignal::new(Mode::Reply);
    let input = NodeRef::<leptos::html::Textarea>::new();
    let file_input = NodeRef::<leptos::html::Input>::new();
    // Why replies are off right now (a note can still be written), and whether that is a problem
    // (the customer blocked the bot) or just the state (resolved).
    let reply_off = move || match state.get() {
        Some((_, _, true, _)) => Some((tr.inbox.customer_blocked.to_string(), false)),
        Some((_, ConversationStatus::Resolved, _, _)) => Some((tr.inbox.composer_resolved.to_string(), true)),
        // The bot has it: a reply takes it over (after a confirmation).
        Some((_, ConversationStatus::Bot, _, _)) => None,
        Some((false, _, _, name)) => Some(((tr.inbox.composer_notes_only)(name.as_deref().unwrap_or_default()), true)),
        _ => None,
    };
    let disabled = move || mode.get() == Mode::Reply && reply_off().is_some();
    // A colleague's conversation opens on notes (the only thing one may write there).
    Effect::new(move |before: Option<bool>| {
        let notes_only = state.with(|s| matches!(s, Some((false, status, _, _)) if *status != ConversationStatus::Bot && *status != ConversationStatus::Resolved));
        if notes_only && before != Some(true) {
            mode.set(Mode::Note);
        }
        notes_only
    });
    // Writing first to a customer the bot has: asked once, then taken over and sent.
    let ask_take_over = RwSignal::new(false);
    // Where the caret is (a byte index into the draft), for the "/" picker.
    let caret = RwSignal::new(usize::MAX);

    // The "/" picker.
    let picked = RwSignal::new(0usize);
    let dismissed = RwSignal::new(None::<String>);
    let matches = Memo::new(move |_| {
        let d = draft.get();
        let (_, q) = shortcut_at(&d, caret.get())?;
        if dismissed.get().as_deref() == Some(d.as_str()) || ctx.canned.with(Vec::is_empty) {
            return None;
        }
        let mut found: Vec<CannedResponse> =
            ctx.canned.with(|c| c.iter().filter(|c| c.shortcut.starts_with(&q)).cloned().collect());
        found.sort_by(|a, b| (a.shortcut != q, &a.shortcut).cmp(&(b.shortcut != q, &b.shortcut)));
        found.truncate(8);
        Some(found)
    });
    Effect::new(move |_| {
        matches.track();
        picked.set(0);
    });
    // The chosen response replaces the "/shortcut" at the caret; the caret goes after it.
    let pick = move |c: CannedResponse| {
        let d = draft.get_untracked();
        let at = caret.get_untracked().min(d.len());
        let Some((start, _)) = shortcut_at(&d, at) else { return };
        let text = format!("{}{}{}", &d[..start], c.text, &d[at..]);
        let after = start + c.text.len();
        dismissed.set(Some(text.clone()));
        draft.set(text.clone());
        caret.set(after);
        request_animation_frame(move || {
            #[cfg(feature = "hydrate")]
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
                let to = text[..after].encode_utf16().count() as u32;
                let _ = el.set_selection_range(to, to);
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = (&text, after);
        });
    };

    let attach = conv.attach;
    let with_files = move || attach.files.with(|f| !f.is_empty());
    let send = move || {
        let text = draft.get_untracked();
        if disabled() || attach.busy() {
            return;
        }
        let with_bot = state.with_untracked(|s| matches!(s, Some((_, ConversationStatus::Bot, _, _))));
        if with_bot && mode.get_untracked() == Mode::Reply && (!text.trim().is_empty() || with_files()) {
            ask_take_over.set(true);
            return;
        }
        if attach.files.with_untracked(|f| !f.is_empty()) {
            if mode.get_untracked() == Mode::Note {
                attach.problem.set(Some(tr.inbox.files_not_in_notes.to_string()));
                return;
            }
            // The text is the files' caption; both stay until the server has the reply.
            #[cfg(feature = "hydrate")]
            attach.upload(id, text.trim().to_string(), move |m| {
                conv.history.try_update(|h| {
                    h.entry(m.id).or_insert(m);
                });
                attach.clear();
                draft.set(String::new());
                conv.scroll_to_bottom();
            });
            return;
        }
        if text.trim().is_empty() {
            return;
        }
        let key = live::client_key();
        conv.outgoing.update(|o| {
            o.push(Outgoing {
                key: key.clone(),
                text: text.trim().to_string(),
                note: mode.get_untracked() == Mode::Note,
                sending: true,
                error: None,
            })
        });
        draft.set(String::new());
        conv.scroll_to_bottom();
        conv.submit(key);
    };

    let on_keydown = move |ev: KeyboardEvent| {
        let key = ev.key();
        if let Some(list) = matches.get_untracked() {
            let n = list.len();
            match key.as_str() {
                "ArrowDown" if n > 0 => {
                    ev.prevent_default();
                    picked.update(|i| *i = (*i + 1) % n);
                    return;
                }
                "ArrowUp" if n > 0 => {
                    ev.prevent_default();
                    picked.update(|i| *i = (*i + n - 1) % n);
                    return;
                }
                "Enter" | "Tab" if n > 0 && !ev.shift_key() => {
                    ev.prevent_default();
                    pick(list[picked.get_untracked().min(n - 1)].clone());
                    return;
                }
                "Escape" => {
                    ev.prevent_default();
                    dismissed.set(Some(draft.get_untracked()));
                    return;
                }
                _ => {}
            }
        }
        if key == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            send();
        }
    };

    let picker = move || {
        let list = matches.get()?;
        let options = if list.is_empty() {
            view! { <li class="picker-empty">{tr.inbox.canned_picker_empty}</li> }.into_any()
        } else {
            list.into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let chosen = move || picked.get() == i;
                    let c2 = c.clone();
                    view! {
                        <li
                            id=format!("canned-{i}")
                            role="option"
                            class="picker-item"
                            aria-selected=move || chosen().to_string()
                            on:mousedown=move |ev| {
                                ev.prevent_default();
                                pick(c2.clone());
                            }
                            on:mousemove=move |_| if picked.get_untracked() != i { picked.set(i) }
                        >
                            <span class="picker-shortcut">"/"{c.shortcut.clone()}</span>
                            <span class="picker-title">{c.title.clone()}</span>
                            <span class="picker-text">{c.text.clone()}</span>
                        </li>
                    }
                })
                .collect_view()
                .into_any()
        };
        Some(view! {
            <div class="canned-picker" data-testid="canned-picker">
                <ul role="listbox" id="canned-picker-list" aria-label=tr.inbox.canned_picker_label>{options}</ul>
                <div class="picker-hint">{tr.inbox.canned_picker_hint}</div>
            </div>
        })
    };

    let shown = Memo::new(move |_| state.with(Option::is_some));
    let status = move || state.with(|s| s.as_ref().map(|(_, status, _, _)| *status));
    move || {
        if !shown.get() {
            return None;
        }
        let hint = move || match (mode.get(), status()) {
            (Mode::Reply, Some(ConversationStatus::Waiting)) => tr.inbox.composer_takes_hint,
            (Mode::Reply, Some(ConversationStatus::Bot)) => tr.inbox.composer_takes_over_hint,
            _ => tr.inbox.composer_keys_hint,
        };
        // Where the caret is, whenever it may have moved.
        let track_caret = move || {
            #[cfg(feature = "hydrate")]
            if let Some(el) = input.get_untracked()
                && let Ok(Some(at)) = el.selection_start()
            {
                caret.set(crate::inbox::validate::byte_index(&el.value(), at as usize));
            }
        };
        Some(view! {
            <form
                class="composer"
                class:note=move || mode.get() == Mode::Note
                on:submit=move |ev| {
                    ev.prevent_default();
                    send();
                }
            >
                <div class="composer-top">
                    <div class="segmented" role="group" aria-label=tr.inbox.mode_label>
                        <button type="button" aria-pressed=move || (mode.get() == Mode::Reply).to_string() data-testid="composer-mode-reply" on:click=move |_| mode.set(Mode::Reply)>
                            {tr.inbox.mode_reply}
                        </button>
                        <button type="button" aria-pressed=move || (mode.get() == Mode::Note).to_string() data-testid="composer-mode-note" on:click=move |_| mode.set(Mode::Note)>
                            {tr.inbox.mode_note}
                        </button>
                    </div>
                    <span class="composer-hint">{hint}</span>
                </div>
                {move || {
                    (mode.get() == Mode::Reply).then(reply_off).flatten().map(|(why, info)| view! {
                        <div class="composer-blocked" class:info=info data-testid="composer-blocked">{why}</div>
                    })
                }}
                {move || attach.problem.get().map(|p| view! {
                    <div class="composer-problem" role="alert" data-testid="attach-problem">{p}</div>
                })}
                {move || with_files().then(|| view! { <Chips attach /> })}
                {move || attach.progress.get().map(|p| view! {
                    <div class="upload-progress" data-testid="upload-progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=p.to_string()>
                        <div class="upload-bar" style=format!("width: {p}%")></div>
                        <span>{(tr.inbox.uploading)(p)}</span>
                    </div>
                })}
                <div class="composer-box">
                    {picker}
                    <label class="sr-only" for="composer-input">{tr.inbox.composer_label}</label>
                    <textarea
                        id="composer-input"
                        class="form-control composer-input"
                        data-testid="composer-input"
                        rows="2"
                        node_ref=input
                        placeholder=move || if mode.get() == Mode::Note { tr.inbox.composer_note_placeholder } else if with_files() { tr.inbox.caption_placeholder } else { tr.inbox.composer_reply_placeholder }
                        disabled=disabled
                        aria-autocomplete="list"
                        aria-controls="canned-picker-list"
                        aria-expanded=move || matches.with(Option::is_some).to_string()
                        aria-activedescendant=move || matches.with(|m| m.as_ref().is_some_and(|l| !l.is_empty())).then(|| format!("canned-{}", picked.get()))
                        prop:value=move || draft.get()
                        on:input=move |ev| {
                            draft.set(event_target_value(&ev));
                            track_caret();
                        }
                        on:keyup=move |_| track_caret()
                        on:click=move |_| track_caret()
                        on:keydown=on_keydown
                        on:paste=move |ev: leptos::ev::ClipboardEvent| {
                            // Pasted images (screenshots) and files are attached; text pastes as text.
                            #[cfg(feature = "hydrate")]
                            if mode.get_untracked() == Mode::Reply && attach.add_list(ev.clipboard_data().and_then(|d| d.files())) {
                                ev.prevent_default();
                            }
                            #[cfg(not(feature = "hydrate"))]
                            let _ = ev;
                        }
                    ></textarea>
                    <input
                        type="file"
                        multiple
                        class="sr-only"
                        tabindex="-1"
                        aria-hidden="true"
                        data-testid="attach-input"
                        node_ref=file_input
                        on:change=move |_ev| {
                            #[cfg(feature = "hydrate")]
                            if let Some(input) = file_input.get_untracked() {
                                attach.add_list(input.files());
                                // The same file can be chosen again after it was removed.
                                input.set_value("");
                            }
                        }
                    />
                    <button
                        type="button"
                        class="btn btn-outline composer-attach"
                        data-testid="attach-button"
                        title=tr.inbox.attach
                        aria-label=tr.inbox.attach
                        disabled=move || disabled() || mode.get() == Mode::Note || attach.busy()
                        on:click=move |_| {
                            #[cfg(feature = "hydrate")]
                            if let Some(input) = file_input.get_untracked() {
                                input.click();
                            }
                        }
                    >
                        <Svg icon=Icon::Paperclip size=16 />
                    </button>
                    <button type="submit" class="btn btn-primary composer-send" data-testid="composer-send" disabled=move || disabled() || attach.busy() || (draft.with(|d| d.trim().is_empty()) && !with_files())>
                        <Svg icon=Icon::Send size=16 />
                        <span class="composer-send-label">{move || if mode.get() == Mode::Note { tr.inbox.add_note } else { tr.inbox.send }}</span>
                    </button>
                </div>
            </form>
            {move || ask_take_over.get().then(|| {
                let confirm = Action::new(move |_: &()| async move { inbox_take_over(id).await });
                Effect::new(move |_| {
                    if let Some(Ok(())) = confirm.value().get() {
                        ask_take_over.set(false);
                        // Ours now (the live event confirms it): send what was written.
                        conv.data.update(|d| {
                            if let Some(v) = d {
                                v.row.status = ConversationStatus::Assigned;
                                v.can_act = true;
                            }
                        });
                        conv.toasts.success(tr.inbox.toast_taken_over.to_string());
                        send();
                    }
                });
                view! {
                    <ConfirmDialog title=tr.inbox.take_over_title message=tr.inbox.take_over_text
                        confirm_label=tr.inbox.take_over_and_send action=confirm
                        on_close=Callback::new(move |_| ask_take_over.set(false)) testid="take-over-send" />
                }
            })}
        })
    }
}

/// The chosen files: a thumbnail (photos) or an icon, the name, the size and how it goes, and a
/// remove button (Delete or Backspace on it removes too).
#[component]
fn Chips(attach: super::attach::Attach) -> impl IntoView {
    let tr = t();
    view! {
        <ul class="composer-files" data-testid="attach-chips" aria-label=tr.inbox.attach>
            <For each=move || attach.files.get() key=|p| p.key let:p>
                {
                    let key = p.key;
                    let remove_label = (tr.inbox.remove_file)(&p.name);
                    let goes = if p.kind == types::AttachmentKind::Photo { tr.inbox.goes_as_photo } else { tr.inbox.goes_as_file };
                    view! {
                        <li class="file-chip" data-testid="attach-chip" data-kind=p.kind.as_str()>
                            {match p.preview.clone() {
                                Some(src) => view! { <img class="file-chip-thumb" src=src alt="" /> }.into_any(),
                                None => view! { <span class="file-chip-icon"><Svg icon=Icon::Paperclip size=16 /></span> }.into_any(),
                            }}
                            <span class="file-chip-text">
                                <span class="file-chip-name" title=p.name.clone()>{p.name.clone()}</span>
                                <span class="file-chip-size">{types::files::human_size(p.size)}" · "{goes}</span>
                            </span>
                            <button
                                type="button"
                                class="file-chip-remove"
                                data-testid="attach-remove"
                                aria-label=remove_label.clone()
                                title=remove_label
                                disabled=move || attach.busy()
                                on:click=move |_| attach.remove(key)
                                on:keydown=move |ev: KeyboardEvent| {
                                    if matches!(ev.key().as_str(), "Delete" | "Backspace") {
                                        ev.prevent_default();
                                        attach.remove(key);
                                    }
                                }
                            >
                                <span aria-hidden="true">"×"</span>
                            </button>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
