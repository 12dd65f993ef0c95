#![no_main]
//! cargo-fuzz target: see `regionwise_fuzz::shortcode`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regionwise_fuzz::shortcode(data));
