#![no_main]
//! cargo-fuzz target: see `regionwise_fuzz::front_matter`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regionwise_fuzz::front_matter(data));
