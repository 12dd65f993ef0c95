//! regionwise: a static-site generator for architecture decision guides.
//!
//! The site pipeline reads top to bottom in [`site`]: load → parse → render → write.

pub mod cli;
