//! Render: Markdown and shortcodes to HTML, then pages through templates.

pub mod content;
pub mod highlight;
pub mod html;
pub mod links;
pub mod markdown;
pub mod page;
pub mod shortcodes;
pub mod templates;
pub mod text;
