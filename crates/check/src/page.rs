//! Reading one page for a form: a rebuttal's URL to its title, text and date.

use piyao_core::model::PageText;
use url::Url;

use crate::decode::decode;
use crate::extract::{extract, Format, PageState};
use crate::fetch::{FetchOutcome, Fetcher, Validators};

/// Fetches `url` and extracts its main item (an article page's title and body). The error is
/// a Chinese sentence for the form.
pub async fn read_page(fetcher: &Fetcher, url: &str) -> Result<PageText, String> {
    let page = match fetcher.fetch(url, &Validators::default()).await {
        FetchOutcome::Page(p) => p,
        FetchOutcome::NotModified { .. } => return Err("服务器返回“未修改”，无法读取页面".into()),
        FetchOutcome::Failed { error, .. } => return Err(format!("无法读取该网址：{error}")),
    };
    if page.status >= 400 {
        return Err(format!("网站返回 HTTP {}，无法读取页面", page.status));
    }
    let text = decode(&page.body, page.content_type.as_deref());
    let base = Url::parse(url).unwrap_or_else(|_| page.final_url.clone());
    let extracted = extract(
        &text,
        page.content_type.as_deref(),
        &page.final_url,
        &Format::Article,
    );
    match extracted.state {
        PageState::Blocked { reason } => return Err(format!("页面被拦截（{reason}），请手工填写")),
        PageState::Deleted { reason } => return Err(format!("页面内容已删除（{reason}）")),
        PageState::Unreadable { reason } => {
            return Err(format!("页面上读不到正文（{reason}），请手工填写"))
        }
        PageState::Normal => {}
    }
    let item = extracted
        .items
        .into_iter()
        .next()
        .ok_or_else(|| "页面上没有读到正文，请手工填写".to_string())?;
    Ok(PageText {
        url: item.link.unwrap_or_else(|| base.to_string()),
        title: item.title,
        text: item.text,
        published_at: item.date,
    })
}
