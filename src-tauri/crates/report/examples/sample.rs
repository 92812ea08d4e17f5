//! Writes the test suite's sample report in every format and language into
//! a folder, for looking at: `cargo run --release -p cloudlens-report
//! --example sample -- OUT_DIR`.

#[path = "../tests/common/mod.rs"]
mod common;

use cloudlens_report::{render, Fonts, Format, Language};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: sample OUT_DIR")?);
    std::fs::create_dir_all(&out)?;
    let fonts = Fonts::embedded();
    for language in [Language::ZhCn, Language::En] {
        for format in [Format::Pdf, Format::Html, Format::Xlsx, Format::Csv] {
            let ext = if format == Format::Csv {
                "zip"
            } else {
                format.as_str()
            };
            let path = out.join(format!("sample-{}.{ext}", language.tag()));
            std::fs::write(&path, render(&common::sample(language), format, &fonts)?)?;
            println!("{}", path.display());
        }
    }
    Ok(())
}
