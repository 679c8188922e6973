//! The repost checker: everything between an account's URL and a verdict. No desktop
//! framework here; the app, the CLI and the benchmarks drive it.
//!
//! - `decode`: bytes + headers → text (charset from header, BOM or `<meta>`, GBK/GB18030)
//! - `extract`: text → the account's items (RSS/Atom, Weibo JSON, JSON by path, HTML list,
//!   HTML article) and page signals (captcha, deleted)
//! - `text` and `matcher`: an item against the rebuttal and the rumor → repost or not, why
//! - `screen`: one pass over a whole page before parsing: can anything on it matter?
//! - `fetch` and `sweep`: polite, bounded HTTP over many accounts
//! - `office`: the office's platform settings and kept Weibo identities around a sweep
//! - `probe`: 测试读取, what the checker reads for an account right now
//! - `bridge`: the error answers of feed bridges (RSSHub, WeWe RSS) → blocked, in their words
//! - `weibo_visitor`: Weibo's visitor handshake (cookies its JSON API asks for)

mod bigram_index;
pub mod bridge;
pub mod decode;
pub mod extract;
pub mod fetch;
pub mod item;
pub mod matcher;
pub mod ocr;
pub mod office;
pub mod page;
pub mod pasted;
pub mod probe;
pub mod screen;
pub mod screenshot;
pub mod sweep;
pub mod text;
mod thresholds;
pub mod weibo_visitor;

pub use item::{Item, Reference};
