//! Polite, bounded HTTP: one client built once; a global concurrency cap plus a per-host cap
//! and minimum interval; connect and total timeouts; a body cap that also bounds what
//! decompression may produce; a redirect limit; retries with exponential backoff on timeouts
//! and 5xx; 429 with Retry-After honoured up to a ceiling; conditional requests.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backon::{ExponentialBuilder, Retryable};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;
use url::Url;

/// How to treat the sites the checker visits. The defaults are polite for platforms that
/// block crawlers: two requests at a time per host, one second apart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct FetchConfig {
    pub global_concurrency: usize,
    pub per_host_concurrency: usize,
    /// Minimum time between two requests to one host; zero turns pacing off.
    pub per_host_interval_ms: u64,
    /// Per-host minimum intervals that differ from the default, by host name.
    pub host_intervals_ms: HashMap<String, u64>,
    pub connect_timeout_ms: u64,
    pub total_timeout_ms: u64,
    /// Largest body kept, after decompression; the rest is not read.
    pub max_body_bytes: usize,
    pub max_redirects: usize,
    /// Retries after the first try, on timeouts, connection errors, 5xx and 429.
    pub retries: usize,
    pub retry_base_ms: u64,
    /// The longest a Retry-After is honoured; longer means "give up for this sweep".
    pub retry_after_ceiling_ms: u64,
    pub user_agent: String,
    /// Where Weibo's visitor handshake goes (`/visitor/genvisitor2` under it).
    pub weibo_passport: String,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            global_concurrency: 32,
            per_host_concurrency: 2,
            per_host_interval_ms: 1000,
            // Weibo blocks fast clients: no faster than one request every 3 s.
            host_intervals_ms: HashMap::from([
                ("m.weibo.cn".to_string(), 3_000),
                ("passport.weibo.com".to_string(), 3_000),
            ]),
            connect_timeout_ms: 5_000,
            total_timeout_ms: 15_000,
            max_body_bytes: 4 * 1024 * 1024,
            max_redirects: 5,
            retries: 2,
            retry_base_ms: 500,
            retry_after_ceiling_ms: 30_000,
            user_agent: format!(
                "PiyaoMatrix/{} (rebuttal repost checker)",
                env!("CARGO_PKG_VERSION")
            ),
            weibo_passport: "https://passport.weibo.com".to_string(),
        }
    }
}

/// The environment variable that names a fetch settings file, read by the app and the CLI.
pub const FETCH_CONFIG_ENV: &str = "PIYAO_FETCH_CONFIG";

impl FetchConfig {
    /// The fetch settings both hosts use: the JSON file `file` (the CLI's `--fetch-config`),
    /// else the one `$PIYAO_FETCH_CONFIG` names, else the polite defaults. A named file that
    /// cannot be read or is not valid settings is an error saying which file and why; it never
    /// falls back to the defaults unnoticed.
    pub fn load(file: Option<&std::path::Path>) -> Result<FetchConfig, String> {
        let env = std::env::var_os(FETCH_CONFIG_ENV)
            .filter(|p| !p.is_empty())
            .map(std::path::PathBuf::from);
        let Some(path) = file.or(env.as_deref()) else {
            return Ok(FetchConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("无法读取抓取设置文件 {}：{e}", path.display()))?;
        serde_json::from_str(&text)
            .map_err(|e| format!("抓取设置文件 {} 格式错误：{e}", path.display()))
    }

    /// No pacing and high concurrency: for loopback tests and benchmarks only.
    pub fn impolite() -> FetchConfig {
        FetchConfig {
            global_concurrency: 64,
            per_host_concurrency: 64,
            per_host_interval_ms: 0,
            ..Default::default()
        }
    }

    pub fn interval_for(&self, host: &str) -> Duration {
        Duration::from_millis(
            self.host_intervals_ms
                .get(host)
                .copied()
                .unwrap_or(self.per_host_interval_ms),
        )
    }
}

/// What a previous fetch of the same page told us, for a conditional request.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// Why a body is shorter than the page the server meant to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cut {
    /// Longer than `max_body_bytes` (after decompression): the rest was not read.
    Cap,
    /// The transfer outlived the total timeout (a slow trickle): what arrived is kept.
    Stalled,
    /// The connection broke in the middle of the body: what arrived is kept.
    Broken,
}

/// A page as fetched.
#[derive(Debug, Clone)]
pub struct Fetched {
    pub status: u16,
    pub final_url: Url,
    pub content_type: Option<String>,
    pub body: Vec<u8>,
    /// Set when the body is not the whole page, and why.
    pub cut: Option<Cut>,
    pub validators: Validators,
    /// blake3 of the body, hex.
    pub hash: String,
    pub attempts: u32,
    /// Time from holding a connection slot to the last byte (waiting for a slot excluded).
    pub transfer: Duration,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FetchError {
    #[error("网址无效：{0}")]
    InvalidUrl(String),
    #[error("连接超时或响应超时")]
    Timeout,
    #[error("无法连接：{0}")]
    Connect(String),
    #[error("重定向次数过多（可能是重定向循环）")]
    TooManyRedirects,
    #[error("服务器错误 HTTP {0}")]
    Server(u16),
    #[error("请求过于频繁（HTTP 429），服务器要求 {0} 秒后再试")]
    RateLimited(u64),
    #[error("读取响应失败：{0}")]
    Body(String),
    /// The platform refused to let the checker in (Weibo's visitor handshake failed).
    #[error("{0}")]
    Refused(String),
    /// The address names no account (a Weibo personal domain nobody holds).
    #[error("{0}")]
    NoAccount(String),
}

impl FetchError {
    /// Whether the fetcher retries this error (the explanation then says so).
    pub fn retried(&self) -> bool {
        !matches!(
            self,
            FetchError::InvalidUrl(_)
                | FetchError::TooManyRedirects
                | FetchError::Refused(_)
                | FetchError::NoAccount(_)
        )
    }
}

/// The result of one fetch: a page, "not modified", or an error after retries.
#[derive(Debug, Clone)]
pub enum FetchOutcome {
    Page(Fetched),
    NotModified {
        status: u16,
        attempts: u32,
    },
    Failed {
        error: FetchError,
        status: Option<u16>,
        attempts: u32,
    },
}

struct HostGate {
    slots: Semaphore,
    pace: Option<DefaultDirectRateLimiter>,
}

/// The shared fetcher: build once, use from many tasks.
pub struct Fetcher {
    client: reqwest::Client,
    cfg: FetchConfig,
    global: Semaphore,
    hosts: Mutex<HashMap<String, Arc<HostGate>>>,
    /// The identities presented to Weibo's API (visitor cookies, or the office's login).
    pub weibo: crate::weibo_visitor::Visitors,
    /// Pace per host set by the office's platform settings: (interval, requests at a time).
    paces: Mutex<HashMap<String, (Duration, usize)>>,
}

/// One try's failure, with what the retry policy needs to know.
#[derive(Debug)]
struct TryError {
    error: FetchError,
    status: Option<u16>,
    retry_after: Option<Duration>,
    retryable: bool,
}

/// reqwest is built without a bundled TLS crypto provider; ring is the one this crate
/// compiles in. Any reqwest client in the same build needs it installed first.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn header_text(h: &HeaderMap, name: header::HeaderName) -> Option<String> {
    h.get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Retry-After in seconds; the HTTP-date form counts as "longer than any ceiling" (a day).
fn retry_after(h: &HeaderMap) -> Duration {
    const DAY: u64 = 86_400;
    let secs = h
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().parse::<u64>().unwrap_or(DAY).min(DAY));
    Duration::from_secs(secs.unwrap_or(1))
}

impl Fetcher {
    pub fn new(cfg: FetchConfig) -> Fetcher {
        install_crypto_provider();
        let client = reqwest::Client::builder()
            .user_agent(cfg.user_agent.clone())
            .connect_timeout(Duration::from_millis(cfg.connect_timeout_ms))
            .timeout(Duration::from_millis(cfg.total_timeout_ms))
            .redirect(reqwest::redirect::Policy::limited(cfg.max_redirects))
            .pool_max_idle_per_host(cfg.per_host_concurrency.max(1))
            .build()
            .expect("HTTP client configuration is valid");
        Fetcher {
            client,
            global: Semaphore::new(cfg.global_concurrency.max(1)),
            hosts: Mutex::new(HashMap::new()),
            weibo: Default::default(),
            paces: Mutex::new(HashMap::new()),
            cfg,
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.cfg
    }

    /// Takes up the office's platform settings that concern fetching: the Weibo login cookie
    /// (or its removal). Call before each sweep or test, so a change in settings applies.
    pub fn apply(&self, settings: &piyao_core::rules::sources::PlatformSettings) {
        self.weibo.set_login(settings.weibo_cookie.clone());
        // the stricter pace wins where two services share a host
        let mut wanted: HashMap<String, (Duration, usize)> = HashMap::new();
        for (host, secs, at_once) in settings.paced_hosts(&self.cfg.weibo_passport) {
            let pace = (Duration::from_secs(secs.into()), at_once.max(1) as usize);
            wanted
                .entry(host)
                .and_modify(|p| *p = (p.0.max(pace.0), p.1.min(pace.1)))
                .or_insert(pace);
        }
        let mut paces = self.paces.lock().unwrap_or_else(|p| p.into_inner());
        if *paces != wanted {
            // hosts whose pace changed get a new gate on their next request
            let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
            for h in paces.keys().chain(wanted.keys()) {
                hosts.remove(h);
            }
            *paces = wanted;
        }
    }

    fn gate(&self, host: &str) -> Arc<HostGate> {
        // the pace first, then the gates (`apply` takes the two locks in the same order)
        let set = self
            .paces
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(host)
            .copied();
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts
            .entry(host.to_string())
            .or_insert_with(|| {
                let (interval, at_once) =
                    set.unwrap_or((self.cfg.interval_for(host), self.cfg.per_host_concurrency));
                Arc::new(HostGate {
                    slots: Semaphore::new(at_once.max(1)),
                    pace: Quota::with_period(interval)
                        .map(|q| RateLimiter::direct(q.allow_burst(NonZeroU32::MIN))),
                })
            })
            .clone()
    }

    /// Fetches `url`, politely, with retries. Never panics; every failure is an outcome.
    /// Weibo's JSON API is asked with a visitor identity (see `weibo_visitor`).
    pub async fn fetch(&self, url: &str, validators: &Validators) -> FetchOutcome {
        let parsed = match Url::parse(url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host_str().is_some() => u,
            _ => {
                return FetchOutcome::Failed {
                    error: FetchError::InvalidUrl(url.chars().take(200).collect()),
                    status: None,
                    attempts: 0,
                }
            }
        };
        if crate::weibo_visitor::is_domain_lookup(&parsed) {
            return self.fetch_weibo_domain(&parsed, validators).await;
        }
        if crate::weibo_visitor::is_weibo_api(&parsed) {
            return self.fetch_weibo(&parsed, validators).await;
        }
        self.fetch_parsed(&parsed, validators, None).await
    }

    /// Weibo's API with a visitor identity: one handshake when there is none, and one fresh
    /// handshake when the identity is refused; a refusal after that is the answer.
    async fn fetch_weibo(&self, url: &Url, validators: &Validators) -> FetchOutcome {
        use crate::weibo_visitor::{host_key, refused};
        let host = host_key(url);
        let mut renewed = false;
        let mut cookie = self.weibo.cookie(&host);
        loop {
            if cookie.is_none() {
                match self.weibo_handshake().await {
                    Ok(c) => {
                        self.weibo.keep(&host, c.clone());
                        cookie = Some(c);
                        renewed = true;
                    }
                    Err(why) => {
                        return FetchOutcome::Failed {
                            error: FetchError::Refused(why),
                            status: None,
                            attempts: 1,
                        }
                    }
                }
            }
            let out = self.fetch_parsed(url, validators, cookie.as_deref()).await;
            let FetchOutcome::Page(page) = &out else {
                return out;
            };
            if renewed
                || self.weibo.has_login()
                || !refused(page.status, &page.final_url, &page.body)
            {
                return out;
            }
            // the identity may have cooled down or expired: forget it and ask for a new one
            self.weibo.forget(&host);
            cookie = None;
        }
    }

    /// A Weibo personal domain: asks which account it names (a redirect to `/u/<uid>`, with
    /// the visitor identity), then reads that account's timeline. A refusal is the answer as
    /// it came; a lookup that ends nowhere says the domain names no account.
    async fn fetch_weibo_domain(&self, lookup: &Url, validators: &Validators) -> FetchOutcome {
        let out = self.fetch_weibo(lookup, &Validators::default()).await;
        let FetchOutcome::Page(page) = &out else {
            return out;
        };
        if let Some(timeline) = crate::weibo_visitor::timeline_after_lookup(&page.final_url) {
            return self.fetch_weibo(&timeline, validators).await;
        }
        if crate::weibo_visitor::refused(page.status, &page.final_url, &page.body)
            || page.status >= 500
        {
            return out;
        }
        let domain = lookup.path().trim_start_matches('/');
        FetchOutcome::Failed {
            error: FetchError::NoAccount(format!(
                "微博个性域名“{domain}”没有对应的账号（HTTP {}），请核对台账中的监测地址，或改填 weibo.com/u/数字ID",
                page.status
            )),
            status: Some(page.status),
            attempts: page.attempts,
        }
    }

    /// Asks Weibo's passport for a visitor identity; the Cookie header, or why not (Chinese).
    async fn weibo_handshake(&self) -> Result<String, String> {
        let url = format!(
            "{}/visitor/genvisitor2",
            self.cfg.weibo_passport.trim_end_matches('/')
        );
        let Ok(parsed) = Url::parse(&url) else {
            return Err(format!("微博访客验证地址无效：{url}"));
        };
        let gate = self.gate(parsed.host_str().unwrap_or_default());
        let _host_slot = gate.slots.acquire().await.expect("semaphore never closed");
        if let Some(pace) = &gate.pace {
            pace.until_ready().await;
        }
        let _slot = self.global.acquire().await.expect("semaphore never closed");
        let resp = self
            .client
            .post(parsed)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body("cb=visitor_gray_callback&tid=&from=weibo")
            .send()
            .await
            .map_err(|e| format!("无法连接微博访客验证：{}", short_error(&e)))?;
        let status = resp.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(format!(
                "微博访客验证被拒绝（HTTP {status}），可能正在冷却，请稍后再试"
            ));
        }
        let text = resp
            .text()
            .await
            .map_err(|e| format!("读取微博访客验证失败：{}", short_error(&e)))?;
        crate::weibo_visitor::parse_answer(&text)
    }

    async fn fetch_parsed(
        &self,
        parsed: &Url,
        validators: &Validators,
        cookie: Option<&str>,
    ) -> FetchOutcome {
        let gate = self.gate(parsed.host_str().unwrap_or_default());
        let ceiling = Duration::from_millis(self.cfg.retry_after_ceiling_ms);
        let attempts = std::sync::atomic::AtomicU32::new(0);
        let backoff = ExponentialBuilder::default()
            .with_min_delay(Duration::from_millis(self.cfg.retry_base_ms))
            .with_max_delay(ceiling)
            .with_max_times(self.cfg.retries)
            .with_jitter();
        let result = (|| async {
            attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            self.try_once(parsed, validators, &gate, cookie).await
        })
        .retry(backoff)
        .sleep(tokio::time::sleep)
        .when(|e: &TryError| e.retryable)
        .adjust(|e: &TryError, planned| match e.retry_after {
            // Honour Retry-After up to the ceiling; beyond it, stop retrying.
            Some(wait) if wait > ceiling => None,
            Some(wait) => planned.map(|p| p.max(wait)),
            None => planned,
        })
        .await;
        let attempts = attempts.into_inner();
        match result {
            Ok(Ok(page)) => FetchOutcome::Page(Fetched { attempts, ..page }),
            Ok(Err(status)) => FetchOutcome::NotModified { status, attempts },
            Err(e) => FetchOutcome::Failed {
                error: e.error,
                status: e.status,
                attempts,
            },
        }
    }

    /// One request: waits for its host's turn and a global slot. `Ok(Err(304))` is "not
    /// modified".
    async fn try_once(
        &self,
        url: &Url,
        validators: &Validators,
        gate: &HostGate,
        cookie: Option<&str>,
    ) -> Result<Result<Fetched, u16>, TryError> {
        let _host_slot = gate.slots.acquire().await.expect("semaphore never closed");
        if let Some(pace) = &gate.pace {
            pace.until_ready().await;
        }
        let _slot = self.global.acquire().await.expect("semaphore never closed");
        let started = std::time::Instant::now();
        let mut req = self.client.get(url.clone());
        if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(c).ok()) {
            let mut c = c;
            c.set_sensitive(true);
            req = req.header(header::COOKIE, c);
        }
        if let Some(etag) = validators
            .etag
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            req = req.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(lm) = validators
            .last_modified
            .as_deref()
            .and_then(|v| HeaderValue::from_str(v).ok())
        {
            req = req.header(header::IF_MODIFIED_SINCE, lm);
        }
        let fail = |error, status, retryable| TryError {
            error,
            status,
            retry_after: None,
            retryable,
        };
        let mut resp = req.send().await.map_err(|e| {
            if e.is_redirect() {
                fail(FetchError::TooManyRedirects, None, false)
            } else if e.is_timeout() {
                fail(FetchError::Timeout, None, true)
            } else {
                fail(FetchError::Connect(short_error(&e)), None, true)
            }
        })?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Err(304));
        }
        if status == 429 {
            let wait = retry_after(resp.headers());
            return Err(TryError {
                error: FetchError::RateLimited(wait.as_secs()),
                status: Some(429),
                retry_after: Some(wait),
                retryable: true,
            });
        }
        if (500..600).contains(&status) {
            // A feed bridge fails in its own words: that is the answer, not a reason to retry.
            let mut head = Vec::new();
            while head.len() < 64 * 1024 {
                match resp.chunk().await {
                    Ok(Some(chunk)) => head.extend_from_slice(&chunk),
                    _ => break,
                }
            }
            if let Some(why) = crate::bridge::bridge_error(status, &head) {
                return Err(fail(FetchError::Refused(why), Some(status), false));
            }
            return Err(fail(FetchError::Server(status), Some(status), true));
        }
        let headers = resp.headers().clone();
        let final_url = resp.url().clone();
        let cap = self.cfg.max_body_bytes;
        let mut body = Vec::new();
        let mut cut = None;
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    let room = cap.saturating_sub(body.len());
                    if chunk.len() > room {
                        body.extend_from_slice(&chunk[..room]);
                        cut = Some(Cut::Cap);
                        break;
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    // A slow trickle that outlives the total timeout: keep what arrived when it is
                    // something, else a timeout.
                    if body.is_empty() {
                        return Err(fail(FetchError::Timeout, Some(status), true));
                    }
                    cut = Some(Cut::Stalled);
                    break;
                }
                Err(e) => {
                    if body.is_empty() {
                        return Err(fail(FetchError::Body(short_error(&e)), Some(status), true));
                    }
                    cut = Some(Cut::Broken);
                    break;
                }
            }
        }
        let hash = blake3::hash(&body).to_hex().to_string();
        Ok(Ok(Fetched {
            status,
            final_url,
            content_type: header_text(&headers, header::CONTENT_TYPE),
            cut,
            validators: Validators {
                etag: header_text(&headers, header::ETAG),
                last_modified: header_text(&headers, header::LAST_MODIFIED),
            },
            hash,
            body,
            attempts: 0,
            transfer: started.elapsed(),
        }))
    }
}

/// The error and its causes in one line.
fn short_error(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text.push('：');
        text.push_str(&s.to_string());
        source = s.source();
    }
    text.chars().take(300).collect()
}

#[cfg(test)]
mod config_tests {
    use super::*;

    #[test]
    fn a_settings_file_is_read_or_refused_with_its_name() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.json");
        std::fs::write(&good, r#"{"per_host_interval_ms": 0, "retries": 0}"#).unwrap();
        let c = FetchConfig::load(Some(&good)).unwrap();
        assert_eq!((c.per_host_interval_ms, c.retries), (0, 0));
        assert_eq!(
            c.per_host_concurrency,
            FetchConfig::default().per_host_concurrency
        );

        let bad = dir.path().join("bad.json");
        std::fs::write(&bad, r#"{"retries": "two"}"#).unwrap();
        let e = FetchConfig::load(Some(&bad)).unwrap_err();
        assert!(e.contains("bad.json") && e.contains("格式错误"), "{e}");

        let missing = dir.path().join("missing.json");
        let e = FetchConfig::load(Some(&missing)).unwrap_err();
        assert!(e.contains("missing.json") && e.contains("无法读取"), "{e}");
    }
}
