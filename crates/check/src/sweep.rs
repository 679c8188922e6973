//! From an account's URL to a verdict with evidence, and sweeps over many accounts.
//!
//! One account: fetch its page (conditionally when this push has seen it before), read the
//! status, decode, extract the items, match them against the rebuttal and the rumor; where a
//! list shows only a truncated title that could be the rebuttal, follow the item's link and
//! decide on the article page.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use piyao_core::model::{Evidence, Verdict};
use piyao_core::store::{CheckRecord, CheckTask};
use serde::Serialize;
use url::Url;

use crate::decode::{decode, decode_borrowed};
use crate::extract::{extract, Format, Page, PageState};
use crate::fetch::{Cut, FetchConfig, FetchError, FetchOutcome, Fetched, Fetcher, Validators};
use crate::item::{Item, Reference};
use crate::matcher::{MatchKind, MatchOutcome, Matcher};
use crate::screen::MIN_SCREENED_BYTES;

/// How many entries of one account are opened at most in one check (cut titles, undecided
/// titles, entries in rebuttal words, entries dated since the rebuttal: in that order).
pub const DEFAULT_FOLLOW_LIMIT: usize = 5;

/// Where the time of a sweep went, for progress lines and benchmarks.
#[derive(Debug, Default)]
pub struct Stats {
    pub pages: AtomicU64,
    pub bytes: AtomicU64,
    pub followed: AtomicU64,
    pub unchanged: AtomicU64,
    /// Pages decided without parsing: the pre-screen found nothing on them that any rule
    /// could match (see [`crate::screen`]).
    pub screened: AtomicU64,
    /// Pages decoded, extracted and matched in full (followed articles included).
    pub parsed: AtomicU64,
    /// Nanoseconds, summed over tasks (they overlap in wall time). Fetch time counts from
    /// holding a connection slot to the last byte of the body; screen time is decoding and
    /// the pre-screen, extract time the parsing that follows (or decoding and parsing, for
    /// pages that are not screened).
    pub fetch_ns: AtomicU64,
    pub screen_ns: AtomicU64,
    pub extract_ns: AtomicU64,
    pub match_ns: AtomicU64,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct StatsSnapshot {
    pub pages: u64,
    pub bytes: u64,
    pub followed: u64,
    pub unchanged: u64,
    pub screened: u64,
    pub parsed: u64,
    pub fetch_ms: u64,
    pub screen_ms: u64,
    pub extract_ms: u64,
    pub match_ms: u64,
}

impl Stats {
    pub fn snapshot(&self) -> StatsSnapshot {
        let ms = |a: &AtomicU64| a.load(Ordering::Relaxed) / 1_000_000;
        StatsSnapshot {
            pages: self.pages.load(Ordering::Relaxed),
            bytes: self.bytes.load(Ordering::Relaxed),
            followed: self.followed.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            screened: self.screened.load(Ordering::Relaxed),
            parsed: self.parsed.load(Ordering::Relaxed),
            fetch_ms: ms(&self.fetch_ns),
            screen_ms: ms(&self.screen_ns),
            extract_ms: ms(&self.extract_ns),
            match_ms: ms(&self.match_ns),
        }
    }

    fn time<T>(counter: &AtomicU64, f: impl FnOnce() -> T) -> T {
        let t = Instant::now();
        let v = f();
        counter.fetch_add(t.elapsed().as_nanos() as u64, Ordering::Relaxed);
        v
    }
}

/// A verdict with its evidence and, for a page, what was fetched.
#[derive(Debug, Clone)]
pub struct Decision {
    pub verdict: Verdict,
    pub evidence: Evidence,
}

/// Every item of one page with how it matched, for `piyao match`.
#[derive(Debug, Clone, Serialize)]
pub struct PageReport {
    pub kind: crate::extract::PageKind,
    pub state: PageState,
    pub items: Vec<(Item, MatchOutcome)>,
}

pub fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn clip(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Decides on the matrix for one rebuttal. Build once per push; share between tasks.
pub struct Checker {
    fetcher: Arc<Fetcher>,
    matcher: Matcher,
    /// The day the rebuttal was published (`YYYY-MM-DD`): entries dated since may be it
    /// under another title.
    published_day: Option<String>,
    format: Format,
    follow_limit: usize,
    pub stats: Stats,
    /// Hosts found down or refusing for a reason that holds for every page on them (a bridge
    /// that cannot be reached or whose login expired, Weibo refusing visitors), with the
    /// decision: the rest of this sweep's targets there get the same one without asking
    /// again, so that the cause is reported once per host. Forgotten when a sweep starts.
    down: std::sync::Mutex<HashMap<String, Decision>>,
    /// Per route: set once its first target has its answer (see [`Checker::check`]).
    scouts: std::sync::Mutex<HashMap<String, Arc<tokio::sync::OnceCell<()>>>>,
}

/// A fetch, or the decision a cause beyond the address already made.
enum Answer {
    Fetched(FetchOutcome),
    Decided(Decision),
}

/// The host (and port) a URL names, to remember a cause that holds for all of it.
fn host_key(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    Some(format!(
        "{}:{}",
        u.host_str()?,
        u.port_or_known_default().unwrap_or(0)
    ))
}

/// The host and the first segment of the path: a bridge's routes of one platform
/// (`/toutiao/…`, `/douyin/…`, WeWe RSS's `/feeds/…`), which share its login for that platform.
fn route_key(url: &str) -> Option<String> {
    let u = Url::parse(url).ok()?;
    let first = u.path_segments()?.next().unwrap_or_default().to_string();
    Some(format!("{}/{first}", host_key(url)?))
}

/// How far a failed fetch's cause reaches: a host that could not be connected to, or Weibo
/// refusing the checker (its visitor handshake), holds for the host; a bridge's own refusal
/// (its login for a platform expired) for its routes of that platform.
fn failure_scope(url: &str, error: &FetchError) -> Option<Scope> {
    match error {
        FetchError::Connect(_) => Some(Scope::Host),
        FetchError::Refused(_) => Some(
            if Url::parse(url).is_ok_and(|u| crate::weibo_visitor::is_weibo_api(&u)) {
                Scope::Host
            } else {
                Scope::Route
            },
        ),
        _ => None,
    }
}

/// How far an answer's cause reaches.
enum Scope {
    Host,
    Route,
}

/// Whether a page's answer holds beyond its own address: a bridge's own error that is not
/// about one address (a login that expired, a firewall, cooling down) holds for its routes of
/// that platform; Weibo's API refusing the visitor after a fresh identity, for all of Weibo.
fn shared_answer(url: &str, status: u16, body: &[u8]) -> Option<Scope> {
    if crate::bridge::bridge_error(status, body).is_some() {
        // a missing route or feed (404; WeWe RSS's 400 不存在该feed) is about that address only
        return (!matches!(status, 400 | 404)).then_some(Scope::Route);
    }
    (matches!(status, 403 | 418 | 432)
        && Url::parse(url).is_ok_and(|u| crate::weibo_visitor::is_weibo_api(&u)))
    .then_some(Scope::Host)
}

impl Checker {
    pub fn new(fetcher: Arc<Fetcher>, reference: &Reference) -> Checker {
        Checker {
            fetcher,
            matcher: Matcher::new(reference),
            published_day: reference
                .rebuttal_published
                .as_deref()
                .and_then(crate::extract::dates::day_of),
            format: Format::Auto,
            follow_limit: DEFAULT_FOLLOW_LIMIT,
            stats: Stats::default(),
            down: std::sync::Mutex::new(HashMap::new()),
            scouts: std::sync::Mutex::new(HashMap::new()),
        }
    }

    pub fn with_format(mut self, format: Format) -> Checker {
        self.format = format;
        self
    }

    pub fn with_follow_limit(mut self, n: usize) -> Checker {
        self.follow_limit = n;
        self
    }

    pub fn matcher(&self) -> &Matcher {
        &self.matcher
    }

    /// Extracts a page and matches every item, without deciding (for explanations).
    pub fn report(&self, body: &[u8], content_type: Option<&str>, page_url: &Url) -> PageReport {
        let page = self.extract(body, content_type, page_url, &self.format);
        let items = page
            .items
            .iter()
            .map(|i| (i.clone(), self.matcher.match_item(i)))
            .collect();
        PageReport {
            kind: page.kind,
            state: page.state,
            items,
        }
    }

    fn extract(
        &self,
        body: &[u8],
        content_type: Option<&str>,
        page_url: &Url,
        format: &Format,
    ) -> Page {
        self.stats.parsed.fetch_add(1, Ordering::Relaxed);
        Stats::time(&self.stats.extract_ns, || {
            let text = decode(body, content_type);
            extract(&text, content_type, page_url, format)
        })
    }

    /// Decodes an account's page and pre-screens it: `Err(text)` when it must be parsed,
    /// `Ok(())` when nothing on it can be a repost, a rumor repost, worth following, a wall
    /// or a deletion notice (see [`crate::screen`]). Short pages are never screened.
    fn screen<'p>(&self, page: &'p Fetched) -> Result<(), Cow<'p, str>> {
        Stats::time(&self.stats.screen_ns, || {
            let text = decode_borrowed(&page.body, page.content_type.as_deref());
            if text.len() < MIN_SCREENED_BYTES {
                return Err(text);
            }
            let s = self.matcher.screen(
                &text,
                page.content_type.as_deref(),
                &page.final_url,
                &self.format,
            );
            if s.may_match {
                Err(text)
            } else {
                Ok(())
            }
        })
    }

    async fn fetch(&self, url: &str, validators: &Validators) -> FetchOutcome {
        let out = self.fetcher.fetch(url, validators).await;
        if let FetchOutcome::Page(p) = &out {
            self.stats
                .fetch_ns
                .fetch_add(p.transfer.as_nanos() as u64, Ordering::Relaxed);
            self.stats.pages.fetch_add(1, Ordering::Relaxed);
            self.stats
                .bytes
                .fetch_add(p.body.len() as u64, Ordering::Relaxed);
        }
        out
    }

    /// Checks one target of a push. Never panics; every failure is a verdict.
    pub async fn check(&self, task: &CheckTask) -> CheckRecord {
        let started = Instant::now();
        let record = |d: Decision, validators: Validators, hash: Option<String>| CheckRecord {
            push_id: task.push_id,
            account_id: task.account_id,
            verdict: d.verdict,
            evidence: d.evidence,
            etag: validators.etag,
            last_modified: validators.last_modified,
            content_hash: hash,
            duration_ms: Some(started.elapsed().as_millis() as i64),
        };
        let Some(url) = task.watch_url.as_deref().filter(|u| !u.trim().is_empty()) else {
            let why = task
                .people
                .as_deref()
                .unwrap_or("该账号没有可自动核查的监测地址，请人工确认并记录。");
            let d = decision(Verdict::Unchecked, None, why);
            return record(d, Validators::default(), None);
        };
        // Conditional only when this push has already judged the page we would be told is unchanged.
        let known = Validators {
            etag: task.etag.clone(),
            last_modified: task.last_modified.clone(),
        };
        let validators = if task.verdict.is_some() {
            known.clone()
        } else {
            Validators::default()
        };
        let (host, route) = (host_key(url), route_key(url));
        let shared = |mut d: Decision| {
            // the same cause as the first target there: not asked again this sweep
            d.evidence.page_url = Some(url.to_string());
            d.evidence.checked_at = now_rfc3339();
            record(d, Validators::default(), None)
        };
        if let Some(d) = self.known_down(&host, &route) {
            return shared(d);
        }
        // The first target of a route goes first: the others wait for its answer, so that a
        // bridge or site that is down is asked once per sweep, not once per account.
        let scout = route.as_ref().map(|r| {
            self.scouts
                .lock()
                .expect("not poisoned")
                .entry(r.clone())
                .or_default()
                .clone()
        });
        let mut mine: Option<Answer> = None;
        if let Some(cell) = &scout {
            cell.get_or_init(|| async {
                mine = Some(self.answer(url, &validators, &host, &route).await);
            })
            .await;
        }
        let answer = match mine {
            Some(a) => a,
            None => {
                if let Some(d) = self.known_down(&host, &route) {
                    return shared(d);
                }
                self.answer(url, &validators, &host, &route).await
            }
        };
        let outcome = match answer {
            Answer::Decided(d) => return record(d, Validators::default(), None),
            Answer::Fetched(outcome) => outcome,
        };
        match outcome {
            FetchOutcome::NotModified { status, .. } => {
                self.stats.unchanged.fetch_add(1, Ordering::Relaxed);
                record(
                    self.unchanged(task, url, status),
                    known,
                    task.content_hash.clone(),
                )
            }
            FetchOutcome::Failed { error, status, .. } => {
                record(failed(url, &error, status), Validators::default(), None)
            }
            FetchOutcome::Page(page) => {
                if task.verdict.is_some()
                    && task.content_hash.as_deref() == Some(page.hash.as_str())
                {
                    self.stats.unchanged.fetch_add(1, Ordering::Relaxed);
                    return record(
                        self.unchanged(task, url, page.status),
                        page.validators,
                        Some(page.hash),
                    );
                }
                let d = self.decide_fetched(url, &page).await;
                record(d, page.validators, Some(page.hash))
            }
        }
    }

    /// Forgets what the last sweep found down: each sweep asks again.
    fn begin_sweep(&self) {
        self.down.lock().expect("not poisoned").clear();
        self.scouts.lock().expect("not poisoned").clear();
    }

    /// The cause a host or route was found down for earlier in this sweep.
    fn known_down(&self, host: &Option<String>, route: &Option<String>) -> Option<Decision> {
        let down = self.down.lock().expect("not poisoned");
        [host, route]
            .into_iter()
            .flatten()
            .find_map(|k| down.get(k).cloned())
    }

    /// Fetches `url`; a failure or answer whose cause reaches beyond this address is decided
    /// here and kept for the rest of the sweep.
    async fn answer(
        &self,
        url: &str,
        validators: &Validators,
        host: &Option<String>,
        route: &Option<String>,
    ) -> Answer {
        let key = |scope: Scope| match scope {
            Scope::Host => host,
            Scope::Route => route,
        };
        let out = self.fetch(url, validators).await;
        match &out {
            FetchOutcome::Failed { error, status, .. } => {
                if let Some(scope) = failure_scope(url, error) {
                    let d = failed(url, error, *status);
                    return Answer::Decided(self.remember(url, d, key(scope)));
                }
            }
            FetchOutcome::Page(page) => {
                if let Some(scope) = shared_answer(url, page.status, &page.body) {
                    let d = self.decide_fetched(url, page).await;
                    return Answer::Decided(self.remember(url, d, key(scope)));
                }
            }
            FetchOutcome::NotModified { .. } => {}
        }
        Answer::Fetched(out)
    }

    /// Keeps a cause that holds for a whole host (or for a bridge's routes of one platform)
    /// for the rest of the sweep, saying so; tasks in flight at once keep the first one's
    /// words, to be counted as one cause.
    fn remember(&self, url: &str, mut d: Decision, key: &Option<String>) -> Decision {
        let Some(h) = key else {
            return d;
        };
        let shown = h
            .replace(":443/", "/")
            .replace(":80/", "/")
            .trim_end_matches(":443")
            .trim_end_matches(":80")
            .to_string();
        d.evidence.explanation = format!(
            "{} 本轮核查中 {shown} 上的其他账号沿用此结论，不再重复请求。",
            d.evidence.explanation.trim_end()
        );
        let kept = self
            .down
            .lock()
            .expect("not poisoned")
            .entry(h.clone())
            .or_insert_with(|| d.clone())
            .clone();
        Decision {
            evidence: Evidence {
                page_url: Some(url.to_string()),
                ..kept.evidence
            },
            ..kept
        }
    }

    fn unchanged(&self, task: &CheckTask, url: &str, status: u16) -> Decision {
        let verdict = task.verdict.unwrap_or(Verdict::NotFound);
        let mut evidence = task.evidence.clone().unwrap_or_default();
        evidence.page_url = Some(url.to_string());
        evidence.http_status = Some(status);
        evidence.checked_at = now_rfc3339();
        evidence.explanation = format!(
            "页面自上次核查以来没有变化，沿用上次结论。{}",
            evidence.explanation
        );
        Decision { verdict, evidence }
    }

    /// The entries of a page worth opening, most telling first, at most the follow limit.
    fn to_follow<'i>(&self, items: &'i [Item]) -> Vec<(crate::matcher::Follow, &'i Item)> {
        let mut c: Vec<(crate::matcher::Follow, &Item)> = items
            .iter()
            .filter_map(|i| {
                let why = self.matcher.follow_reason(i).or_else(|| {
                    let (day, date) = (self.published_day.as_deref()?, i.date.as_deref()?);
                    (i.link.is_some() && crate::extract::dates::on_or_after(date, day))
                        .then_some(crate::matcher::Follow::Recent)
                })?;
                Some((why, i))
            })
            .collect();
        c.sort_by_key(|(why, _)| *why);
        c.truncate(self.follow_limit);
        c
    }

    /// Fetches one page and decides it, with the report of every item it holds (for
    /// `piyao match --url`): what the checker read there and what it made of each item.
    pub async fn inspect(&self, url: &str) -> (Decision, Option<PageReport>) {
        match self.fetch_page(url).await {
            Ok(page) => {
                let d = self.decide_fetched(url, &page).await;
                let r = self.report(&page.body, page.content_type.as_deref(), &page.final_url);
                (d, Some(r))
            }
            Err(d) => (d, None),
        }
    }

    /// One page, unconditionally; the decision when none came.
    async fn fetch_page(&self, url: &str) -> Result<Fetched, Decision> {
        match self.fetch(url, &Validators::default()).await {
            FetchOutcome::Page(page) => Ok(page),
            FetchOutcome::NotModified { status, .. } => Err(decision(
                Verdict::Unreachable,
                Some(status),
                "服务器返回“未修改”，无法读取内容。",
            )),
            FetchOutcome::Failed { error, status, .. } => Err(failed(url, &error, status)),
        }
    }

    /// Verifies a link that an account says is its repost.
    pub async fn verify_link(&self, url: &str) -> Decision {
        self.read_link(url).await.0
    }

    /// [`Checker::verify_link`], and the account name the page shows (to attribute it).
    pub async fn read_link(&self, url: &str) -> (Decision, Option<String>) {
        match self.fetch_page(url).await {
            Ok(page) => {
                let shown = (200..300).contains(&page.status).then(|| {
                    crate::pasted::page_account(&decode(&page.body, page.content_type.as_deref()))
                });
                (self.decide_fetched(url, &page).await, shown.flatten())
            }
            Err(d) => (d, None),
        }
    }

    /// The verdict for a fetched page (following truncated entries when needed). A body
    /// that is not the whole page says so in its evidence; one cut short by a stall or a
    /// broken connection is "unreachable" unless what did arrive shows the verdict.
    pub async fn decide_fetched(&self, url: &str, page: &Fetched) -> Decision {
        let d = self.decide_page(url, page).await;
        match page.cut {
            None => d,
            Some(cut) => cut_decision(d, cut, page.body.len(), self.fetcher.config()),
        }
    }

    async fn decide_page(&self, url: &str, page: &Fetched) -> Decision {
        let status = page.status;
        let with_page = |mut d: Decision| {
            d.evidence.page_url = Some(url.to_string());
            d.evidence.http_status = Some(status);
            d
        };
        if let Some(why) = crate::bridge::bridge_error(status, &page.body) {
            return with_page(decision(Verdict::Blocked, Some(status), &why));
        }
        if let Some(d) = status_verdict(status) {
            return with_page(d);
        }
        let text = match self.screen(page) {
            Ok(()) => {
                self.stats.screened.fetch_add(1, Ordering::Relaxed);
                return with_page(decision(
                    Verdict::NotFound,
                    Some(status),
                    "页面中没有出现与本条辟谣信息或谣言相关的文字，未发现转载。",
                ));
            }
            Err(text) => text,
        };
        self.stats.parsed.fetch_add(1, Ordering::Relaxed);
        let extracted = Stats::time(&self.stats.extract_ns, || {
            extract(
                &text,
                page.content_type.as_deref(),
                &page.final_url,
                &self.format,
            )
        });
        drop(text);
        let kind = page_kind_code(extracted.kind);
        // A page nothing could be read from was not read "as" anything: no kind to name.
        let read = !matches!(extracted.state, PageState::Unreadable { .. });
        let with_page = |d: Decision| {
            let mut d = with_page(d);
            d.evidence.page_kind = read.then(|| kind.to_string());
            d.evidence.items_read = items_read(&extracted.items, &d.evidence);
            d
        };
        match &extracted.state {
            PageState::Blocked { reason } => {
                return with_page(decision(
                    Verdict::Blocked,
                    Some(status),
                    &format!("页面被拦截：{reason}。请人工打开核查。"),
                ))
            }
            PageState::Deleted { reason } => {
                return with_page(decision(
                    Verdict::Deleted,
                    Some(status),
                    &format!("页面内容已删除：{reason}。"),
                ))
            }
            PageState::Unreadable { reason } => {
                return with_page(decision(
                    Verdict::Unreadable,
                    Some(status),
                    &unreadable_explanation(reason),
                ))
            }
            PageState::Normal => {}
        }
        let best = Stats::time(&self.stats.match_ns, || self.matcher.best(&extracted.items));
        if let Some((i, m)) = &best {
            if m.kind == MatchKind::Repost {
                return with_page(item_decision(
                    Verdict::Reposted,
                    &extracted.items[*i],
                    m,
                    status,
                ));
            }
        }
        // Truncated entries that could be the rebuttal: decide on their article pages.
        let mut rumor: Option<Decision> = None;
        let mut deleted: Option<Decision> = None;
        let candidates = self.to_follow(&extracted.items);
        for (why, item) in candidates {
            let link = item.link.as_deref().unwrap_or_default();
            self.stats.followed.fetch_add(1, Ordering::Relaxed);
            // a long Weibo post: its whole text through the API the timeline came from
            let open = crate::weibo_visitor::long_text_url(page.final_url.as_str(), link);
            let open = open.as_deref().unwrap_or(link);
            let FetchOutcome::Page(article) = self.fetch(open, &Validators::default()).await else {
                continue;
            };
            // Only an entry that looked like the repost tells of a deletion; one opened on the
            // chance of a new title (its words, its date) tells nothing when it is gone.
            let likely = why <= crate::matcher::Follow::Undecided;
            if matches!(article.status, 404 | 410) {
                if !likely {
                    continue;
                }
                deleted.get_or_insert_with(|| {
                    item_decision_text(
                        Verdict::Deleted,
                        item,
                        article.status,
                        &format!(
                            "列表中疑似转载的条目「{}」已无法打开（HTTP {}），可能已被删除。",
                            clip(&item.title, 40),
                            article.status
                        ),
                    )
                });
                continue;
            }
            if article.status >= 400 {
                continue;
            }
            let page = self.extract(
                &article.body,
                article.content_type.as_deref(),
                &article.final_url,
                &Format::Auto,
            );
            if let PageState::Deleted { reason } = &page.state {
                if !likely {
                    continue;
                }
                deleted.get_or_insert_with(|| {
                    item_decision_text(
                        Verdict::Deleted,
                        item,
                        article.status,
                        &format!(
                            "列表中疑似转载的条目「{}」已被删除：{reason}。",
                            clip(&item.title, 40)
                        ),
                    )
                });
                continue;
            }
            let found = Stats::time(&self.stats.match_ns, || self.matcher.best(&page.items));
            if let Some((j, m)) = found {
                let mut article_item = page.items[j].clone();
                if article_item.link.is_none() {
                    article_item.link = Some(link.to_string());
                }
                match m.kind {
                    MatchKind::Repost => {
                        let mut d =
                            item_decision(Verdict::Reposted, &article_item, &m, article.status);
                        let how = match why {
                            crate::matcher::Follow::Cut => {
                                "列表标题被截断，已打开文章页核实".to_string()
                            }
                            crate::matcher::Follow::Undecided => {
                                "列表只凭标题无法判断，已打开文章页核实".to_string()
                            }
                            _ => format!(
                                "列表中的「{}」标题与辟谣信息不同，已打开文章页核实",
                                clip(&item.title, 30)
                            ),
                        };
                        d.evidence.explanation = format!("{how}：{}", m.explanation);
                        return with_page(d);
                    }
                    MatchKind::RumorRepost => {
                        rumor.get_or_insert_with(|| {
                            item_decision(Verdict::RumorReposted, &article_item, &m, article.status)
                        });
                    }
                    _ => {}
                }
            }
        }
        if let Some((i, m)) = &best {
            if m.kind == MatchKind::RumorRepost {
                return with_page(item_decision(
                    Verdict::RumorReposted,
                    &extracted.items[*i],
                    m,
                    status,
                ));
            }
        }
        if let Some(d) = rumor.or(deleted) {
            return with_page(d);
        }
        let n = extracted.items.len();
        let explanation = match &best {
            Some((i, m)) if m.score > 0.0 => format!(
                "页面共 {n} 条内容，未发现转载本条辟谣信息（最接近的是「{}」，{}）。",
                clip(&extracted.items[*i].title, 40),
                m.explanation
            ),
            _ => format!("页面共 {n} 条内容，未发现转载本条辟谣信息。"),
        };
        let mut d = decision(Verdict::NotFound, Some(status), &explanation);
        if let Some((i, m)) = &best {
            d.evidence.item_title = Some(clip(&extracted.items[*i].title, 200));
            d.evidence.item_url = extracted.items[*i].link.clone();
            d.evidence.score = Some(m.score);
        }
        with_page(d)
    }
}

/// How a page kind is written in evidence.
pub fn page_kind_code(kind: crate::extract::PageKind) -> &'static str {
    use crate::extract::PageKind::*;
    match kind {
        Feed => "feed",
        WeiboJson => "weibo_json",
        Json => "json",
        HtmlList => "html_list",
        Article => "article",
        ScriptList => "script_list",
    }
}

/// The first items of a page for its evidence, the decisive one (by its title) among them.
/// The items read, for the evidence; the decisive one is the item of `evidence` by its title
/// or, when the decision came from the item's own page (a cut title followed), by its link.
fn items_read(items: &[Item], evidence: &Evidence) -> Vec<piyao_core::model::ReadItem> {
    let n = piyao_core::model::Evidence::MAX_ITEMS_READ;
    let by_title = evidence
        .item_title
        .as_deref()
        .and_then(|t| items.iter().position(|i| clip(&i.title, 200) == t));
    let by_link = || {
        let url = evidence.item_url.as_deref()?;
        items.iter().position(|i| i.link.as_deref() == Some(url))
    };
    let at = by_title.or_else(by_link);
    let read = |i: &Item, decisive: bool| piyao_core::model::ReadItem {
        title: clip(&i.title, 200),
        date: i.date.clone(),
        link: i.link.clone(),
        decisive,
    };
    let mut out: Vec<_> = items
        .iter()
        .take(n)
        .enumerate()
        .map(|(k, i)| read(i, Some(k) == at))
        .collect();
    if let Some(k) = at.filter(|k| *k >= n) {
        out.pop();
        out.push(read(&items[k], true));
    }
    out
}

/// The explanation of an unreadable page: why, and what to do.
pub fn unreadable_explanation(reason: &str) -> String {
    format!(
        "无法读取：{reason}。不能据此判断是否转载（可能已经转载），请人工打开核查，或改用该账号的订阅源（RSS）、请对方提供转发链接。"
    )
}

/// Sizes in words: "4 MB", "512 KB", "300 字节".
fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 && bytes.is_multiple_of(1024 * 1024) {
        format!("{} MB", bytes / 1024 / 1024)
    } else if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} 字节")
    }
}

/// A decision on a body that is not the whole page. Cut at the size cap, the body is the top
/// of the page, where the newest posts are: the decision stands and says what was read. Cut
/// by a stall or a broken connection, the body may be a few hundred bytes of markup: "no
/// repost found" on it would be a guess, so the account is unreachable this time, unless
/// what arrived already shows a repost, a rumor repost, a wall or a deletion.
fn cut_decision(mut d: Decision, cut: Cut, received: usize, cfg: &FetchConfig) -> Decision {
    let got = size_text(received);
    match cut {
        Cut::Cap => {
            if matches!(d.verdict, Verdict::NotFound | Verdict::Unreadable) {
                let cap = size_text(cfg.max_body_bytes);
                d.evidence.explanation = format!(
                    "{}（页面超过 {cap} 的上限，只核查了前 {cap}。）",
                    d.evidence.explanation
                );
            }
        }
        Cut::Stalled | Cut::Broken => {
            let how = match cut {
                Cut::Stalled => format!(
                    "页面传输过慢，{} 秒超时前只收到 {got}",
                    cfg.total_timeout_ms.div_ceil(1000)
                ),
                _ => format!("页面传输中途中断，只收到 {got}"),
            };
            if matches!(d.verdict, Verdict::NotFound | Verdict::Unreadable) {
                d.verdict = Verdict::Unreachable;
                d.evidence.item_title = None;
                d.evidence.item_url = None;
                d.evidence.score = None;
                d.evidence.explanation = format!(
                    "{how}，未能读完整个页面，无法判断是否转载。请稍后重新核查或人工打开。"
                );
            } else if d.verdict != Verdict::Unreachable {
                d.evidence.explanation = format!(
                    "{}（{how}，页面未传输完整，以上结论根据已收到的部分作出。）",
                    d.evidence.explanation
                );
            }
        }
    }
    d
}

fn decision(verdict: Verdict, status: Option<u16>, explanation: &str) -> Decision {
    Decision {
        verdict,
        evidence: Evidence {
            http_status: status,
            checked_at: now_rfc3339(),
            explanation: explanation.to_string(),
            ..Default::default()
        },
    }
}

fn item_decision(verdict: Verdict, item: &Item, m: &MatchOutcome, status: u16) -> Decision {
    let mut d = item_decision_text(verdict, item, status, &m.explanation);
    d.evidence.fragment = Some(clip(&m.fragment, 200));
    d.evidence.score = Some(m.score);
    d
}

fn item_decision_text(verdict: Verdict, item: &Item, status: u16, explanation: &str) -> Decision {
    let mut d = decision(verdict, Some(status), explanation);
    d.evidence.item_title = Some(clip(&item.title, 200));
    d.evidence.item_url = item.link.clone();
    d
}

/// Verdicts that the status alone decides.
fn status_verdict(status: u16) -> Option<Decision> {
    let d = |v, text: &str| Some(decision(v, Some(status), text));
    match status {
        200..=299 => None,
        401 | 403 | 412 | 432 => d(
            Verdict::Blocked,
            &format!("网站拒绝了访问（HTTP {status}），可能有反爬虫限制。请人工打开核查。"),
        ),
        404 | 410 => d(
            Verdict::Unreachable,
            &format!("账号页面不存在（HTTP {status}），请核对台账中的监测地址。"),
        ),
        _ => d(
            Verdict::Unreachable,
            &format!("网站返回 HTTP {status}，无法读取页面。"),
        ),
    }
}

fn failed(url: &str, error: &FetchError, status: Option<u16>) -> Decision {
    let mut d = match error {
        FetchError::InvalidUrl(_) => decision(
            Verdict::Unreachable,
            status,
            &format!("{error}，请核对台账中的监测地址。"),
        ),
        FetchError::Refused(why) => decision(
            Verdict::Blocked,
            status,
            &format!(
                "{}。这不是“未转载”；请稍后再试或人工打开核查。",
                why.trim_end_matches('。')
            ),
        ),
        e if e.retried() => decision(
            Verdict::Unreachable,
            status,
            &format!("{error}（已按策略重试）。"),
        ),
        _ => decision(Verdict::Unreachable, status, &format!("{error}。")),
    };
    d.evidence.page_url = Some(url.to_string());
    d
}

/// Checks every task, at most as fast as the fetcher's caps allow; `on_record` sees each
/// record as soon as it is decided (to store it and to show progress).
///
/// Each check runs as its own task, so that decoding, extraction and matching (CPU work
/// between two awaits) spread over the runtime's worker threads instead of all running
/// inside this one future. Must be called from within a Tokio runtime. Dropping the
/// returned future aborts the checks still running.
pub async fn sweep(
    checker: Arc<Checker>,
    tasks: Vec<CheckTask>,
    mut on_record: impl FnMut(CheckRecord),
) {
    checker.begin_sweep();
    let mut running = tokio::task::JoinSet::new();
    for task in tasks {
        let checker = checker.clone();
        running.spawn(async move { checker.check(&task).await });
    }
    while let Some(done) = running.join_next().await {
        match done {
            Ok(record) => on_record(record),
            // `check` never panics by design; if a bug makes it, fail as loudly as before.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(_) => {}
        }
    }
}
