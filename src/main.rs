// A smaller allocator than Rust's default (dlmalloc) for the browser's wasm:
// 1.5 KB less to download (bench/README.md).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static ALLOC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    altogic_auth::start();
}
