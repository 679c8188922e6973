//! From what a coordinator has for an account (a profile link, an article link, an ID, a feed
//! URL) to the source the checker reads, and from that source and the office's platform
//! settings to what the checker fetches, or why only people's evidence can show a repost.
//!
//! Platform facts (see `shared/REAL-ACCOUNTS.md`): weibo.com pages are script-only shells,
//! the mobile JSON timeline (`m.weibo.cn/api/container/getIndex`, container `107603<uid>`) is
//! readable; WeChat official accounts have no public list of articles, an office reads them
//! through a WeWe RSS (feeds `/feeds/MP_WXS_<id>.atom`) or RSSHub bridge it runs itself;
//! Toutiao and Douyin profiles need signed requests, RSSHub's routes
//! `/toutiao/user/token/:token` and `/douyin/user/:uid` read them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use url::Url;

use crate::model::Platform;

/// What the checker reads for one account, resolved from the address the coordinator entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A Weibo account by its numeric user ID: read through the mobile JSON timeline.
    Weibo { uid: String },
    /// A Weibo account by its personal domain (`weibo.com/<domain>`): the checker asks Weibo
    /// which user ID it names (`m.weibo.cn/<domain>` answers with a redirect to `/u/<uid>`),
    /// then reads that timeline; the first successful test keeps the ID ([`Source::learned`]).
    WeiboDomain { domain: String },
    /// A WeChat official account by its WeWe RSS feed ID (`MP_WXS_…`).
    WechatFeed { feed: String },
    /// A WeChat official account known from one of its article links (`__biz` when the link
    /// carries it). Its articles can only be listed by a bridge that knows the account.
    WechatArticle {
        biz: Option<String>,
        article: String,
    },
    /// A Toutiao account by the token in its profile link.
    Toutiao { token: String },
    /// A Douyin account by the `sec_uid` in its profile link.
    Douyin { sec_uid: String },
    /// A web page or an RSS/Atom/JSON feed, read as it is.
    Web { url: String },
    /// A group chat: only people's evidence (links, screenshots) shows a repost.
    People,
}

/// The office's platform settings that decide how sources are read.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PlatformSettings {
    /// Base URL of the office's WeWe RSS (WeChat official accounts as feeds).
    pub wewe_rss: Option<String>,
    /// Base URL of the office's RSSHub instance (Toutiao, Douyin).
    pub rsshub: Option<String>,
    /// Where Weibo's mobile API answers; empty means `https://m.weibo.cn`.
    pub weibo_api: Option<String>,
    /// The office's own logged-in Weibo cookie (`SUB=…; SUBP=…`), for accounts only logged-in
    /// users see; replaces the visitor identity. Kept in the local database only; never
    /// written to logs, evidence, exports or messages.
    pub weibo_cookie: Option<String>,
    /// How fast the checker may ask each platform.
    pub pace: PlatformPace,
}

/// The pace the checker keeps per platform: polite by default (Weibo blocks fast clients; a
/// WeWe RSS reading account is suspended when pushed hard).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PlatformPace {
    /// Seconds between two requests to Weibo (its API and its passport).
    pub weibo_interval_s: u32,
    /// Seconds between two requests to one bridge (WeWe RSS, RSSHub).
    pub bridge_interval_s: u32,
    /// Requests at the same time to one bridge.
    pub bridge_concurrency: u32,
}

impl Default for PlatformPace {
    fn default() -> Self {
        PlatformPace {
            weibo_interval_s: 3,
            bridge_interval_s: 1,
            bridge_concurrency: 2,
        }
    }
}

/// Allowed ranges of the pace settings (the form shows them).
pub const WEIBO_INTERVAL_S: (u32, u32) = (1, 600);
pub const BRIDGE_INTERVAL_S: (u32, u32) = (0, 600);
pub const BRIDGE_CONCURRENCY: (u32, u32) = (1, 8);

impl std::fmt::Debug for CookieShown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Some(<hidden>)"
        } else {
            "None"
        })
    }
}

/// A cookie in debug output: whether there is one, never its value.
struct CookieShown<'a>(&'a Option<String>);

impl std::fmt::Debug for PlatformSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformSettings")
            .field("wewe_rss", &self.wewe_rss)
            .field("rsshub", &self.rsshub)
            .field("weibo_api", &self.weibo_api)
            .field("weibo_cookie", &CookieShown(&self.weibo_cookie))
            .field("pace", &self.pace)
            .finish()
    }
}

/// Weibo's mobile API, unless the settings name another address.
pub const WEIBO_API: &str = "https://m.weibo.cn";

/// How the checker reads a source now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reading {
    /// Fetch this address and judge what it holds.
    Fetch { url: String },
    /// No machine reading: a repost is shown by people's evidence; `why` says so in Chinese.
    People { why: String },
}

impl PlatformSettings {
    /// Trims the addresses, drops blanks and refuses one that is not an http(s) address.
    pub fn validated(self) -> Result<PlatformSettings, String> {
        let clean = |label: &str, v: Option<String>| -> Result<Option<String>, String> {
            let Some(v) = v.map(|v| v.trim().trim_end_matches('/').to_string()) else {
                return Ok(None);
            };
            if v.is_empty() {
                return Ok(None);
            }
            match Url::parse(&v) {
                Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {
                    Ok(Some(v))
                }
                _ => Err(format!(
                    "{label}地址必须是 http:// 或 https:// 开头的网址：{v}"
                )),
            }
        };
        let weibo_cookie = self
            .weibo_cookie
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty());
        if let Some(c) = &weibo_cookie {
            // never quoted back: the message must not carry the cookie
            let usable =
                c.len() <= 8192 && c.contains('=') && c.bytes().all(|b| (0x20..0x7f).contains(&b));
            if !usable {
                return Err(
                    "微博登录 Cookie 格式不对：应为浏览器中复制的一行 名称=值; 名称=值（如 SUB=…; SUBP=…），不含换行和中文。"
                        .into(),
                );
            }
        }
        let p = self.pace;
        for (label, value, (min, max)) in [
            ("微博请求间隔（秒）", p.weibo_interval_s, WEIBO_INTERVAL_S),
            (
                "转换服务请求间隔（秒）",
                p.bridge_interval_s,
                BRIDGE_INTERVAL_S,
            ),
            ("转换服务并发数", p.bridge_concurrency, BRIDGE_CONCURRENCY),
        ] {
            if !(min..=max).contains(&value) {
                return Err(format!("{label}应在 {min} 到 {max} 之间，现为 {value}"));
            }
        }
        Ok(PlatformSettings {
            wewe_rss: clean("WeWe RSS ", self.wewe_rss)?,
            rsshub: clean("RSSHub ", self.rsshub)?,
            weibo_api: clean("微博接口", self.weibo_api)?,
            weibo_cookie,
            pace: p,
        })
    }
}

impl PlatformSettings {
    /// The hosts the pace applies to, with (seconds between requests, requests at a time):
    /// Weibo's API and passport (`passport` is where the visitor handshake goes) and each bridge.
    pub fn paced_hosts(&self, passport: &str) -> Vec<(String, u32, u32)> {
        // by host name, as the fetcher paces (two services on one machine share its pace)
        let host = |u: &str| {
            Url::parse(u)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
        };
        let p = self.pace;
        let mut out = Vec::new();
        for u in [self.weibo_api.as_deref().unwrap_or(WEIBO_API), passport] {
            out.extend(host(u).map(|h| (h, p.weibo_interval_s, 1)));
        }
        for u in [&self.wewe_rss, &self.rsshub].into_iter().flatten() {
            out.extend(host(u).map(|h| (h, p.bridge_interval_s, p.bridge_concurrency)));
        }
        out
    }
}

impl Source {
    /// What the checker does with this source under `settings`.
    pub fn reading(&self, settings: &PlatformSettings) -> Reading {
        let fetch = |url: String| Reading::Fetch { url };
        let people = |why: &str| Reading::People {
            why: why.to_string(),
        };
        match self {
            Source::Weibo { uid } => {
                let base = settings.weibo_api.as_deref().unwrap_or(WEIBO_API);
                fetch(format!(
                    "{base}/api/container/getIndex?type=uid&value={uid}&containerid=107603{uid}"
                ))
            }
            Source::WeiboDomain { domain } => {
                let base = settings.weibo_api.as_deref().unwrap_or(WEIBO_API);
                fetch(format!("{base}/{domain}?{WEIBO_DOMAIN_QUERY}"))
            }
            Source::WechatFeed { feed } => match &settings.wewe_rss {
                Some(base) => fetch(format!("{base}/feeds/{feed}.atom")),
                None => people(
                    "微信公众号没有公开的文章列表：需要在“平台接入”中填写本单位的 WeWe RSS 地址后才能自动核查，否则请单位报送转载链接或截图。",
                ),
            },
            Source::WechatArticle { biz, .. } => match biz.as_deref().and_then(wechat_feed_of_biz) {
                Some(feed) => Source::WechatFeed { feed }.reading(settings),
                None if settings.wewe_rss.is_some() => people(
                    "这是一篇公众号文章的短链接，链接里没有公众号标识（__biz）：点“测试读取”，由核查程序打开这篇文章找出公众号，之后按本单位 WeWe RSS 的订阅自动核查（需先在 WeWe RSS 中添加该公众号）。",
                ),
                None => people(
                    "这是一篇公众号文章的链接，只能看到这一篇：需要在“平台接入”中填写本单位的 WeWe RSS 地址，并在 WeWe RSS 中用这篇文章添加该公众号后才能自动核查；在此之前请单位报送转载链接或截图。",
                ),
            },
            Source::Toutiao { token } => match &settings.rsshub {
                Some(base) => fetch(format!("{base}/toutiao/user/token/{token}")),
                None => people(
                    "今日头条主页需要浏览器才能读取：需要在“平台接入”中填写本单位的 RSSHub 地址后才能自动核查，否则请单位报送转载链接或截图。",
                ),
            },
            Source::Douyin { sec_uid } => match &settings.rsshub {
                Some(base) => fetch(format!("{base}/douyin/user/{sec_uid}")),
                None => people(
                    "抖音主页需要浏览器才能读取：需要在“平台接入”中填写本单位的 RSSHub 地址后才能自动核查，否则请单位报送转载链接或截图。",
                ),
            },
            Source::Web { url } => fetch(url.clone()),
            Source::People => people("群聊没有可读取的页面：请联络员报送转发截图或链接，人工确认。"),
        }
    }

    /// What a successful read at `read_url` (where the checker ended up) teaches about this
    /// source: a Weibo personal domain becomes the user ID its timeline was read under. `None`
    /// when there is nothing new to keep.
    pub fn learned(&self, read_url: &str) -> Option<Source> {
        let url = Url::parse(read_url).ok()?;
        if let Source::WechatArticle { biz: None, .. } = self {
            // the WeWe RSS feed the article's account was found under
            let file = segments(&url).pop()?;
            let feed = file.rsplit_once('.').map_or(file.as_str(), |(f, _)| f);
            return wechat_feed_of_biz_digits(feed.strip_prefix("MP_WXS_")?)
                .map(|feed| Source::WechatFeed { feed });
        }
        let Source::WeiboDomain { .. } = self else {
            return None;
        };
        // the timeline on Weibo's API, wherever the settings put it
        if !url.path().starts_with("/api/container/getIndex") {
            return None;
        }
        let uid = query(&url, "containerid")
            .and_then(|c| c.strip_prefix("107603").map(str::to_string))
            .or_else(|| query(&url, "value"))
            .filter(|id| is_uid(id))?;
        Some(Source::Weibo { uid })
    }

    /// How a test (测试读取) finds the account behind a WeChat short article link: by opening
    /// the article, once the office has a WeWe RSS to read the account's feed from.
    pub fn identify(&self, settings: &PlatformSettings) -> Option<Identify> {
        match (self, &settings.wewe_rss) {
            (Source::WechatArticle { biz: None, article }, Some(wewe)) => Some(Identify {
                article: article.clone(),
                wewe_rss: wewe.clone(),
            }),
            _ => None,
        }
    }

    /// A short Chinese description for the ledger ("微博 UID 1234567890").
    pub fn describe(&self) -> String {
        match self {
            Source::Weibo { uid } => format!("微博 UID {uid}"),
            Source::WeiboDomain { domain } => {
                format!("微博个性域名 {domain}（首次读取时查出数字ID）")
            }
            Source::WechatFeed { feed } => format!("公众号订阅 {feed}"),
            Source::WechatArticle { biz: Some(b), .. } => match wechat_feed_of_biz(b) {
                Some(feed) => format!("公众号订阅 {feed}（由文章链接的 __biz 得出）"),
                None => format!("公众号 __biz={b}（无法识别）"),
            },
            Source::WechatArticle { biz: None, .. } => {
                "公众号文章短链接（测试读取时找出公众号）".to_string()
            }
            Source::Toutiao { token } => format!("头条号 {token}"),
            Source::Douyin { sec_uid } => format!("抖音号 {sec_uid}"),
            Source::Web { .. } => "网页或订阅源，原样读取".to_string(),
            Source::People => "人工佐证".to_string(),
        }
    }
}

/// A WeChat article to open to learn its account (`__biz`), and the WeWe RSS to read that
/// account's feed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identify {
    pub article: String,
    pub wewe_rss: String,
}

impl Identify {
    /// The feed to read for the account the article's page names; `None` when the page names
    /// none (WeChat's verification page, a removed article).
    pub fn feed_url(&self, page: &str) -> Option<String> {
        let feed = wechat_feed_of_biz(&wechat_biz_in_page(page)?)?;
        Some(format!("{}/feeds/{feed}.atom", self.wewe_rss))
    }
}

/// What the ledger's form shows while an address is typed: what it resolves to and how the
/// checker would read it with the office's settings now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SourcePreview {
    pub source: Option<Source>,
    /// `Source::describe`, for the window.
    pub label: Option<String>,
    pub reading: Option<Reading>,
}

/// Resolves `entered` and says how it would be read under `settings`; an address that cannot
/// be used is the resolution's error.
pub fn preview(
    platform: Platform,
    entered: Option<&str>,
    settings: &PlatformSettings,
) -> Result<SourcePreview, String> {
    let source = resolve(platform, entered)?;
    Ok(SourcePreview {
        label: source.as_ref().map(Source::describe),
        reading: source.as_ref().map(|s| s.reading(settings)),
        source,
    })
}

/// The forms accepted for a platform, for error messages.
fn accepted(platform: Platform) -> &'static str {
    match platform {
        Platform::Weibo => "weibo.com/u/数字ID、weibo.com/个性域名、m.weibo.cn/u/数字ID、m.weibo.cn/profile/数字ID、一条微博的链接、纯数字的微博ID，或一个订阅源网址",
        Platform::Wechat => "公众号文章链接（mp.weixin.qq.com/s…）、WeWe RSS 的订阅号 ID（MP_WXS_…），或一个订阅源网址",
        Platform::Toutiao => "头条主页链接（toutiao.com/c/user/token/…），或一个订阅源网址",
        Platform::Douyin => "抖音主页链接（douyin.com/user/…），或一个订阅源网址",
        Platform::Website | Platform::Other | Platform::GroupChat => "http:// 或 https:// 开头的网址",
    }
}

fn refused(platform: Platform, text: &str) -> String {
    let shown: String = text.chars().take(200).collect();
    format!(
        "无法识别的{}监测地址：{shown}。可以填写：{}",
        platform.label(),
        accepted(platform)
    )
}

/// `https://` is added to what looks like a host and a path typed without it.
fn as_url(text: &str) -> Option<Url> {
    let parsed = Url::parse(text).ok().or_else(|| {
        let host = text.split('/').next()?;
        (host.contains('.') && !text.contains(char::is_whitespace))
            .then(|| Url::parse(&format!("https://{text}")).ok())
            .flatten()
    })?;
    (matches!(parsed.scheme(), "http" | "https") && parsed.host().is_some()).then_some(parsed)
}

fn host_is(url: &Url, domain: &str) -> bool {
    url.host_str().is_some_and(|h| {
        let h = h.to_ascii_lowercase();
        h == domain || h.ends_with(&format!(".{domain}"))
    })
}

fn segments(url: &Url) -> Vec<String> {
    url.path_segments()
        .map(|s| s.filter(|p| !p.is_empty()).map(str::to_string).collect())
        .unwrap_or_default()
}

fn query(url: &Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .filter(|v| !v.is_empty())
}

fn is_uid(text: &str) -> bool {
    (5..=12).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 200
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b == b'=')
}

/// The query the checker adds to a personal domain's address on Weibo's mobile site (what
/// weibo.com's own links to it carry); the checker recognises the lookup by it.
pub const WEIBO_DOMAIN_QUERY: &str = "jumpfrom=weibocom";

/// Paths of weibo.com that are not personal domains.
const WEIBO_RESERVED: &[&str] = &[
    "u",
    "n",
    "p",
    "profile",
    "status",
    "detail",
    "ajax",
    "api",
    "login",
    "logout",
    "signup",
    "search",
    "hot",
    "tv",
    "newlogin",
    "home",
    "messages",
    "set",
    "at",
    "comment",
    "fav",
    "like",
    "mygroups",
    "sinaurl",
    "visitor",
    "signin",
    "index",
    "topic",
    "a",
    "ttarticle",
    "article",
];

/// A personal domain: 4 to 30 letters, digits, '_' or '-', starting with a letter.
fn is_weibo_domain(seg: &str) -> bool {
    (4..=30).contains(&seg.len())
        && seg.as_bytes()[0].is_ascii_alphabetic()
        && seg
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !WEIBO_RESERVED.contains(&seg.to_ascii_lowercase().as_str())
}

enum WeiboAddress {
    Uid(String),
    Domain(String),
}

fn weibo(url: &Url) -> Option<Result<WeiboAddress, ()>> {
    if !(host_is(url, "weibo.com") || host_is(url, "weibo.cn")) {
        return None;
    }
    let uid = |id: &str| Some(Ok(WeiboAddress::Uid(id.to_string())));
    if let Some(v) = query(url, "value").filter(|v| is_uid(v)) {
        return uid(&v);
    }
    if let Some(c) = query(url, "containerid") {
        if let Some(id) = c.strip_prefix("107603").filter(|id| is_uid(id)) {
            return uid(id);
        }
    }
    match segments(url).as_slice() {
        [kind, id, ..] if (kind == "u" || kind == "profile") && is_uid(id) => uid(id),
        [id, ..] if is_uid(id) => uid(id),
        [domain] if is_weibo_domain(domain) => Some(Ok(WeiboAddress::Domain(domain.clone()))),
        _ => Some(Err(())),
    }
}

/// Resolves what the coordinator entered as an account's address. `Ok(None)`: nothing entered
/// (the account is confirmed by hand); an error names the forms the platform accepts.
pub fn resolve(platform: Platform, entered: Option<&str>) -> Result<Option<Source>, String> {
    let text = entered.map(str::trim).unwrap_or_default();
    if platform == Platform::GroupChat {
        if !text.is_empty() && as_url(text).is_none() {
            return Err(refused(platform, text));
        }
        return Ok(Some(Source::People));
    }
    if text.is_empty() {
        return Ok(None);
    }
    let url = as_url(text);
    let source = match (platform, url) {
        (Platform::Weibo, None) if is_uid(text) => Source::Weibo { uid: text.into() },
        (Platform::Weibo, Some(u)) => match weibo(&u) {
            Some(Ok(WeiboAddress::Uid(uid))) => Source::Weibo { uid },
            Some(Ok(WeiboAddress::Domain(domain))) => Source::WeiboDomain { domain },
            Some(Err(())) => {
                return Err(format!(
                    "这个微博地址里没有数字ID或个性域名：{text}。昵称链接（/n/昵称）无法核查，请打开该账号主页，复制 weibo.com/u/数字ID 或 weibo.com/个性域名 形式的地址（或在 m.weibo.cn 打开后复制）。"
                ))
            }
            None => Source::Web { url: u.to_string() },
        },
        (Platform::Wechat, None) if text.starts_with("MP_WXS_") && is_token(text) => {
            Source::WechatFeed { feed: text.into() }
        }
        (Platform::Wechat, Some(u)) if host_is(&u, "mp.weixin.qq.com") => {
            let seg = segments(&u);
            let is_article = seg.first().is_some_and(|s| s == "s") || query(&u, "__biz").is_some();
            if !is_article {
                return Err(refused(platform, text));
            }
            let biz = query(&u, "__biz");
            match biz.as_deref().and_then(wechat_feed_of_biz) {
                Some(feed) => Source::WechatFeed { feed },
                None => Source::WechatArticle {
                    biz,
                    article: u.to_string(),
                },
            }
        }
        (Platform::Toutiao, Some(u)) if host_is(&u, "toutiao.com") => {
            match segments(&u).as_slice() {
                [c, user, token_kw, token, ..]
                    if c == "c" && user == "user" && token_kw == "token" && is_token(token) =>
                {
                    Source::Toutiao {
                        token: token.clone(),
                    }
                }
                _ => return Err(refused(platform, text)),
            }
        }
        (Platform::Douyin, Some(u)) if host_is(&u, "douyin.com") => match segments(&u).as_slice() {
            [user, id, ..] if user == "user" && is_token(id) => Source::Douyin {
                sec_uid: id.clone(),
            },
            _ => return Err(refused(platform, text)),
        },
        (_, Some(u)) => Source::Web { url: u.to_string() },
        (_, None) => return Err(refused(platform, text)),
    };
    Ok(Some(source))
}

/// The WeWe RSS feed ID of a WeChat official account from the `__biz` of its article links.
/// `__biz` is the account's number in base 64; WeWe RSS (through WeChat Reading) names the
/// account's feed `MP_WXS_<that number>`. `None` when `biz` does not decode to a number.
pub fn wechat_feed_of_biz(biz: &str) -> Option<String> {
    use base64::Engine as _;
    let biz = biz.trim().trim_end_matches('=');
    let bytes = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(biz)
        .ok()?;
    wechat_feed_of_biz_digits(std::str::from_utf8(&bytes).ok()?)
}

fn wechat_feed_of_biz_digits(digits: &str) -> Option<String> {
    ((5..=12).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("MP_WXS_{digits}"))
}

/// The `__biz` of a WeChat article page as WeChat serves it: the page's `var biz = "…"||"…"`,
/// else the first `__biz=` of its own links (`og:url`, `msg_link`). `None` when the page
/// names no account (a login or verification page).
pub fn wechat_biz_in_page(html: &str) -> Option<String> {
    let is_biz = |v: &str| {
        (8..=40).contains(&v.len())
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
    };
    let declared = html.find("var biz =").and_then(|at| {
        let line = html[at..].lines().next()?;
        line.split('"')
            .skip(1)
            .step_by(2)
            .find(|v| is_biz(v))
            .map(str::to_string)
    });
    declared.or_else(|| {
        html.match_indices("__biz=").find_map(|(at, _)| {
            let rest = &html[at + "__biz=".len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '%')))
                .unwrap_or(rest.len());
            let v = rest[..end].replace("%3D", "=").replace("%3d", "=");
            is_biz(&v).then_some(v)
        })
    })
}

/// Weibo's base-62 digits, as its post links (`weibo.com/<uid>/<bid>`) write a post's mid.
const WEIBO_BASE62: &[u8; 62] = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The mid a post's bid stands for. Weibo writes the decimal mid in groups of 7 digits from
/// the right, each group as 4 base-62 digits ("z0JH2lOMb" is 35|0175648|5200075). `None`
/// when `bid` is not one.
pub fn weibo_mid_of_bid(bid: &str) -> Option<String> {
    if bid.is_empty() || bid.len() > 12 {
        return None;
    }
    let bytes = bid.as_bytes();
    let mut groups = Vec::new();
    let mut end = bytes.len();
    while end > 0 {
        let start = end.saturating_sub(4);
        let mut value: u64 = 0;
        for &b in &bytes[start..end] {
            let digit = WEIBO_BASE62.iter().position(|&c| c == b)? as u64;
            value = value * 62 + digit;
        }
        if value >= 10_000_000 {
            return None;
        }
        groups.push(value);
        end = start;
    }
    let mut mid = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i == 0 {
            mid.push_str(&g.to_string());
        } else {
            mid.push_str(&format!("{g:07}"));
        }
    }
    Some(mid.trim_start_matches('0').to_string())
}

/// The bid of a post's mid (see [`weibo_mid_of_bid`]); `None` when `mid` is not decimal.
pub fn weibo_bid_of_mid(mid: &str) -> Option<String> {
    if mid.is_empty() || mid.len() > 21 || !mid.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let bytes = mid.as_bytes();
    let mut groups = Vec::new();
    let mut end = bytes.len();
    while end > 0 {
        let start = end.saturating_sub(7);
        let mut value: u64 = std::str::from_utf8(&bytes[start..end]).ok()?.parse().ok()?;
        let mut digits = Vec::new();
        while value > 0 {
            digits.push(WEIBO_BASE62[(value % 62) as usize]);
            value /= 62;
        }
        if start > 0 {
            digits.resize(4, b'0');
        }
        digits.reverse();
        groups.push(String::from_utf8(digits).ok()?);
        end = start;
    }
    groups.reverse();
    Some(groups.concat())
}

/// [`resolve`], unless the ledger already holds a source for this address (`stored`, JSON):
/// that one may know more than the address says (a Weibo personal domain's user ID, learned
/// by a read).
pub fn resolve_stored(
    platform: Platform,
    entered: Option<&str>,
    stored: Option<&str>,
) -> Result<Option<Source>, String> {
    match stored.and_then(|j| serde_json::from_str::<Source>(j).ok()) {
        Some(source) => Ok(Some(source)),
        None => resolve(platform, entered),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Platform::*;

    fn ok(platform: Platform, text: &str) -> Source {
        resolve(platform, Some(text))
            .unwrap_or_else(|e| panic!("{text}: {e}"))
            .unwrap()
    }

    fn weibo_uid(uid: &str) -> Source {
        Source::Weibo { uid: uid.into() }
    }

    #[test]
    fn what_offices_paste_resolves_to_a_source() {
        let table: Vec<(Platform, &str, Source)> = vec![
            (Weibo, "https://weibo.com/u/1234567890", weibo_uid("1234567890")),
            (Weibo, "weibo.com/u/1234567890?tabtype=feed", weibo_uid("1234567890")),
            (Weibo, "https://www.weibo.com/1234567890", weibo_uid("1234567890")),
            (Weibo, "https://weibo.com/1234567890/PabcD12ef", weibo_uid("1234567890")),
            (Weibo, "https://m.weibo.cn/u/1234567890", weibo_uid("1234567890")),
            (Weibo, "https://m.weibo.cn/profile/1234567890", weibo_uid("1234567890")),
            (Weibo, " 1234567890 ", weibo_uid("1234567890")),
            (Weibo, "https://weibo.com/pinganchengdu", Source::WeiboDomain { domain: "pinganchengdu".into() }),
            (Weibo, "weibo.com/rmrb?refer_flag=1001030103_", Source::WeiboDomain { domain: "rmrb".into() }),
            (Weibo, "https://m.weibo.cn/yunchuan_police", Source::WeiboDomain { domain: "yunchuan_police".into() }),
            (
                Weibo,
                "https://m.weibo.cn/api/container/getIndex?type=uid&value=1234567890",
                weibo_uid("1234567890"),
            ),
            (
                Weibo,
                "https://m.weibo.cn/api/container/getIndex?containerid=1076031234567890",
                weibo_uid("1234567890"),
            ),
            (
                Weibo,
                "https://rsshub.example.gov.cn/weibo/user/1234567890",
                Source::Web { url: "https://rsshub.example.gov.cn/weibo/user/1234567890".into() },
            ),
            (
                Wechat,
                "https://mp.weixin.qq.com/s?__biz=MzA5NzYxMjUzNw==&mid=2650&idx=1&sn=abc",
                // __biz is the account's number in base 64; WeWe RSS's feed ID carries it
                Source::WechatFeed { feed: "MP_WXS_3097612537".into() },
            ),
            (
                Wechat,
                "https://mp.weixin.qq.com/s?__biz=MzI2MzEwNTY3OQ%3D%3D&mid=2648978231&idx=1",
                Source::WechatFeed { feed: "MP_WXS_3263105679".into() },
            ),
            (
                Wechat,
                "https://mp.weixin.qq.com/s?__biz=bm90LWEtbnVtYmVy&mid=1",
                Source::WechatArticle {
                    biz: Some("bm90LWEtbnVtYmVy".into()),
                    article: "https://mp.weixin.qq.com/s?__biz=bm90LWEtbnVtYmVy&mid=1".into(),
                },
            ),
            (
                Wechat,
                "https://mp.weixin.qq.com/s/AbC-dEf_123",
                Source::WechatArticle { biz: None, article: "https://mp.weixin.qq.com/s/AbC-dEf_123".into() },
            ),
            (Wechat, "MP_WXS_3071234567", Source::WechatFeed { feed: "MP_WXS_3071234567".into() }),
            (
                Wechat,
                "http://wewe.office.lan:4000/feeds/MP_WXS_3071234567.atom",
                Source::Web { url: "http://wewe.office.lan:4000/feeds/MP_WXS_3071234567.atom".into() },
            ),
            (
                Toutiao,
                "https://www.toutiao.com/c/user/token/MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxdBlVp3nM0/",
                Source::Toutiao { token: "MS4wLjABAAAAv7iSuuXDJGDvJkmH_vz1qkDZYo1apxgzaxdBlVp3nM0".into() },
            ),
            (
                Douyin,
                "https://www.douyin.com/user/MS4wLjABAAAA-abc_DEF?from_tab_name=main",
                Source::Douyin { sec_uid: "MS4wLjABAAAA-abc_DEF".into() },
            ),
            (
                Website,
                "https://www.district.gov.cn/xwzx/",
                Source::Web { url: "https://www.district.gov.cn/xwzx/".into() },
            ),
            (Website, "www.district.gov.cn/rss.xml", Source::Web { url: "https://www.district.gov.cn/rss.xml".into() }),
            (GroupChat, "", Source::People),
        ];
        for (platform, text, want) in table {
            assert_eq!(ok(platform, text), want, "{platform:?} {text}");
        }
        assert_eq!(resolve(Website, None), Ok(None));
        assert_eq!(resolve(Weibo, Some("   ")), Ok(None));
        assert_eq!(resolve(GroupChat, None), Ok(Some(Source::People)));
    }

    #[test]
    fn a_weibo_bid_is_its_mid_in_base_62() {
        assert_eq!(
            weibo_mid_of_bid("z0JH2lOMb").as_deref(),
            Some("3501756485200075")
        );
        assert_eq!(
            weibo_bid_of_mid("3501756485200075").as_deref(),
            Some("z0JH2lOMb")
        );
        for mid in ["5099999999999999", "4380000000000001", "1000000", "62"] {
            let bid = weibo_bid_of_mid(mid).unwrap();
            assert_eq!(weibo_mid_of_bid(&bid).as_deref(), Some(mid), "{mid} {bid}");
        }
        assert_eq!(weibo_mid_of_bid(""), None);
        assert_eq!(weibo_mid_of_bid("ZZZZ"), None, "a group past 7 digits");
        assert_eq!(weibo_mid_of_bid("z0J-2lOMb"), None);
        assert_eq!(weibo_bid_of_mid("12a"), None);
    }

    #[test]
    fn a_personal_domain_is_looked_up_once_then_kept_as_the_user_id() {
        let settings = PlatformSettings {
            weibo_api: Some("http://127.0.0.1:8081".into()),
            ..PlatformSettings::default()
        };
        let domain = ok(Weibo, "https://weibo.com/pinganchengdu");
        assert_eq!(
            domain.reading(&settings),
            Reading::Fetch {
                url: "http://127.0.0.1:8081/pinganchengdu?jumpfrom=weibocom".into()
            }
        );
        let timeline = "http://127.0.0.1:8081/api/container/getIndex?containerid=1076031234567890";
        assert_eq!(domain.learned(timeline), Some(weibo_uid("1234567890")));
        // the lookup page itself, a shell, or a user ID that was already known: nothing new
        assert_eq!(
            domain.learned("http://127.0.0.1:8081/pinganchengdu?jumpfrom=weibocom"),
            None
        );
        assert_eq!(domain.learned("not a url"), None);
        assert_eq!(weibo_uid("1234567890").learned(timeline), None);
    }

    #[test]
    fn a_short_article_link_is_identified_from_its_page_then_kept_as_the_feed() {
        let short = ok(Wechat, "https://mp.weixin.qq.com/s/AbC-dEf_123");
        // what WeChat's article pages carry (both orders of `var biz`, and links only)
        for (page, biz) in [
            (
                r#"<script>var biz = ""||"MjM5NzE1NTMyNg==";</script>"#,
                "MjM5NzE1NTMyNg==",
            ),
            (r#"var biz = "MzI2MzEwNTY3OQ=="||"";"#, "MzI2MzEwNTY3OQ=="),
            (
                r#"<meta property="og:url" content="http://mp.weixin.qq.com/s?__biz=MzA5NjEyMzQ1Ng==&amp;mid=2650001234&amp;idx=1">"#,
                "MzA5NjEyMzQ1Ng==",
            ),
            (r#"location.href="/mp/rumor?__biz="+biz+"&mid=""#, ""),
            ("<title>当前环境异常，完成验证后即可继续访问</title>", ""),
        ] {
            assert_eq!(wechat_biz_in_page(page).unwrap_or_default(), biz, "{page}");
        }
        assert_eq!(
            wechat_feed_of_biz("MjM5NzE1NTMyNg==").as_deref(),
            Some("MP_WXS_2397155326")
        );
        assert_eq!(wechat_feed_of_biz("not base64!"), None);
        let feed_read = "http://127.0.0.1:4000/feeds/MP_WXS_2397155326.atom";
        assert_eq!(
            short.learned(feed_read),
            Some(Source::WechatFeed {
                feed: "MP_WXS_2397155326".into()
            })
        );
        assert_eq!(short.learned("http://127.0.0.1:4000/feeds/all.atom"), None);
        assert_eq!(
            short.learned("https://mp.weixin.qq.com/s/AbC-dEf_123"),
            None
        );
    }

    #[test]
    fn what_cannot_be_read_is_refused_with_the_accepted_forms() {
        for (platform, text, says) in [
            (
                Weibo,
                "https://weibo.com/n/平安成都",
                "昵称链接（/n/昵称）无法核查",
            ),
            (Weibo, "https://weibo.com/login", "个性域名"),
            (Weibo, "https://weibo.com/hot/search", "个性域名"),
            (Weibo, "平安某区", "weibo.com/u/数字ID"),
            (Weibo, "12", "weibo.com/u/数字ID"),
            (Wechat, "gh_1234567890ab", "MP_WXS_"),
            (
                Wechat,
                "https://mp.weixin.qq.com/mp/homepage",
                "公众号文章链接",
            ),
            (
                Toutiao,
                "https://www.toutiao.com/article/7312345/",
                "toutiao.com/c/user/token",
            ),
            (
                Douyin,
                "https://www.douyin.com/video/7312345",
                "douyin.com/user",
            ),
            (Website, "javascript:alert(1)", "http://"),
            (Website, "ftp://files.example/x", "http://"),
            (GroupChat, "区委宣传部工作群", "http://"),
        ] {
            let e = resolve(platform, Some(text)).unwrap_err();
            assert!(e.contains(says), "{platform:?} {text}: {e}");
        }
    }

    #[test]
    fn a_source_is_read_through_the_offices_bridges_or_by_people() {
        let none = PlatformSettings::default();
        let bridges = PlatformSettings {
            wewe_rss: Some("http://127.0.0.1:4000".into()),
            rsshub: Some("http://127.0.0.1:1200".into()),
            weibo_api: Some("http://127.0.0.1:8081".into()),
            weibo_cookie: None,
            ..Default::default()
        };
        let fetch = |s: &Source, p: &PlatformSettings| match s.reading(p) {
            Reading::Fetch { url } => url,
            Reading::People { why } => panic!("{s:?}: {why}"),
        };
        let people = |s: &Source, p: &PlatformSettings| match s.reading(p) {
            Reading::People { why } => why,
            Reading::Fetch { url } => panic!("{s:?} fetched {url}"),
        };
        let w = weibo_uid("1234567890");
        assert_eq!(
            fetch(&w, &none),
            "https://m.weibo.cn/api/container/getIndex?type=uid&value=1234567890&containerid=1076031234567890"
        );
        assert!(fetch(&w, &bridges).starts_with("http://127.0.0.1:8081/api/container/getIndex?"));
        let feed = Source::WechatFeed {
            feed: "MP_WXS_1".into(),
        };
        assert!(people(&feed, &none).contains("WeWe RSS"));
        assert_eq!(
            fetch(&feed, &bridges),
            "http://127.0.0.1:4000/feeds/MP_WXS_1.atom"
        );
        let article = ok(Wechat, "https://mp.weixin.qq.com/s/AbC");
        assert!(people(&article, &none).contains("WeWe RSS"));
        assert!(people(&article, &bridges).contains("测试读取"));
        // a row kept from before with a __biz that names the account: its feed
        let kept = Source::WechatArticle {
            biz: Some("MzA5NzYxMjUzNw==".into()),
            article: "https://mp.weixin.qq.com/s?__biz=MzA5NzYxMjUzNw==".into(),
        };
        assert_eq!(
            fetch(&kept, &bridges),
            "http://127.0.0.1:4000/feeds/MP_WXS_3097612537.atom"
        );
        assert!(kept.describe().contains("MP_WXS_3097612537"));
        let tt = Source::Toutiao { token: "T1".into() };
        assert!(people(&tt, &none).contains("RSSHub"));
        assert_eq!(
            fetch(&tt, &bridges),
            "http://127.0.0.1:1200/toutiao/user/token/T1"
        );
        let dy = Source::Douyin {
            sec_uid: "S1".into(),
        };
        assert_eq!(fetch(&dy, &bridges), "http://127.0.0.1:1200/douyin/user/S1");
        assert!(people(&Source::People, &bridges).contains("截图"));
    }

    #[test]
    fn settings_addresses_are_trimmed_or_refused() {
        let s = PlatformSettings {
            wewe_rss: Some(" http://127.0.0.1:4000/ ".into()),
            rsshub: Some("  ".into()),
            weibo_api: None,
            weibo_cookie: Some(" SUB=_2A25secret; SUBP=0033Wr ".into()),
            ..Default::default()
        }
        .validated()
        .unwrap();
        assert_eq!(s.wewe_rss.as_deref(), Some("http://127.0.0.1:4000"));
        assert_eq!(s.rsshub, None);
        assert_eq!(
            s.weibo_cookie.as_deref(),
            Some("SUB=_2A25secret; SUBP=0033Wr")
        );
        assert!(
            !format!("{s:?}").contains("secret"),
            "debug output hides the cookie"
        );
        for bad in ["SUB=a\nSUBP=b", "没有等号", "SUB=值"] {
            let e = PlatformSettings {
                weibo_cookie: Some(bad.into()),
                ..Default::default()
            }
            .validated()
            .unwrap_err();
            assert!(e.contains("Cookie") && !e.contains(bad), "{e}");
        }
        let too_fast = PlatformSettings {
            pace: PlatformPace {
                weibo_interval_s: 0,
                ..Default::default()
            },
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert!(too_fast.contains("微博请求间隔"), "{too_fast}");
    }

    #[test]
    fn the_pace_applies_to_weibo_and_each_bridge() {
        let s = PlatformSettings {
            rsshub: Some("http://10.0.0.5:1200".into()),
            ..Default::default()
        };
        assert_eq!(
            s.paced_hosts("https://passport.weibo.com"),
            vec![
                ("m.weibo.cn".to_string(), 3, 1),
                ("passport.weibo.com".to_string(), 3, 1),
                ("10.0.0.5".to_string(), 1, 2),
            ]
        );
        let e = PlatformSettings {
            rsshub: Some("rsshub".into()),
            ..Default::default()
        }
        .validated()
        .unwrap_err();
        assert!(e.contains("RSSHub"), "{e}");
    }
}
