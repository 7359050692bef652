//! `xtask-bindgen IN.wasm OUT_DIR NAME`: the browser's JavaScript glue for a wasm-bindgen module,
//! written as `OUT_DIR/NAME.js` and `OUT_DIR/NAME.wasm` (the names Leptos' hydration script loads
//! when the server is built with `LEPTOS_OUTPUT_NAME=NAME`). Run by `cargo xtask build`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, out_dir, name] = args.as_slice() else {
        eprintln!("usage: xtask-bindgen IN.wasm OUT_DIR NAME");
        return ExitCode::from(2);
    };
    match generate(PathBuf::from(input), PathBuf::from(out_dir), name) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask-bindgen: {e}");
            ExitCode::FAILURE
        }
    }
}

fn generate(input: PathBuf, out_dir: PathBuf, name: &str) -> Result<(), String> {
    let mut bindgen = wasm_bindgen_cli_support::Bindgen::new();
    bindgen.input_path(&input).out_name(name).typescript(false).web(true).map_err(|e| format!("{e}"))?;
    bindgen.generate(&out_dir).map_err(|e| format!("on {}: {e:#}", input.display()))?;
    let generated = out_dir.join(format!("{name}_bg.wasm"));
    std::fs::rename(&generated, out_dir.join(format!("{name}.wasm")))
        .map_err(|e| format!("cannot rename {}: {e}", generated.display()))
}
