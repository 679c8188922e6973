//! Page text to the account's items (RSS/Atom, Weibo JSON, JSON by path, HTML list pages,
//! HTML article pages) and the page's state (normal, blocked by a captcha, item deleted).
