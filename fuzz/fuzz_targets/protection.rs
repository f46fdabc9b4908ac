#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| crossdesk::fuzz_targets::protection(data));
