//! Files chosen for a reply (the paperclip button, a paste, a drop onto the conversation): their
//! chips with name, size and thumbnail, the checks of `types::files` (the server checks again),
//! and the upload by multipart to `POST /api/inbox/{id}/files` with its progress.

use leptos::prelude::*;
use types::AttachmentKind;

/// A file chosen for the next reply.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Picked {
    pub key: u32,
    pub name: String,
    pub size: u64,
    pub kind: AttachmentKind,
    /// An object URL of a photo, for its thumbnail.
    pub preview: Option<String>,
}

/// The open conversation's chosen files and their upload.
#[derive(Clone, Copy)]
pub(super) struct Attach {
    pub files: RwSignal<Vec<Picked>>,
    /// What was wrong with the last files chosen, or why the upload failed (the files stay).
    pub problem: RwSignal<Option<String>>,
    /// The upload's progress in percent, while it runs.
    pub progress: RwSignal<Option<u32>>,
    /// Files are dragged over the conversation.
    pub dragging: RwSignal<bool>,
    /// The reply's key, kept while the same files are sent again (a retried upload is stored once).
    pub key: StoredValue<Option<String>>,
    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    next: StoredValue<u32>,
    #[cfg(feature = "hydrate")]
    handles: StoredValue<Vec<(u32, web_sys::File)>, LocalStorage>,
}

impl Attach {
    pub fn new() -> Attach {
        Attach {
            files: RwSignal::new(Vec::new()),
            problem: RwSignal::new(None),
            progress: RwSignal::new(None),
            dragging: RwSignal::new(false),
            key: StoredValue::new(None),
            next: StoredValue::new(0),
            #[cfg(feature = "hydrate")]
            handles: StoredValue::new_local(Vec::new()),
        }
    }

    pub fn busy(self) -> bool {
        self.progress.with(Option::is_some)
    }

    /// Adds files, each checked; the ones refused are named in [`Attach::problem`], the others
    /// are added.
    #[cfg(feature = "hydrate")]
    pub fn add(self, list: Vec<web_sys::File>) {
        use types::files::{self, FileProblem};
        let tr = crate::i18n::t();
        let mut problems = Vec::new();
        for file in list {
            let name = file.name();
            let size = file.size() as u64;
            if self.files.with_untracked(Vec::len) >= files::MAX_FILES {
                problems.push((tr.inbox.file_problem)(&name, &FileProblem::TooMany));
                break;
            }
            if let Err(p) = files::check(&name, size) {
                problems.push((tr.inbox.file_problem)(&name, &p));
                continue;
            }
            let kind = files::kind_of(&file.type_(), size);
            let preview = (kind == AttachmentKind::Photo)
                .then(|| web_sys::Url::create_object_url_with_blob(&file).ok())
                .flatten();
            let key = self.next.get_value();
            self.next.set_value(key + 1);
            self.handles.update_value(|h| h.push((key, file)));
            self.files.update(|f| f.push(Picked { key, name, size, kind, preview }));
            self.key.set_value(None);
        }
        self.problem.set((!problems.is_empty()).then(|| problems.join(" ")));
    }

    /// The files of a `FileList` (an input's, a drop's, a paste's).
    #[cfg(feature = "hydrate")]
    pub fn add_list(self, list: Option<web_sys::FileList>) -> bool {
        let Some(list) = list else { return false };
        let files: Vec<_> = (0..list.length()).filter_map(|i| list.get(i)).collect();
        if files.is_empty() {
            return false;
        }
        self.add(files);
        true
    }

    pub fn remove(self, key: u32) {
        self.files.update(|f| {
            if let Some(i) = f.iter().position(|p| p.key == key) {
                let p = f.remove(i);
                revoke(p.preview);
            }
        });
        #[cfg(feature = "hydrate")]
        self.handles.update_value(|h| h.retain(|(k, _)| *k != key));
        self.key.set_value(None);
        self.problem.set(None);
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    pub fn clear(self) {
        for p in self.files.get_untracked() {
            revoke(p.preview);
        }
        self.files.set(Vec::new());
        #[cfg(feature = "hydrate")]
        self.handles.update_value(Vec::clear);
        self.key.set_value(None);
        self.problem.set(None);
    }

    /// Sends the files with `text` as their caption. `done` runs with the stored message; on an
    /// error the files (and the caller's text) stay, and the problem is shown.
    #[cfg(feature = "hydrate")]
    pub fn upload(
        self,
        conversation: i64,
        text: String,
        done: impl FnOnce(crate::inbox::model::MessageView) + 'static,
    ) {
        use wasm_bindgen::JsCast;
        use wasm_bindgen::closure::Closure;

        use crate::error::ApiError;
        let tr = crate::i18n::t();
        let key = self.key.get_value().unwrap_or_else(crate::inbox::live::client_key);
        self.key.set_value(Some(key.clone()));
        let fail = move |e: ApiError| {
            self.progress.set(None);
            self.problem.set(Some(tr.error(&e)));
        };
        let (Ok(form), Ok(xhr)) = (web_sys::FormData::new(), web_sys::XmlHttpRequest::new()) else {
            return fail(ApiError::Transport("no FormData".into()));
        };
        let _ = form.append_with_str("text", &text);
        let _ = form.append_with_str("client_key", &key);
        self.handles.with_value(|h| {
            for (_, f) in h {
                let _ = form.append_with_blob_and_filename("file", f, &f.name());
            }
        });
        if xhr.open("POST", &format!("/api/inbox/{conversation}/files")).is_err() {
            return fail(ApiError::Transport("open".into()));
        }
        let _ = xhr.set_request_header("Accept", "application/json");
        self.problem.set(None);
        self.progress.set(Some(0));
        if let Ok(upload) = xhr.upload() {
            let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |ev: web_sys::ProgressEvent| {
                if ev.length_computable() && ev.total() > 0.0 {
                    let p = (ev.loaded() / ev.total() * 100.0).floor().clamp(0.0, 100.0) as u32;
                    self.progress.try_set(Some(p));
                }
            });
            upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
            on_progress.forget();
        }
        let finished = {
            let xhr = xhr.clone();
            Closure::once_into_js(move || {
                let status = xhr.status().unwrap_or(0);
                let body = xhr.response_text().ok().flatten().unwrap_or_default();
                if status == 200
                    && let Ok(m) = serde_json::from_str::<crate::inbox::model::MessageView>(&body)
                {
                    self.progress.try_set(None);
                    done(m);
                    return;
                }
                let e = serde_json::from_str::<ApiError>(&body).unwrap_or_else(|_| match status {
                    413 => ApiError::FileInvalid { name: String::new(), problem: types::files::FileProblem::TooBig },
                    401 => ApiError::Unauthorized,
                    _ => ApiError::Transport(format!("HTTP {status}")),
                });
                fail(e);
            })
        };
        xhr.set_onloadend(Some(finished.unchecked_ref()));
        if xhr.send_with_opt_form_data(Some(&form)).is_err() {
            fail(ApiError::Transport("send".into()));
        }
    }
}

fn revoke(preview: Option<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(url) = preview {
        let _ = web_sys::Url::revoke_object_url(&url);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = preview;
}
