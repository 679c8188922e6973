//! Screenshots as people send them, rendered by this test from the real rebuttal texts in
//! `tests/data/` (ImageMagick with the Noto CJK fonts, both installed by `scripts/setup.sh`),
//! then read with the OCR engine and judged against the reference, as the board does with a
//! dropped screenshot:
//! - positives: a WeChat chat with the rebuttal's shared-article card, a 朋友圈 share, a Weibo
//!   repost, a video app's share; light and dark; phone widths 720, 1080 and 1242; some cut
//!   at the top, some saved as low-quality JPEG;
//! - negatives: the rumor's own card, another rebuttal's card, an unrelated chat.
//!
//! Reports the character accuracy of recognition and the precision and recall of "this is a
//! repost of the rebuttal", with floors: precision ≥ 0.99, recall ≥ 0.90.
//!
//! Run: `cargo test -p piyao-check --test screenshots -- --nocapture`

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use piyao_check::matcher::{MatchKind, Matcher};
use piyao_check::{ocr, screenshot, Reference};

mod refs;
use refs::{load_curated, Entry};

const FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
const BOLD: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Style {
    ChatCard,
    Moments,
    WeiboRepost,
    VideoShare,
}

struct Palette {
    bg: &'static str,
    bar: &'static str,
    text: &'static str,
    sub: &'static str,
    card: &'static str,
    link: &'static str,
}

const LIGHT: Palette = Palette {
    bg: "#EDEDED",
    bar: "#F7F7F7",
    text: "#111111",
    sub: "#888888",
    card: "#FFFFFF",
    link: "#576B95",
};
const DARK: Palette = Palette {
    bg: "#111111",
    bar: "#1E1E1E",
    text: "#E6E6E6",
    sub: "#8A8A8A",
    card: "#2C2C2C",
    link: "#7D90A9",
};

/// Text for ImageMagick: `%` is an escape there, and a leading `@` names a file.
fn im(text: &str) -> String {
    let t = text.replace('%', "%%");
    if t.starts_with('@') {
        format!("\\{t}")
    } else {
        t
    }
}

/// One screenshot: what it shows, and how it was made.
struct Shot {
    style: Style,
    dark: bool,
    width: u32,
    jpeg: bool,
    cut_top: bool,
    /// The card's or post's title, and the first words under it.
    title: String,
    summary: String,
    account: String,
    group: String,
    sender: String,
}

impl Shot {
    /// Every text the image shows, in reading order (for character accuracy).
    fn shown(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.cut_top {
            out.push(self.group.clone());
        }
        match self.style {
            Style::ChatCard => out.extend([
                self.sender.clone(),
                self.title.clone(),
                self.summary.clone(),
                self.account.clone(),
            ]),
            Style::Moments => out.extend([
                self.sender.clone(),
                "转发一下，不信谣不传谣".into(),
                self.title.clone(),
            ]),
            Style::WeiboRepost => out.extend([
                self.sender.clone(),
                format!("转发微博//@{}:", self.account),
                format!("@{}", self.account),
                self.title.clone(),
                self.summary.clone(),
            ]),
            Style::VideoShare => out.extend([
                self.title.clone(),
                format!("@{}", self.account),
                "分享给朋友".into(),
            ]),
        }
        out
    }

    fn render(&self, dir: &Path, name: &str) -> PathBuf {
        let p = if self.dark { &DARK } else { &LIGHT };
        let s = |v: u32| (v * self.width / 1080).max(1).to_string();
        let pt = |v: u32| (v * self.width / 1080).max(8).to_string();
        let w = self.width;
        let h = 1500 * self.width / 1080;
        let mut a: Vec<String> = vec!["-size".into(), format!("{w}x{h}"), format!("xc:{}", p.bg)];
        let text =
            |a: &mut Vec<String>, font: &str, size: u32, color: &str, x: u32, y: u32, t: &str| {
                a.extend([
                    "-font".into(),
                    font.into(),
                    "-pointsize".into(),
                    pt(size),
                    "-fill".into(),
                    color.into(),
                    "-annotate".into(),
                    format!("+{}+{}", s(x), s(y)),
                    im(t),
                ]);
            };
        let rect = |a: &mut Vec<String>, color: &str, x0: u32, y0: u32, x1: u32, y1: u32| {
            a.extend([
                "-fill".into(),
                color.into(),
                "-draw".into(),
                format!(
                    "roundrectangle {},{} {},{} {},{}",
                    s(x0),
                    s(y0),
                    s(x1),
                    s(y1),
                    s(12),
                    s(12)
                ),
            ]);
        };
        let caption = |a: &mut Vec<String>,
                       font: &str,
                       size: u32,
                       color: &str,
                       bg: &str,
                       width: u32,
                       x: u32,
                       y: u32,
                       t: &str| {
            a.extend([
                "(".into(),
                "-size".into(),
                format!("{}x", s(width)),
                "-background".into(),
                bg.into(),
                "-fill".into(),
                color.into(),
                "-font".into(),
                font.into(),
                "-pointsize".into(),
                pt(size),
                format!("caption:{}", im(t)),
                ")".into(),
                "-geometry".into(),
                format!("+{}+{}", s(x), s(y)),
                "-composite".into(),
            ]);
        };
        // the app's top bar
        rect(&mut a, p.bar, 0, 0, 1080, 130);
        text(&mut a, BOLD, 46, p.text, 300, 85, &self.group);
        text(&mut a, FONT, 32, p.sub, 500, 220, "10:32");
        match self.style {
            Style::ChatCard => {
                rect(&mut a, "#7FA7C9", 40, 280, 150, 390);
                text(&mut a, FONT, 32, p.sub, 180, 300, &self.sender);
                rect(&mut a, p.card, 180, 320, 900, 700);
                caption(&mut a, BOLD, 42, p.text, p.card, 600, 210, 345, &self.title);
                caption(
                    &mut a,
                    FONT,
                    32,
                    p.sub,
                    p.card,
                    470,
                    210,
                    520,
                    &self.summary,
                );
                rect(&mut a, "#C9D6C2", 700, 520, 870, 640);
                text(&mut a, FONT, 28, p.sub, 210, 680, &self.account);
            }
            Style::Moments => {
                rect(&mut a, "#D9A066", 40, 280, 150, 390);
                text(&mut a, BOLD, 38, p.link, 180, 315, &self.sender);
                text(&mut a, FONT, 38, p.text, 180, 380, "转发一下，不信谣不传谣");
                let boxc = if self.dark { "#262626" } else { "#F3F3F5" };
                rect(&mut a, boxc, 180, 420, 1000, 580);
                rect(&mut a, "#A8C3D9", 195, 435, 325, 565);
                caption(&mut a, FONT, 34, p.text, boxc, 640, 345, 440, &self.title);
                text(&mut a, FONT, 28, p.sub, 180, 640, "1小时前");
            }
            Style::WeiboRepost => {
                rect(&mut a, "#E08E7B", 40, 280, 150, 390);
                text(&mut a, BOLD, 38, "#EB7350", 180, 315, &self.sender);
                text(
                    &mut a,
                    FONT,
                    38,
                    p.text,
                    180,
                    380,
                    &format!("转发微博//@{}:", self.account),
                );
                let boxc = if self.dark { "#1F1F1F" } else { "#F2F2F2" };
                rect(&mut a, boxc, 40, 420, 1040, 880);
                text(
                    &mut a,
                    FONT,
                    36,
                    p.link,
                    70,
                    475,
                    &format!("@{}", self.account),
                );
                caption(&mut a, FONT, 38, p.text, boxc, 940, 70, 500, &self.title);
                caption(&mut a, FONT, 34, p.text, boxc, 940, 70, 640, &self.summary);
                text(
                    &mut a,
                    FONT,
                    30,
                    p.sub,
                    120,
                    940,
                    "转发 128    评论 36    赞 512",
                );
            }
            Style::VideoShare => {
                rect(&mut a, "#3A4A5A", 0, 260, 1080, 1300);
                caption(
                    &mut a,
                    BOLD,
                    48,
                    "#FFFFFF",
                    "#3A4A5A",
                    960,
                    60,
                    1000,
                    &self.title,
                );
                text(
                    &mut a,
                    BOLD,
                    38,
                    "#FFFFFF",
                    60,
                    960,
                    &format!("@{}", self.account),
                );
                text(&mut a, FONT, 34, p.text, 420, 1400, "分享给朋友");
            }
        }
        if self.cut_top {
            a.extend([
                "-gravity".into(),
                "south".into(),
                "-crop".into(),
                format!("{w}x{}+0+0", h * 80 / 100),
                "+repage".into(),
            ]);
        }
        let out = dir.join(format!("{name}.{}", if self.jpeg { "jpg" } else { "png" }));
        if self.jpeg {
            a.extend(["-quality".into(), "55".into()]);
        }
        a.push(out.to_string_lossy().into_owned());
        let status = Command::new("convert")
            .args(&a)
            .status()
            .expect("ImageMagick's convert (make test installs it)");
        assert!(status.success(), "convert {a:?}");
        out
    }
}

fn first_sentence(text: &str) -> String {
    let s: String = text
        .chars()
        .take_while(|c| !"。！？".contains(*c))
        .collect();
    s.chars().take(40).collect()
}

fn plain(s: &str) -> Vec<char> {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Levenshtein distance over characters.
fn distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn reference(e: &Entry) -> Reference {
    Reference {
        rebuttal_title: e.title.clone(),
        rebuttal_text: e.rebuttal.clone(),
        rebuttal_url: Some(e.url.clone()),
        rumor_title: e.rumor_title.clone(),
        rumor_text: e.rumor.clone(),
        rebuttal_published: None,
    }
}

#[test]
fn screenshots_are_read_and_judged() {
    let entries = load_curated();
    let dir = tempfile::tempdir().unwrap();
    let styles = [
        Style::ChatCard,
        Style::Moments,
        Style::WeiboRepost,
        Style::VideoShare,
    ];
    let widths = [1080, 720, 1242];
    let groups = [
        "龙塔社区居民群(356)",
        "云川区网评员工作群",
        "青石镇志愿者(88)",
        "东湖街道网格群",
    ];
    let senders = ["李明", "王芳", "赵强", "孙丽"];
    let accounts = ["平安云川", "云川发布", "健康云川", "云川融媒"];
    // (shot, expected: is it a repost of its reference?, reference index)
    let mut cases: Vec<(Shot, bool, usize)> = Vec::new();
    let pick = |n: usize| (n * 7) % entries.len();
    for n in 0..64 {
        let e = &entries[pick(n)];
        cases.push((
            Shot {
                style: styles[n % 4],
                dark: n % 3 == 1,
                width: widths[(n / 4) % 3],
                jpeg: n % 5 == 2,
                cut_top: n % 6 == 5,
                title: e.title.clone(),
                summary: first_sentence(&e.rebuttal),
                account: accounts[n % 4].into(),
                group: groups[(n / 2) % 4].into(),
                sender: senders[(n / 3) % 4].into(),
            },
            true,
            pick(n),
        ));
    }
    for n in 0..24 {
        let i = pick(n + 64);
        let e = &entries[i];
        let other = &entries[(i + 31) % entries.len()];
        let (title, summary) = match n % 3 {
            // the rumor's own card
            0 => (
                format!("紧急扩散！{}", e.rumor_title),
                first_sentence(&e.rumor),
            ),
            // another rebuttal's card
            1 => (other.title.clone(), first_sentence(&other.rebuttal)),
            // an unrelated chat
            _ => (
                "今晚七点社区开展消防演练，请各位居民准时参加".into(),
                "收到，准时到".into(),
            ),
        };
        cases.push((
            Shot {
                style: styles[n % 4],
                dark: n % 2 == 1,
                width: widths[n % 3],
                jpeg: n % 4 == 3,
                cut_top: false,
                title,
                summary,
                account: accounts[n % 4].into(),
                group: groups[n % 4].into(),
                sender: senders[n % 4].into(),
            },
            false,
            i,
        ));
    }

    // every image first: the memory of the processes that render them is then known, and any
    // larger peak among child processes afterwards is recognition's
    let rendered: Vec<PathBuf> = cases
        .iter()
        .enumerate()
        .map(|(k, (shot, _, _))| shot.render(dir.path(), &format!("s{k:03}")))
        .collect();
    let children_peak_kb = || {
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
        usage.ru_maxrss
    };
    let rendering_peak = children_peak_kb();
    let (mut tp, mut fp, mut positives) = (0usize, 0usize, 0usize);
    let (mut errors, mut chars) = (0usize, 0usize);
    let mut ocr_time = 0.0f64;
    let mut misses = Vec::new();
    for (k, (shot, want, ri)) in cases.iter().enumerate() {
        let path = &rendered[k];
        let bytes = std::fs::read(path).unwrap();
        let started = Instant::now();
        let text = ocr::recognize(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        ocr_time += started.elapsed().as_secs_f64();
        let expected = plain(&shot.shown().concat());
        let got = plain(&text);
        errors += distance(&expected, &got).min(expected.len());
        chars += expected.len();
        let matcher = Matcher::new(&reference(&entries[*ri]));
        let outcome = screenshot::judge(&matcher, &reference(&entries[*ri]), &text);
        let repost = outcome.kind == MatchKind::Repost;
        positives += usize::from(*want);
        tp += usize::from(*want && repost);
        fp += usize::from(!*want && repost);
        if repost != *want && misses.len() < 12 {
            misses.push(format!(
                "  {:?} dark={} w={} jpeg={} want={want} got={:?}: {}\n    read: {}",
                shot.style,
                shot.dark,
                shot.width,
                shot.jpeg,
                outcome.kind,
                shot.title,
                text.replace('\n', " | ")
            ));
        }
    }
    let n = cases.len();
    let peak = children_peak_kb();
    let memory = if peak > rendering_peak {
        format!("peak memory of recognition {} MB", peak / 1024)
    } else {
        format!("peak memory of recognition at most {} MB", peak / 1024)
    };
    let accuracy = 1.0 - errors as f64 / chars as f64;
    let precision = if tp + fp == 0 {
        1.0
    } else {
        tp as f64 / (tp + fp) as f64
    };
    let recall = tp as f64 / positives as f64;
    println!(
        "screenshots: {n} ({positives} reposts, {} others); character accuracy {accuracy:.3}; precision {precision:.3} recall {recall:.3}; recognition {:.2} s per screenshot (one thread), {memory}",
        n - positives,
        ocr_time / n as f64
    );
    if !misses.is_empty() {
        println!("wrong:\n{}", misses.join("\n"));
    }
    assert!(n >= 60);
    assert!(precision >= 0.99, "precision {precision:.3}");
    assert!(recall >= 0.90, "recall {recall:.3}");
}
