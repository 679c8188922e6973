//! Phone screenshots as liaisons send them, rendered for tests with ImageMagick (installed by
//! `make test`) and a CJK font from the OS packages.

use std::path::Path;
use std::process::Command;

const FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// A WeChat group chat (1080 px wide, light mode) headed by the group's name, with a shared
/// article's card whose title is `title`: what a liaison sends after forwarding a rebuttal.
pub fn group_chat(path: &Path, group: &str, title: &str) {
    let status = Command::new("convert")
        .args([
            "-size",
            "1080x900",
            "xc:#EDEDED",
            "-font",
            FONT,
            "-pointsize",
            "46",
            "-fill",
            "#111111",
        ])
        .args(["-annotate", "+300+85", group])
        .args([
            "(",
            "-size",
            "600x",
            "-background",
            "white",
            "-font",
            FONT,
            "-pointsize",
            "42",
        ])
        .arg(format!("caption:{title}"))
        .args([")", "-geometry", "+210+345", "-composite"])
        .arg(path)
        .status()
        .expect("ImageMagick's convert (make test installs it)");
    assert!(
        status.success(),
        "convert could not render {}",
        path.display()
    );
}
