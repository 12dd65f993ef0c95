#![no_main]
//! cargo-fuzz target: see `regionwise_fuzz::links`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| regionwise_fuzz::links(data));
