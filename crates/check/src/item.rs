//! What extraction yields and matching consumes: the posts an account shows on its page.

use serde::{Deserialize, Serialize};

/// One post of an account, as extracted from its page, feed or article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The title as shown (may be truncated with "..." / "…" on list pages).
    pub title: String,
    /// Absolute URL of the post, when the page links to it.
    pub link: Option<String>,
    /// Publication date as the page gives it (RFC 3339 when the format allows).
    pub date: Option<String>,
    /// Body text or summary, plain text (no markup), possibly empty.
    pub text: String,
    /// Links inside the post's body (e.g. the "阅读原文" / share-source link of a WeChat
    /// article, or the URL of a retweeted post): a repost may be only a link to the rebuttal.
    pub links: Vec<String>,
    /// True when the list shows only a shortened title or text ("..." / "…"), so the
    /// decision should be made on the article page behind `link`.
    pub truncated: bool,
}

/// The rebuttal a push asks the matrix to repost, and the rumor it answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    pub rebuttal_title: String,
    pub rebuttal_text: String,
    /// Where the rebuttal was published; a post linking here is a repost.
    pub rebuttal_url: Option<String>,
    pub rumor_title: String,
    pub rumor_text: String,
    /// When the rebuttal was published (RFC 3339 or a date): entries of an account dated on
    /// or after it may be a retitled repost and are worth opening.
    #[serde(default)]
    pub rebuttal_published: Option<String>,
}
