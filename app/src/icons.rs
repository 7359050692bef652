//! Inline SVG icons: crisp at any size and independent of the fonts installed (emoji fonts are
//! missing on many servers and some desktops).

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Icon {
    Inbox,
    Help,
    Menu,
    Command,
    Pen,
    Users,
    Log,
    Chart,
    Account,
    Lock,
    Search,
    /// Canned responses (a speech bubble with lines).
    Chat,
    Bell,
    BellOff,
    ArrowLeft,
    Paperclip,
    Send,
    Clock,
    /// The customer card.
    Person,
    MapPin,
    /// The simulator (a lab flask: trying things out).
    Flask,
    /// More actions (three dots).
    More,
}

impl Icon {
    fn body(self) -> &'static str {
        match self {
            Icon::Inbox => r#"<path d="M3 13h5l2 3h4l2-3h5"/><path d="M5.5 5h13L21 13v6H3v-6z"/>"#,
            Icon::Help => {
                r#"<circle cx="12" cy="12" r="9"/><path d="M9.5 9.2a2.6 2.6 0 1 1 3.6 2.4c-.7.3-1.1.9-1.1 1.6v.6"/><path d="M12 17h.01"/>"#
            }
            Icon::Menu => r#"<path d="M4 6h16M4 12h16M4 18h16"/>"#,
            Icon::More => {
                r#"<circle cx="5" cy="12" r="1.3"/><circle cx="12" cy="12" r="1.3"/><circle cx="19" cy="12" r="1.3"/>"#
            }
            Icon::Command => r#"<rect x="3" y="4" width="18" height="16" rx="2"/><path d="m7 9 3 3-3 3M12 15h5"/>"#,
            Icon::Pen => r#"<path d="M4 20h4L19 9l-4-4L4 16z"/><path d="m13.5 6.5 4 4"/>"#,
            Icon::Users => {
                r#"<circle cx="9" cy="8" r="3.5"/><path d="M2.5 20c.5-3.6 3.1-5.6 6.5-5.6s6 2 6.5 5.6"/><path d="M16 4.6a3.5 3.5 0 0 1 0 6.8M18 14.8c2 .7 3.2 2.5 3.5 5.2"/>"#
            }
            Icon::Log => r#"<path d="M6 3h9l4 4v14H6z"/><path d="M14 3v5h5M9 12h7M9 16h7"/>"#,
            Icon::Chart => r#"<path d="M4 20V10M10 20V4M16 20v-7M22 20H2"/>"#,
            Icon::Account => {
                r#"<circle cx="12" cy="12" r="9"/><circle cx="12" cy="10" r="3"/><path d="M6.5 18.5c1.2-2.2 3.2-3.3 5.5-3.3s4.3 1.1 5.5 3.3"/>"#
            }
            Icon::Lock => {
                r#"<rect x="4.5" y="10.5" width="15" height="10" rx="2"/><path d="M8 10.5V7a4 4 0 0 1 8 0v3.5"/>"#
            }
            Icon::Search => r#"<circle cx="11" cy="11" r="7"/><path d="m20 20-4-4"/>"#,
            Icon::Chat => r#"<path d="M4 5h16v11H9l-5 4z"/><path d="M8 9h8M8 12.5h5"/>"#,
            Icon::Bell => r#"<path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 0 0 4 0"/>"#,
            Icon::BellOff => {
                r#"<path d="M6 16V11a6 6 0 0 1 12 0v5l1.5 2h-15z"/><path d="M10 20.5a2 2 0 0 0 4 0"/><path d="m3 3 18 18"/>"#
            }
            Icon::ArrowLeft => r#"<path d="M19 12H5M11 6l-6 6 6 6"/>"#,
            Icon::Paperclip => {
                r#"<path d="m20 11.5-7.8 7.8a5 5 0 0 1-7.1-7.1l8.2-8.2a3.4 3.4 0 0 1 4.8 4.8l-8.2 8.2a1.7 1.7 0 0 1-2.4-2.4l7.5-7.5"/>"#
            }
            Icon::Send => r#"<path d="M21 3 10 14"/><path d="m21 3-7 18-4-7-7-4z"/>"#,
            Icon::Clock => r#"<circle cx="12" cy="12" r="9"/><path d="M12 7v5l3 2"/>"#,
            Icon::Person => r#"<circle cx="12" cy="8" r="4"/><path d="M4.5 21c.8-4 3.7-6.5 7.5-6.5s6.7 2.5 7.5 6.5"/>"#,
            Icon::Flask => {
                r#"<path d="M9 3h6M10 3v6l-5.6 9.6A1.6 1.6 0 0 0 5.8 21h12.4a1.6 1.6 0 0 0 1.4-2.4L14 9V3"/><path d="M7.2 15h9.6"/>"#
            }
            Icon::MapPin => {
                r#"<path d="M12 21s-7-6.2-7-11.5a7 7 0 0 1 14 0C19 14.8 12 21 12 21z"/><circle cx="12" cy="9.5" r="2.5"/>"#
            }
        }
    }
}

/// An icon that inherits the text colour; decorative (hidden from screen readers).
#[component]
pub fn Svg(icon: Icon, #[prop(default = 20)] size: u32) -> impl IntoView {
    view! {
        <svg
            class="icon"
            width=size
            height=size
            viewBox="0 0 24 24"
            fill="none"
            stroke="currentColor"
            stroke-width="1.8"
            stroke-linecap="round"
            stroke-linejoin="round"
            aria-hidden="true"
            focusable="false"
            inner_html=icon.body()
        ></svg>
    }
}
