//! regionwise: a static-site generator for architecture decision guides.
//!
//! The pipeline reads top to bottom in [`site`]: [`load`] → [`parse`] →
//! [`render`] → [`write`]. The models live in their own crate
//! (`regionwise-models`) and know nothing of pages.

pub mod branding;
pub mod check;
pub mod cli;
pub mod config;
pub mod eject;
pub mod error;
pub mod init;
pub mod load;
pub mod parse;
pub mod render;
pub mod review;
pub mod search;
pub mod serve;
pub mod site;
pub mod write;
