//! Extraction over realistic pages (tests/fixtures/pages/): one test per format, charsets,
//! page states, and hostile input.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use piyao_check::decode::{decode, decode_with_tld};
use piyao_check::extract::{
    extract, Format, JsonSpec, Page, PageKind, PageState, MAX_ITEMS, MAX_TEXT_CHARS,
};
use piyao_check::Item;
use url::Url;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/pages/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn url(s: &str) -> Url {
    Url::parse(s).unwrap()
}

fn run(name: &str, page_url: &str, format: &Format) -> Page {
    extract(&fixture(name), None, &url(page_url), format)
}

fn titles(p: &Page) -> Vec<&str> {
    p.items.iter().map(|i| i.title.as_str()).collect()
}

const GOV_LIST_URL: &str = "http://www.yunchuan.gov.cn/xxgk/pyzl/index.html";

// ---------------------------------------------------------------------------------------
// HTML list pages

fn assert_gov_list(p: &Page) {
    assert_eq!(p.kind, PageKind::HtmlList);
    assert_eq!(p.state, PageState::Normal);
    // Two <ul class="list"> of five, merged; not the menu, the hot list or the footer links.
    assert_eq!(p.items.len(), 10, "{:#?}", titles(p));
    let first = &p.items[0];
    // The title attribute is fuller than the shortened anchor text.
    assert_eq!(first.title, "关于网传“云川区自来水受到污染”的情况说明");
    assert!(!first.truncated);
    assert_eq!(
        first.link.as_deref(),
        Some("http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html")
    );
    assert_eq!(first.date.as_deref(), Some("2026-11-18"));
    // No title attribute and a cut text: truncated.
    assert_eq!(
        p.items[2].title,
        "网传“城东街道封路三个月”不实，实为分段施工…"
    );
    assert!(p.items[2].truncated);
    // A junk title attribute ("点击查看") does not replace the real text.
    assert_eq!(
        p.items[3].title,
        "云川区公安分局：网传“东湖公园发生抢孩子事件”系谣言"
    );
    assert_eq!(
        p.items[5].title,
        "云川区市场监管局：网传“某品牌大米含塑料”不实"
    );
    assert_eq!(
        p.items[9].link.as_deref(),
        Some("http://www.piyao.org.cn/20261019/abc123/c.html")
    );
    assert_eq!(p.items[9].date.as_deref(), Some("2026-10-19"));
    for it in &p.items {
        assert!(
            it.link.as_deref().is_some_and(|l| l.starts_with("http")),
            "{it:?}"
        );
        assert!(it.date.is_some(), "{it:?}");
        assert!(!it.title.contains('<'));
    }
    assert!(!titles(p)
        .iter()
        .any(|t| t.contains("热点") || t.contains("安全生产") || t.contains("国家互联网")));
}

#[test]
fn html_list_government_column() {
    assert_gov_list(&run("gov_list.html", GOV_LIST_URL, &Format::HtmlList));
    // Auto detection gives the same.
    assert_gov_list(&run("gov_list.html", GOV_LIST_URL, &Format::Auto));
}

#[test]
fn html_list_layout_tables() {
    let p = run(
        "news_table.html",
        "http://www.yunchuanrm.cn/tzgg/index.htm",
        &Format::Auto,
    );
    assert_eq!(p.kind, PageKind::HtmlList);
    assert_eq!(p.items.len(), 6, "{:#?}", titles(&p));
    assert_eq!(
        p.items[0].title,
        "云川区融媒体中心关于网传“区人民医院停诊”不实信息的声明"
    );
    assert_eq!(
        p.items[0].link.as_deref(),
        Some("http://www.yunchuanrm.cn/content/2026-11/18/content_4567.htm")
    );
    assert_eq!(p.items[0].date.as_deref(), Some("2026-11-18"));
    // "2026年11月8日" zero-padded.
    assert_eq!(p.items[3].date.as_deref(), Some("2026-11-08"));
}

#[test]
fn html_list_divs_with_base_href_and_summaries() {
    // The page lives under /py/ but <base href> says the site root.
    let p = run(
        "div_list.html",
        "https://www.yunchuanrm.cn/py/",
        &Format::HtmlList,
    );
    assert_eq!(p.items.len(), 4, "{:#?}", titles(&p));
    let it = &p.items[0];
    assert_eq!(it.title, "网传“云川区自来水受到污染”？区水务局：系谣言");
    assert_eq!(
        it.link.as_deref(),
        Some("https://www.yunchuanrm.cn/news/2026/1118/1001.html")
    );
    assert_eq!(it.date.as_deref(), Some("2026-11-18T09:30:00+08:00"));
    assert!(
        it.text.starts_with("近日，有网民在微信群发布"),
        "{}",
        it.text
    );
    assert!(!it.text.contains("2026-11-18"));
    assert_eq!(
        p.items[3].link.as_deref(),
        Some("https://mp.weixin.qq.com/s/Yc7Kx2AbCdEfGhIjKlMnOp")
    );
    assert!(
        !titles(&p).iter().any(|t| t.contains("推进会")),
        "sidebar leaked in"
    );
}

// ---------------------------------------------------------------------------------------
// Feeds

#[test]
fn rss_feed() {
    let p = run(
        "rss.xml",
        "http://www.yunchuan.gov.cn/xxgk/pyzl/rss.xml",
        &Format::Feed,
    );
    assert_eq!((p.kind, &p.state), (PageKind::Feed, &PageState::Normal));
    assert_eq!(p.items.len(), 3);
    let it = &p.items[0];
    assert_eq!(it.title, "关于网传“云川区自来水受到污染”的情况说明");
    assert_eq!(it.date.as_deref(), Some("2026-11-18T10:00:00+08:00"));
    // Full content wins over the summary; scripts and styles are gone; entities decoded.
    assert!(it.text.contains("GB 5749-2022"), "{}", it.text);
    assert!(
        !it.text.contains("track(") && !it.text.contains("text-indent") && !it.text.contains('<')
    );
    assert_eq!(
        it.links,
        vec!["https://www.piyao.org.cn/jubao/".to_string()]
    );
    // A relative <link> resolved; a GMT date shown in China Standard Time.
    assert_eq!(
        p.items[1].link.as_deref(),
        Some("http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261117_121.html")
    );
    assert_eq!(
        p.items[1].date.as_deref(),
        Some("2026-11-17T16:30:00+08:00")
    );
    assert!(p.items[1].text.ends_with("与事实不符…"));
    assert!(p.items[1].truncated, "a summary ending in an ellipsis");
    assert!(!p.items[2].truncated);
    assert_eq!(
        run(
            "rss.xml",
            "http://www.yunchuan.gov.cn/xxgk/pyzl/rss.xml",
            &Format::Auto
        ),
        p
    );
}

#[test]
fn atom_feed() {
    let p = run(
        "atom.xml",
        "https://www.yunchuanrm.cn/py/atom.xml",
        &Format::Auto,
    );
    assert_eq!(p.kind, PageKind::Feed);
    assert_eq!(p.items.len(), 2);
    let it = &p.items[0];
    assert_eq!(it.title, "网传“云川区自来水受到污染”？区水务局：系谣言");
    // The alternate link, not the enclosure; resolved against the feed's URL.
    assert_eq!(
        it.link.as_deref(),
        Some("https://www.yunchuanrm.cn/news/2026/1118/1001.html")
    );
    // Published, not updated.
    assert_eq!(it.date.as_deref(), Some("2026-11-18T09:30:00+08:00"));
    assert_eq!(
        it.links,
        vec!["http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html".to_string()]
    );
    assert!(it
        .text
        .contains("原文：关于网传“云川区自来水受到污染”的情况说明"));
    // Only <updated>: used as the date.
    assert_eq!(
        p.items[1].date.as_deref(),
        Some("2026-11-15T11:20:00+08:00")
    );
}

// ---------------------------------------------------------------------------------------
// Weibo

const WEIBO_API: &str = "https://m.weibo.cn/api/container/getIndex?containerid=1076035123456789";

#[test]
fn weibo_timeline_retweet_long_text_and_card_groups() {
    let p = run("weibo_timeline.json", WEIBO_API, &Format::WeiboJson);
    assert_eq!(
        (p.kind, &p.state),
        (PageKind::WeiboJson, &PageState::Normal)
    );
    assert_eq!(
        p.items.len(),
        3,
        "two type-9 cards and one inside a type-11 card_group"
    );

    let rt = &p.items[0];
    assert_eq!(
        rt.link.as_deref(),
        Some("https://m.weibo.cn/status/5100000000000003")
    );
    assert_eq!(rt.date.as_deref(), Some("2026-11-18T10:20:00+08:00"));
    let (own, original) = rt
        .text
        .split_once(" //转发原文: ")
        .expect("retweet separator");
    assert_eq!(
        own,
        "@平安云川 转发辟谣信息，请居民朋友们不信谣、不传谣[赞]"
    );
    assert!(
        original.starts_with("【辟谣】近日，有网民在微信群发布“云川区自来水受到污染"),
        "{original}"
    );
    assert!(original.ends_with("#云川辟谣# 网页链接"), "{original}");
    assert_eq!(rt.title.chars().count(), 60);
    assert!(rt.text.starts_with(&rt.title));
    // The retweeted post, and the real target of Weibo's sinaurl redirect.
    assert!(
        rt.links
            .contains(&"https://m.weibo.cn/status/5099999999999999".to_string()),
        "{:?}",
        rt.links
    );
    assert!(rt
        .links
        .contains(&"https://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html".to_string()));
    assert!(rt.links.iter().all(|l| l.starts_with("https://")));
    assert!(!rt.truncated);

    let long = &p.items[1];
    assert!(long.truncated, "isLongText");
    assert_eq!(
        long.link.as_deref(),
        Some("https://m.weibo.cn/status/5099000000000002")
    );
    assert!(
        long.text.contains("\n2. 发现跑冒滴漏"),
        "<br /> is a line break: {}",
        long.text
    );
    assert!(
        long.text.ends_with("以免造成安全隐患……"),
        "the 全文 link is not text: {}",
        long.text
    );

    let video = &p.items[2];
    assert_eq!(
        video.links,
        vec!["https://video.weibo.com/show?fid=1034:5098500000000001".to_string()]
    );

    assert_eq!(run("weibo_timeline.json", WEIBO_API, &Format::Auto), p);
}

#[test]
fn weibo_older_shape_and_follow_ups() {
    let p = run("weibo_cards_toplevel.json", WEIBO_API, &Format::Auto);
    assert_eq!(p.kind, PageKind::WeiboJson);
    assert_eq!(p.items.len(), 2);
    assert_eq!(
        p.items[0].link.as_deref(),
        Some("https://m.weibo.cn/status/5099999999999999")
    );
    // Relative dates stay as Weibo shows them.
    assert_eq!(p.items[0].date.as_deref(), Some("11-18"));
    assert_eq!(p.items[1].date.as_deref(), Some("昨天 20:15"));
    assert!(p.items[1].truncated);

    // statuses/extend: the full text behind a truncated post.
    let p = run(
        "weibo_longtext.json",
        "https://m.weibo.cn/statuses/extend?id=5099000000000002",
        &Format::WeiboJson,
    );
    assert_eq!(p.items.len(), 1);
    assert!(p.items[0].text.ends_with("转发：网页链接"));
    assert!(!p.items[0].truncated);
    assert_eq!(
        p.items[0].links,
        vec!["http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html".to_string()]
    );

    // A status page with its JSON in $render_data.
    let p = run(
        "weibo_status.html",
        "https://m.weibo.cn/status/Pab2bXyZ2",
        &Format::WeiboJson,
    );
    assert_eq!(p.items.len(), 1);
    assert_eq!(
        p.items[0].link.as_deref(),
        Some("https://m.weibo.cn/status/5099000000000002")
    );
    assert!(p.items[0].text.ends_with("以免造成安全隐患。"));
}

#[test]
fn weibo_walls_and_deletions() {
    let p = run("weibo_login.json", WEIBO_API, &Format::WeiboJson);
    assert_eq!(
        p.state,
        PageState::Blocked {
            reason: "需要登录（微博）".into()
        }
    );
    assert_eq!(
        run("weibo_login.json", WEIBO_API, &Format::Auto).state,
        p.state
    );
    let p = run(
        "weibo_deleted.json",
        "https://m.weibo.cn/statuses/show?id=5100000000000009",
        &Format::WeiboJson,
    );
    assert_eq!(
        p.state,
        PageState::Deleted {
            reason: "微博已被作者删除".into()
        }
    );
    // weibo.com's visitor wall served instead of JSON.
    let p = run("weibo_visitor.html", WEIBO_API, &Format::WeiboJson);
    assert_eq!(
        p.state,
        PageState::Blocked {
            reason: "微博访客验证页面".into()
        }
    );
    assert!(p.items.is_empty());
}

// ---------------------------------------------------------------------------------------
// JSON by path

#[test]
fn json_toutiao_like_list() {
    let page_url = "https://www.toutiao.com/api/pc/feed/?category=profile_all&utm_source=toutiao";
    let spec = JsonSpec {
        items: "$.data[*]".into(),
        title: "title".into(),
        link: Some("article_url".into()),
        date: Some("publish_time".into()),
        text: Some("abstract".into()),
    };
    let p = run("toutiao.json", page_url, &Format::Json(spec));
    assert_eq!((p.kind, &p.state), (PageKind::Json, &PageState::Normal));
    assert_eq!(p.items.len(), 3);
    let it = &p.items[0];
    assert_eq!(it.title, "云川发布：网传“区人民医院停诊三天”系谣言");
    assert_eq!(
        it.link.as_deref(),
        Some("https://www.toutiao.com/article/7440000000000000001/")
    );
    assert_eq!(it.date.as_deref(), Some("2026-11-18T10:00:00+08:00"));
    assert!(it.text.starts_with("近日，网传"));
    // Relative link resolved; HTML in the abstract becomes text and links.
    assert_eq!(
        p.items[1].link.as_deref(),
        Some("https://www.toutiao.com/group/7440000000000000002/")
    );
    assert_eq!(
        p.items[1].text,
        "经区水务局核查，全区供水水质各项指标均符合国家标准，该信息系谣言。详见区政府网站"
    );
    assert_eq!(
        p.items[1].links,
        vec!["http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html".to_string()]
    );
    // Epoch as a string; a title cut with "……".
    assert_eq!(
        p.items[2].date.as_deref(),
        Some("2026-11-16T10:00:00+08:00")
    );
    assert!(p.items[2].truncated);
    // Auto finds the same list through the common shapes.
    let auto = run("toutiao.json", page_url, &Format::Auto);
    assert_eq!(titles(&auto), titles(&p));
    assert_eq!(auto.items[1].link, p.items[1].link);
}

#[test]
fn json_spec_with_dotted_fields() {
    let spec = JsonSpec {
        items: "$.result.records[*]".into(),
        title: "docTitle".into(),
        link: Some("docUrl".into()),
        date: Some("docRelTime".into()),
        text: Some("info.summary".into()),
    };
    let p = run(
        "json_records.json",
        "http://www.yunchuan.gov.cn/xxgk/search/",
        &Format::Json(spec.clone()),
    );
    assert_eq!(p.items.len(), 2);
    assert_eq!(
        p.items[0].link.as_deref(),
        Some("http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html")
    );
    assert_eq!(
        p.items[0].date.as_deref(),
        Some("2026-11-18T10:00:00+08:00")
    );
    assert_eq!(
        p.items[0].text,
        "近日，有网民在微信群发布“云川区自来水受到污染”的信息。经核查，系谣言。"
    );
    assert_eq!(p.items[1].text, "", "null summary");
    // A path selecting nothing, and a broken path: no items, no panic.
    let none = JsonSpec {
        items: "$.data.list[*]".into(),
        ..spec.clone()
    };
    assert!(
        run("json_records.json", "http://x.cn/", &Format::Json(none))
            .items
            .is_empty()
    );
    let broken = JsonSpec {
        items: "$.result[?(".into(),
        ..spec
    };
    assert!(
        run("json_records.json", "http://x.cn/", &Format::Json(broken))
            .items
            .is_empty()
    );
}

// ---------------------------------------------------------------------------------------
// Articles

#[test]
fn wechat_article_with_share_source() {
    let p = run(
        "wechat_article.html",
        "https://mp.weixin.qq.com/s/Yc7Kx2AbCdEfGhIjKlMnOp",
        &Format::Auto,
    );
    assert_eq!((p.kind, &p.state), (PageKind::Article, &PageState::Normal));
    assert_eq!(p.items.len(), 1);
    let it = &p.items[0];
    assert_eq!(it.title, "转发｜关于网传“云川区自来水受到污染”的情况说明");
    assert_eq!(
        it.link.as_deref(),
        Some("http://mp.weixin.qq.com/s?__biz=MzA5NjEyMzQ1Ng==&mid=2650001234&idx=1&sn=0a1b2c3d4e5f&chksm=8b0c")
    );
    // var ct = "1794971400"
    assert_eq!(it.date.as_deref(), Some("2026-11-18T11:10:00+08:00"));
    assert!(
        it.text
            .starts_with("来源：云川区人民政府网站\n近日，有网民在微信群发布"),
        "{}",
        it.text
    );
    assert!(it.text.contains("GB 5749-2022"));
    assert!(
        !it.text.contains("阅读原文") && !it.text.contains("云川城东"),
        "only the body: {}",
        it.text
    );
    // The body's link and the "阅读原文" share source (from var msg_source_url).
    assert_eq!(
        it.links,
        vec![
            "https://www.piyao.org.cn/jubao/".to_string(),
            "http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html".to_string()
        ]
    );
    assert!(!it.truncated);
}

#[test]
fn government_article_beats_its_related_links() {
    let page_url = "http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_123.html";
    let p = run("gov_article.html", page_url, &Format::Auto);
    assert_eq!(p.kind, PageKind::Article, "{:#?}", titles(&p));
    let it = &p.items[0];
    assert_eq!(it.title, "关于网传“云川区自来水受到污染”的情况说明");
    assert_eq!(it.link.as_deref(), Some(page_url));
    // From <meta name="PubDate">, not the "今天是2026年11月20日" banner.
    assert_eq!(it.date.as_deref(), Some("2026-11-18T10:00:00+08:00"));
    assert!(it.text.starts_with("近日，有网民在微信群发布"));
    assert!(
        it.text.ends_with("云川区水务局\n2026年11月18日"),
        "{}",
        it.text
    );
    assert!(!it.text.contains("相关阅读") && !it.text.contains("首页"));
    assert_eq!(
        it.links,
        vec!["https://www.piyao.org.cn/jubao/".to_string()]
    );
    // Forced as a list, the related links are the list.
    let list = run("gov_article.html", page_url, &Format::HtmlList);
    assert_eq!(list.items.len(), 5);
}

#[test]
fn news_article_without_metadata() {
    let page_url = "https://www.yunchuanrm.cn/news/2026/1117/0998.html";
    let p = run("news_article.html", page_url, &Format::Auto);
    assert_eq!(p.kind, PageKind::Article, "{:#?}", titles(&p));
    let it = &p.items[0];
    // <title> would be "…_云川融媒"; the h1 is clean.
    assert_eq!(it.title, "“云川一中食物中毒”？学校：学生系普通感冒");
    assert_eq!(it.link.as_deref(), Some(page_url), "canonical");
    assert_eq!(it.date.as_deref(), Some("2026-11-17T16:05:00+08:00"));
    assert_eq!(
        it.links,
        vec!["http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261117_121.html".to_string()]
    );
    assert!(!it.text.contains("热门"));
    let forced = run("news_article.html", page_url, &Format::Article);
    assert_eq!(forced.items, p.items);
}

// ---------------------------------------------------------------------------------------
// Page states

#[test]
fn captcha_and_visitor_walls_are_blocked() {
    for (name, reason) in [
        ("captcha.html", "安全验证页面"),
        ("weibo_visitor.html", "微博访客验证页面"),
    ] {
        for f in [
            Format::Auto,
            Format::HtmlList,
            Format::Article,
            Format::Feed,
        ] {
            let p = run(name, GOV_LIST_URL, &f);
            assert_eq!(
                p.state,
                PageState::Blocked {
                    reason: reason.into()
                },
                "{name} {f:?}"
            );
            assert!(p.items.is_empty());
        }
    }
}

#[test]
fn removed_items_are_deleted() {
    let p = run(
        "wechat_deleted.html",
        "https://mp.weixin.qq.com/s/XyZ",
        &Format::Article,
    );
    assert_eq!(
        p.state,
        PageState::Deleted {
            reason: "内容已被发布者删除".into()
        }
    );
    assert!(p.items.is_empty());
    let p = run(
        "not_found.html",
        "http://www.yunchuan.gov.cn/xxgk/pyzl/202611/t20261118_999.html",
        &Format::Auto,
    );
    assert_eq!(
        p.state,
        PageState::Deleted {
            reason: "页面不存在".into()
        }
    );
    let violation = "<html><body><div class=\"weui-msg\"><h2 class=\"weui-msg__title\">此内容因违规无法查看</h2></div></body></html>";
    let p = extract(
        violation,
        Some("text/html; charset=utf-8"),
        &url("https://mp.weixin.qq.com/s/1"),
        &Format::Auto,
    );
    assert_eq!(
        p.state,
        PageState::Deleted {
            reason: "内容因违规无法查看".into()
        }
    );
}

#[test]
fn an_article_about_verification_codes_is_not_a_wall() {
    // Mentions 验证码 five times, has a search form and a "请登录" link: still a normal page.
    let p = run(
        "fraud_article.html",
        "https://www.yunchuan.gov.cn/ga/fz/8812.html",
        &Format::Auto,
    );
    assert_eq!(p.state, PageState::Normal);
    assert_eq!(p.kind, PageKind::Article);
    assert_eq!(p.items[0].title, "警惕！冒充“客服”索要验证码的都是诈骗");
    assert_eq!(
        p.items[0].date.as_deref(),
        Some("2026-11-16T15:00:00+08:00")
    );
    // And a list page whose items mention deletions is not deleted.
    let mut list = fixture("gov_list.html");
    list = list.replace(
        "关于网络流传“西山镇发生地震”视频的情况通报",
        "网传“西山镇地震”视频已被删除，系旧视频翻炒",
    );
    let p = extract(&list, None, &url(GOV_LIST_URL), &Format::Auto);
    assert_eq!(p.state, PageState::Normal);
    assert_eq!(p.items.len(), 10);
}

// ---------------------------------------------------------------------------------------
// Charsets

fn gbk(s: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(s);
    assert!(!unmappable, "fixture must be GBK-encodable");
    bytes.into_owned()
}

#[test]
fn gbk_page_declared_in_meta_only() {
    let text = fixture("gov_list.html");
    assert!(text.contains("charset=gb2312"));
    let bytes = gbk(&text);
    assert!(std::str::from_utf8(&bytes).is_err());
    let decoded = decode(&bytes, None);
    assert_eq!(decoded, text);
    // A server answering "text/html" without charset changes nothing.
    assert_eq!(decode(&bytes, Some("text/html")), text);
    assert_gov_list(&extract(
        &decoded,
        Some("text/html"),
        &url(GOV_LIST_URL),
        &Format::Auto,
    ));
}

#[test]
fn gbk_page_declared_in_header_only() {
    let text = fixture("gov_list.html").replace(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\" />\n",
        "",
    );
    assert!(!text.contains("charset"));
    let bytes = gbk(&text);
    let decoded = decode(&bytes, Some("text/html; charset=GBK"));
    assert_eq!(decoded, text);
    assert_gov_list(&extract(
        &decoded,
        Some("text/html; charset=GBK"),
        &url(GOV_LIST_URL),
        &Format::HtmlList,
    ));
    // With no declaration at all, the guess (helped by the .cn TLD) finds it too.
    assert_eq!(decode_with_tld(&bytes, None, Some("cn")), text);
}

#[test]
fn gbk_feed_declared_in_xml_prolog() {
    let text = fixture("rss.xml").replace("encoding=\"UTF-8\"", "encoding=\"GB2312\"");
    let decoded = decode(&gbk(&text), Some("application/rss+xml"));
    assert_eq!(decoded, text);
    // feed-rs is told the text is UTF-8 now, whatever the prolog says.
    let p = extract(
        &decoded,
        Some("application/rss+xml"),
        &url("http://www.yunchuan.gov.cn/rss.xml"),
        &Format::Feed,
    );
    assert_eq!(p.items.len(), 3);
    assert_eq!(p.items[0].title, "关于网传“云川区自来水受到污染”的情况说明");
}

// ---------------------------------------------------------------------------------------
// Hostile input

static PANICS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static WATCHED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Count panics on this thread even if `extract` catches them: a caught panic is still a bug.
/// (The hook is process-wide; other tests' failures run on other threads and do not count.)
fn count_panics() {
    WATCHED.with(|w| w.set(true));
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if WATCHED.with(|w| w.get()) {
            PANICS.fetch_add(1, Ordering::SeqCst);
        }
        previous(info);
    }));
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn formats() -> Vec<Format> {
    vec![
        Format::Auto,
        Format::Feed,
        Format::WeiboJson,
        Format::Json(JsonSpec {
            items: "$..[*]".into(),
            title: "title".into(),
            link: Some("url".into()),
            date: Some("a.b.c".into()),
            text: Some("text".into()),
        }),
        Format::HtmlList,
        Format::Article,
    ]
}

fn check_bounded(p: &Page) {
    assert!(p.items.len() <= MAX_ITEMS);
    for it in &p.items {
        assert!(it.text.chars().count() <= MAX_TEXT_CHARS);
        assert!(it.links.len() <= 100);
    }
}

fn check_item_is_plain(it: &Item) {
    for s in [&it.title, &it.text] {
        assert!(
            !s.contains("SCRIPT_BODY") && !s.contains("STYLE_BODY") && !s.contains("<p>"),
            "{s}"
        );
    }
}

#[test]
fn hostile_inputs_never_panic_and_stay_bounded() {
    // On a 2 MB stack, as on a tokio worker thread: no recursion may grow with the input.
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(hostile_inputs)
        .unwrap()
        .join()
        .unwrap();
}

fn hostile_inputs() {
    count_panics();
    let page_url = url("http://www.yunchuan.gov.cn/xxgk/pyzl/index.html");
    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let formats = formats();

    // Random bytes, decoded as a fetcher would.
    for _ in 0..150 {
        let len = rng.below(3000);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        let text = decode(&bytes, None);
        for f in &formats {
            check_bounded(&extract(&text, Some("text/html"), &page_url, f));
        }
    }

    // Token soup: pieces of HTML, XML, JSON and Chinese text in random order.
    const TOKENS: &[&str] = &[
        "<div>",
        "</div>",
        "<ul class=\"list\">",
        "<li>",
        "</li>",
        "<a href=\"./t20261118_1.html\" title=\"关于网传某事的情况说明\">",
        "</a>",
        "关于网传自来水受污染的情况说明",
        "<span>2026-11-18</span>",
        "[11-18]",
        "<table>",
        "<tr><td>",
        "</td></tr>",
        "<script>",
        "alert(1)",
        "</script>",
        "<style>",
        "</style>",
        "<!--",
        "-->",
        "<b>",
        "<i>",
        "<font>",
        "&amp;",
        "&#x",
        "<",
        ">",
        "\"",
        "'",
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"cards\"",
        "\"mblog\"",
        "\"text\"",
        "\"data\"",
        "\"ok\"",
        "-100",
        "<rss version=\"2.0\">",
        "<channel>",
        "<item>",
        "<title>",
        "</title>",
        "<feed>",
        "<entry>",
        "<?xml version=\"1.0\"?>",
        "<![CDATA[",
        "]]>",
        "验证码",
        "该内容已被发布者删除",
        "<meta charset=\"gbk\">",
        "<base href=\"javascript:x\">",
        "<article>",
        "</article>",
        "id=\"js_content\"",
        "var msg_source_url = '",
        "\\x26amp;",
        "$render_data = [",
        "][0]",
        "\u{0}",
        "\u{feff}",
        "\u{3000}",
        "💥",
        "\n",
    ];
    for _ in 0..300 {
        let n = rng.below(400);
        let text: String = (0..n).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
        for f in &formats {
            check_bounded(&extract(&text, None, &page_url, f));
        }
    }

    // Deep nesting: HTML, formatting elements, JSON, XML.
    let n = 100_000;
    let cases: Vec<(&str, String)> = vec![
        ("divs", format!("<html><body>{}<a href='/a.html'>关于网传自来水受污染的情况说明</a>{}</body></html>", "<div>".repeat(n), "</div>".repeat(n))),
        ("unclosed divs", "<div><span>".repeat(n)),
        ("formatting", format!("<p>{}</p>{}", "<b><i><u>".repeat(n / 10), "<p>x</p>".repeat(n / 2))),
        ("attributes", format!("<div {}>x</div>", (0..n).map(|i| format!("a{i} ")).collect::<String>())),
        ("json arrays", "[".repeat(n)),
        ("json objects", "{\"data\":".repeat(n) + "1" + &"}".repeat(n)),
        ("json cards", format!("{{\"ok\":1,\"data\":{{\"cards\":[{}]}}}}", "{\"card_type\":11,\"card_group\":[".repeat(60) + &"]}".repeat(60))),
        ("xml", format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><item><title>{}x</title></item></channel></rss>", "<b>".repeat(n))),
        ("xml elements", format!("<rss version=\"2.0\"><channel>{}</channel></rss>", "<item><description>".repeat(n / 10))),
        ("atom", format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">{}</content></entry></feed>", "<div>".repeat(n))),
        ("rss closed nesting", format!("<rss version=\"2.0\"><channel><item><title>t</title>{}{}</item></channel></rss>", "<x>".repeat(n), "</x>".repeat(n))),
        ("atom closed nesting", format!("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><title type=\"xhtml\">{}{}</title></entry></feed>", "<x>".repeat(n), "</x>".repeat(n))),
    ];
    for (name, text) in &cases {
        for f in &formats {
            let t = Instant::now();
            let p = extract(text, None, &page_url, f);
            check_bounded(&p);
            assert!(
                t.elapsed().as_secs() < 20,
                "{name} {f:?} took {:?}",
                t.elapsed()
            );
        }
    }

    // Huge inputs: a 10 MB list page, a 10 MB Weibo timeline.
    let mut html = String::from("<html><body><ul class=\"list\">");
    let mut i = 0;
    while html.len() < 10 * 1024 * 1024 {
        html.push_str(&format!("<li><a href=\"./202611/t20261118_{i}.html\" title=\"关于网传“云川区自来水受到污染”的情况说明\">关于网传“云川区自来水受到污染”的...</a><span>2026-11-18</span></li>\n"));
        i += 1;
    }
    let t = Instant::now();
    let p = extract(&html, None, &page_url, &Format::Auto);
    assert_eq!(p.items.len(), MAX_ITEMS);
    eprintln!("10 MB list page: {:?}", t.elapsed());
    let card = fixture("weibo_timeline.json");
    let v: serde_json::Value = serde_json::from_str(&card).unwrap();
    let one = serde_json::to_string(&v["data"]["cards"][0]).unwrap();
    let cards = vec![one.as_str(); 10 * 1024 * 1024 / one.len()].join(",");
    let json = format!("{{\"ok\":1,\"data\":{{\"cards\":[{cards}]}}}}");
    let p = extract(&json, None, &page_url, &Format::WeiboJson);
    check_bounded(&p);
    // Over MAX_INPUT_BYTES: cut, so not valid JSON any more; an empty page, not a panic.
    assert!(p.items.len() <= 1);
    let small = format!(
        "{{\"ok\":1,\"data\":{{\"cards\":[{}]}}}}",
        vec![one.as_str(); 1000].join(",")
    );
    let p = extract(&small, None, &page_url, &Format::WeiboJson);
    assert_eq!(p.items.len(), 1, "same post 1000 times: one item");

    assert_eq!(
        PANICS.load(Ordering::SeqCst),
        0,
        "a panic was caught inside extract"
    );
}

#[test]
fn scripts_and_styles_never_reach_text() {
    let page_url = url("http://www.yunchuan.gov.cn/xxgk/pyzl/index.html");
    let junk = "<script>var x = 'SCRIPT_BODY <p>关于网传某事的情况说明</p>';</script><style>p{content:'STYLE_BODY'}</style><noscript>SCRIPT_BODY</noscript>";
    let li = format!("<li><a href=\"./t20261118_1.html\">关于网传云川区某事的情况说明{junk}</a>{junk}<span>2026-11-18</span></li>");
    let pages = [
        (format!("<ul class=\"list\">{}</ul>", li.repeat(3)), Format::HtmlList),
        (format!("<html><head>{junk}<meta property=\"og:type\" content=\"article\"></head><body><article><h1>关于网传某事的情况说明{junk}</h1><p>近日，网传云川区发生某事，经核查系谣言。{junk}</p></article></body></html>"), Format::Article),
        (format!("<rss version=\"2.0\"><channel><item><title>标题</title><description><![CDATA[<p>正文</p>{junk}]]></description></item></channel></rss>"), Format::Feed),
        (serde_json::json!({"ok":1,"data":{"cards":[{"card_type":9,"mblog":{"id":"1","text":format!("正文{junk}")}}]}}).to_string(), Format::WeiboJson),
        (serde_json::json!({"data":[{"title":format!("标题{junk}"),"abstract":format!("正文{junk}")}]}).to_string(), Format::Auto),
    ];
    for (text, f) in &pages {
        let p = extract(text, None, &page_url, f);
        assert!(!p.items.is_empty(), "{f:?}");
        p.items.iter().for_each(check_item_is_plain);
    }
}

#[test]
fn many_distinct_items_are_capped() {
    let items: String = (0..1000)
        .map(|i| format!("<li><a href=\"./202611/t20261118_{i}.html\">关于网传第{i}号谣言的情况说明</a><span>2026-11-18</span></li>"))
        .collect();
    let p = extract(
        &format!("<ul class=\"list\">{items}</ul>"),
        None,
        &url(GOV_LIST_URL),
        &Format::HtmlList,
    );
    assert_eq!(p.items.len(), MAX_ITEMS);
    let long = "很长的正文。".repeat(10_000);
    let html = format!("<html><head><meta property=\"og:type\" content=\"article\"></head><body><article><h1>标题标题</h1><p>{long}</p></article></body></html>");
    let p = extract(&html, None, &url("http://x.cn/a.html"), &Format::Auto);
    assert_eq!(p.items[0].text.chars().count(), MAX_TEXT_CHARS);
}

// ---------------------------------------------------------------------------------------
// Speed: `cargo test -p piyao-check --release --test extract -- --ignored --nocapture speed`

fn list_page_60k() -> String {
    let base = fixture("gov_list.html");
    let (head, tail) = base.split_once("<ul class=\"list\">").unwrap();
    let mut items = String::new();
    let mut i = 0;
    while head.len() + items.len() + tail.len() < 60 * 1024 {
        items.push_str(&format!(
            "<li><a href=\"./202611/t20261118_{i}.html\" target=\"_blank\" title=\"关于网传“云川区第{i}号谣言”的情况说明\">关于网传“云川区第{i}号谣言”的...</a><span>2026-11-18</span></li>\n"
        ));
        i += 1;
    }
    format!("{head}<ul class=\"list\">{items}{tail}")
}

fn weibo_page_60k() -> String {
    let v: serde_json::Value = serde_json::from_str(&fixture("weibo_timeline.json")).unwrap();
    let cards = v["data"]["cards"].as_array().unwrap();
    let mut out = Vec::new();
    let mut size = 0;
    let mut i = 0u64;
    while size < 60 * 1024 {
        let mut c = cards[i as usize % 3].clone();
        let id = format!("{}", 5_100_000_000_000_000u64 + i);
        if let Some(m) = c.get_mut("mblog") {
            m["id"] = id.clone().into();
        } else {
            c["card_group"][0]["mblog"]["id"] = id.into();
        }
        let s = serde_json::to_string(&c).unwrap();
        size += s.len();
        out.push(s);
        i += 1;
    }
    format!("{{\"ok\":1,\"data\":{{\"cards\":[{}]}}}}", out.join(","))
}

#[test]
#[ignore]
fn speed() {
    let page_url = url(GOV_LIST_URL);
    for (name, text, format) in [
        ("60 KB HTML list page", list_page_60k(), Format::Auto),
        (
            "60 KB HTML list page (HtmlList)",
            list_page_60k(),
            Format::HtmlList,
        ),
        ("60 KB Weibo JSON page", weibo_page_60k(), Format::Auto),
    ] {
        let p = extract(&text, None, &page_url, &format);
        assert!(p.items.len() > 30, "{name}: {}", p.items.len());
        let rounds = 200;
        let t = Instant::now();
        for _ in 0..rounds {
            std::hint::black_box(extract(
                std::hint::black_box(&text),
                None,
                &page_url,
                &format,
            ));
        }
        let per = t.elapsed() / rounds;
        println!(
            "{name}: {} bytes, {} items, {:?} per page, {:.0} pages/s",
            text.len(),
            p.items.len(),
            per,
            1.0 / per.as_secs_f64()
        );
    }
}
