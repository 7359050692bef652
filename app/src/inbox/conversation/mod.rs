//! The open conversation: its state ([`Conv`]), shared by the header with its actions, the
//! history, the composer and the customer card, each in its own file here.

mod attach;
mod composer;
mod customer_card;
mod header;
mod history;
mod message;

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use self::attach::Attach;
use self::composer::Composer;
use self::customer_card::CustomerPanel;
use self::header::ConvHeader;
use self::history::History;
use super::context::{OpenConv, query_string, use_inbox};
use crate::error::ApiError;
use crate::i18n::t;
use crate::icons::Icon;
use crate::inbox::api::{inbox_conversation, inbox_head, inbox_message, inbox_note, inbox_reply};
use crate::inbox::model::{ConversationHead, ConversationView, MessageView};
use crate::ui::{EmptyState, ErrorAlert, Loading, Toasts};

/// A reply or note on its way to the server, shown at once.
#[derive(Clone, Debug, PartialEq)]
struct Outgoing {
    key: String,
    text: String,
    note: bool,
    sending: bool,
    error: Option<ApiError>,
}

/// One open conversation's state.
#[derive(Clone, Copy)]
struct Conv {
    id: i64,
    data: RwSignal<Option<ConversationView>>,
    error: RwSignal<Option<ApiError>>,
    /// Every message loaded, by id (the newest page, earlier pages, and what arrived since).
    history: RwSignal<BTreeMap<i64, MessageView>>,
    more_before: RwSignal<bool>,
    /// Set once earlier pages were loaded: whether there are more still.
    older_more: StoredValue<Option<bool>>,
    outgoing: RwSignal<Vec<Outgoing>>,
    /// What live events ask of it, and the job that fetches it.
    open: OpenConv,
    toasts: Toasts,
    scroller: NodeRef<leptos::html::Div>,
    /// The history is scrolled to the bottom (new messages keep it there).
    at_bottom: StoredValue<bool>,
    /// Files chosen for the next reply.
    attach: Attach,
}

impl Conv {
    /// Shows the conversation the page came with (or the reason it can't), unless newer data is
    /// shown already.
    fn seed(self, first: Result<ConversationView, ApiError>) {
        if self.data.with_untracked(Option::is_some) {
            return;
        }
        match first {
            Ok(v) => self.apply(v),
            Err(e) => self.error.set(Some(e)),
        }
    }

    fn apply(self, mut v: ConversationView) {
        let fresh = std::mem::take(&mut v.messages);
        let more = v.more_before;
        self.history.update(|h| {
            // So much arrived since the last look that the pages don't meet: start over.
            if let (Some(newest), Some(first)) = (h.keys().next_back(), fresh.first())
                && more
                && first.id > *newest
            {
                h.clear();
                self.older_more.set_value(None);
            }
            for m in fresh {
                h.insert(m.id, m);
            }
        });
        self.more_before.set(self.older_more.get_value().unwrap_or(more));
        self.error.set(None);
        self.data.set(Some(v));
    }

    /// The header, permissions and card, fresh; the history stays.
    fn apply_head(self, h: ConversationHead) {
        self.data.try_update(|d| {
            if let Some(v) = d {
                v.row = h.row;
                v.customer = h.customer;
                v.can_act = h.can_act;
                v.can_take = h.can_take;
            }
        });
    }

    /// Does what live events asked (see [`OpenConv`]): the whole conversation, or its head
    /// and single messages by id.
    async fn sync(self) {
        let Some(work) = self.open.work.try_update_value(std::mem::take) else { return };
        if work == Default::default() {
            return;
        }
        let id = self.id;
        if work.whole() || self.data.with_untracked(Option::is_none) {
            match inbox_conversation(id).await {
                Ok(v) => {
                    if !self.data.is_disposed() {
                        self.apply(v);
                    }
                }
                Err(e) => {
                    self.error.try_set(Some(e));
                }
            }
            return;
        }
        if work.head {
            match inbox_head(id).await {
                Ok(h) => self.apply_head(h),
                Err(e) => {
                    self.error.try_set(Some(e));
                }
            }
        }
        // A new message may follow a button press (the bot's answer to it): the newest earlier
        // message with buttons is fetched again to show which one was pressed.
        let mut keyboard_before = None;
        for (message, changed) in work.messages {
            // A new message already shown (the answer to our own reply): nothing to fetch.
            if !changed && self.history.with_untracked(|h| h.contains_key(&message)) {
                continue;
            }
            match inbox_message(id, message).await {
                Ok(m) => {
                    if !changed {
                        keyboard_before = self
                            .history
                            .try_with_untracked(|h| {
                                h.range(..m.id).rev().find(|(_, x)| !x.keyboard.is_empty()).map(|(k, _)| *k)
                            })
                            .flatten()
                            .max(keyboard_before);
                    }
                    self.history.try_update(|h| h.insert(m.id, m));
                }
                // Not this conversation's (any more): nothing to show.
                Err(ApiError::NotFound) => {}
                Err(e) => {
                    self.error.try_set(Some(e));
                }
            }
        }
        if let Some(k) = keyboard_before
            && let Ok(m) = inbox_message(id, k).await
        {
            self.history.try_update(|h| h.insert(m.id, m));
        }
    }

    /// Sends (or sends again) an outgoing message.
    fn submit(self, key: String) {
        let Some(out) = self.outgoing.with_untracked(|o| o.iter().find(|x| x.key == key).cloned()) else { return };
        self.outgoing.update(|o| {
            if let Some(x) = o.iter_mut().find(|x| x.key == key) {
                x.sending = true;
                x.error = None;
            }
        });
        let id = self.id;
        spawn_local(async move {
            let result = if out.note {
                inbox_note(id, out.text.clone(), key.clone()).await
            } else {
                inbox_reply(id, out.text.clone(), key.clone()).await
            };
            match result {
                Ok(m) => {
                    // The live event may have brought it (and a newer delivery state) already.
                    self.history.try_update(|h| {
                        h.entry(m.id).or_insert(m);
                    });
                    self.outgoing.try_update(|o| o.retain(|x| x.key != key));
                }
                Err(e) => {
                    self.outgoing.try_update(|o| {
                        if let Some(x) = o.iter_mut().find(|x| x.key == key) {
                            x.sending = false;
                            x.error = Some(e);
                        }
                    });
                }
            }
        });
    }

    fn scroll_to_bottom(self) {
        self.at_bottom.set_value(true);
        let scroller = self.scroller;
        request_animation_frame(move || {
            #[cfg(feature = "hydrate")]
            if let Some(el) = scroller.get_untracked() {
                el.set_scroll_top(el.scroll_height());
            }
            #[cfg(not(feature = "hydrate"))]
            let _ = scroller;
        });
    }
}

#[component]
pub(in crate::inbox) fn Conversation(id: i64) -> impl IntoView {
    let tr = t();
    let ctx = use_inbox();
    let conv = Conv {
        id,
        data: RwSignal::new(None),
        error: RwSignal::new(None),
        history: RwSignal::new(BTreeMap::new()),
        more_before: RwSignal::new(false),
        older_more: StoredValue::new(None),
        outgoing: RwSignal::new(Vec::new()),
        open: OpenConv::new(id),
        toasts: ctx.toasts,
        scroller: NodeRef::new(),
        at_bottom: StoredValue::new(true),
        attach: Attach::new(),
    };
    conv.open.sync.set_job(move || conv.sync());
    ctx.open_conv.set_value(Some(conv.open));
    on_cleanup(move || {
        ctx.open_conv.try_update_value(|o| {
            if o.is_some_and(|o| o.id == id) {
                *o = None;
            }
        });
    });
    ctx.show_card.set(false);
    // The first load (see the view); live events reload it later.
    let first = Resource::new(|| (), move |_| inbox_conversation(id));

    let loaded = Memo::new(move |_| conv.data.with(Option::is_some));
    // Opened (by a click, Enter, a link): the focus goes to the reply box — or, where there is
    // none, to the history — once it is there. Opened by `j`/`k`: it stays in the list.
    Effect::new(move |done: Option<bool>| {
        if done == Some(true) || !loaded.get() {
            return done.unwrap_or(false);
        }
        if ctx.focus_on_open.get_value() {
            request_animation_frame(move || {
                #[cfg(feature = "hydrate")]
                crate::inbox::dom::focus_reply_box(true);
            });
        }
        ctx.focus_on_open.set_value(true);
        true
    });
    // A memo, so that the pane below is built once (not on every refresh).
    let not_found = Memo::new(move |_| conv.error.with(|e| matches!(e, Some(ApiError::NotFound))) && !loaded.get());

    view! {
        <div class="conv" class:card-open=move || ctx.show_card.get() data-conversation-id=id.to_string()>
            // The conversation comes with the page when it is opened by its address (the server
            // renders it, hydration reads it back); opened from the list, it is fetched here.
            <Suspense fallback=move || view! { <ConvSkeleton /> }>
                {move || Suspend::new(async move {
                    let first = first.await;
                    conv.seed(first);
                    move || {
                if not_found.get() {
                    return view! {
                        <EmptyState icon=Icon::Search title=tr.err_not_found class="pane-empty">
                            <a class="btn btn-outline" href=move || format!("/inbox{}", query_string(ctx.tab.get(), &ctx.q.get()))>{tr.inbox.back_to_list}</a>
                        </EmptyState>
                    }
                    .into_any();
                }
                // Files dropped anywhere on the conversation are attached to the reply.
                let attach = conv.attach;
                // Only where a reply could be sent (not read-only, resolved or blocked).
                let may_attach = move || {
                    conv.data.with_untracked(|d| {
                        d.as_ref().is_some_and(|v| {
                            (v.can_act || v.can_take)
                                && v.row.status != crate::inbox::model::ConversationStatus::Resolved
                                && !v.customer.blocked
                        })
                    })
                };
                let has_files = move |ev: &leptos::ev::DragEvent| {
                    #[cfg(feature = "hydrate")]
                    return may_attach()
                        && ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0));
                    #[cfg(not(feature = "hydrate"))]
                    {
                        let _ = (ev, may_attach);
                        false
                    }
                };
                view! {
                    <div
                        class="conv-main"
                        class:dragging=move || attach.dragging.get()
                        on:dragover=move |ev| {
                            if has_files(&ev) {
                                ev.prevent_default();
                                if !attach.dragging.get_untracked() {
                                    attach.dragging.set(true);
                                }
                            }
                        }
                        on:dragleave=move |ev| {
                            // Leaving for a child is no leaving.
                            #[cfg(feature = "hydrate")]
                            {
                                use wasm_bindgen::JsCast;
                                let inside = ev.related_target().and_then(|t| t.dyn_into::<web_sys::Node>().ok()).is_some_and(|n| {
                                    ev.current_target().and_then(|c| c.dyn_into::<web_sys::Node>().ok()).is_some_and(|c| c.contains(Some(&n)))
                                });
                                if !inside {
                                    attach.dragging.set(false);
                                }
                            }
                            #[cfg(not(feature = "hydrate"))]
                            let _ = ev;
                        }
                        on:drop=move |ev| {
                            attach.dragging.set(false);
                            if has_files(&ev) {
                                ev.prevent_default();
                                #[cfg(feature = "hydrate")]
                                attach.add_list(ev.data_transfer().and_then(|d| d.files()));
                            }
                        }
                    >
                        {move || attach.dragging.get().then(|| view! {
                            <div class="drop-overlay" data-testid="drop-overlay"><span>{tr.inbox.drop_files}</span></div>
                        })}
                        <ConvHeader conv />
                        <History conv />
                        {move || (loaded.get() && conv.error.with(Option::is_some)).then(|| view! {
                            <div class="history-error"><ErrorAlert error=conv.error /></div>
                        })}
                        <Composer conv />
                    </div>
                    <CustomerPanel conv />
                }
                .into_any()
                    }
                })}
            </Suspense>
        </div>
    }
}

/// What the pane shows while a conversation loads: the header's and history's places.
#[component]
fn ConvSkeleton() -> impl IntoView {
    view! {
        <div class="conv-main">
            <header class="conv-header">
                <div class="conv-title"><span class="skeleton skeleton-title"></span></div>
            </header>
            <div class="history"><Loading /></div>
        </div>
    }
}
