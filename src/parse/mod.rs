//! Parse: turn loaded files into the site's structure — front matter, the
//! tree of sections and pages with their URLs, shortcode calls and data.

pub mod data;
pub mod front_matter;
pub mod library;
pub mod nesting;
pub mod paths;
pub mod schema;
pub mod shortcode;
pub mod slug;
pub mod source;
