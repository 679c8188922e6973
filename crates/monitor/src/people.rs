//! Evidence from people on the board: what a coordinator pastes from the work group (messages
//! with links, a list of links, a chat export). Every link is read and verified against the
//! push's rebuttal, attributed to a target (`rules::attribution`), and shown for a decision;
//! 确认 then confirms the picked links, each verified again as it is kept.

use std::sync::Arc;

use piyao_check::pasted::links_in;
use piyao_check::sweep::Checker;
use piyao_core::error::{Error, Result};
use piyao_core::model::{
    ManualConfirm, PasteOutcome, PastePick, PastePreview, PasteRefused, PasteTarget,
    PastedEvidence, Verdict,
};
use piyao_core::rules::attribution::{accept, attribute};
use tokio::task::JoinSet;

use crate::{reference, Monitor};

/// Links read at a time (the fetcher's per-host pacing still holds).
const READ_AT_ONCE: usize = 4;
/// The most text one paste may hold.
pub const PASTE_MAX_BYTES: usize = 2 * 1024 * 1024;

impl Monitor {
    /// Reads every link in `text` against push `push_id`'s rebuttal and says whose repost each
    /// is; `on_read(done, total)` after each link.
    pub async fn preview_paste(
        &self,
        push_id: i64,
        text: &str,
        mut on_read: impl FnMut(usize, usize),
    ) -> Result<PastePreview> {
        if text.len() > PASTE_MAX_BYTES {
            return Err(Error::Invalid(format!(
                "粘贴的内容太长（{} KB），请分批粘贴，每次不超过 {} KB",
                text.len() / 1024,
                PASTE_MAX_BYTES / 1024
            )));
        }
        let push = self.db.get_push(push_id)?;
        let candidates = self.db.push_candidates(push_id)?;
        let (found, left_out) = links_in(text);
        if found.is_empty() {
            return Err(Error::Invalid(
                "粘贴的内容里没有找到 http:// 或 https:// 开头的链接".into(),
            ));
        }
        let checker = Arc::new(Checker::new(
            self.fetcher.clone(),
            &reference(&self.db, push.rebuttal_id)?,
        ));
        let total = found.len();
        let mut read: Vec<Option<(piyao_check::sweep::Decision, Option<String>)>> =
            vec![None; total];
        let mut running = JoinSet::new();
        let mut next = 0;
        let mut done = 0;
        while done < total {
            while next < total && running.len() < READ_AT_ONCE {
                let (checker, url, i) = (checker.clone(), found[next].url.clone(), next);
                running.spawn(async move { (i, checker.read_link(&url).await) });
                next += 1;
            }
            let Some(joined) = running.join_next().await else {
                break;
            };
            let (i, outcome) = joined.map_err(|e| Error::Invalid(format!("读取链接中断：{e}")))?;
            read[i] = Some(outcome);
            done += 1;
            on_read(done, total);
        }
        let links = found
            .into_iter()
            .zip(read)
            .map(|(link, outcome)| {
                let (decision, shown) = outcome.expect("every link was read");
                let among: Vec<_> = candidates.iter().map(|(c, _)| c.clone()).collect();
                let attribution =
                    attribute(&link.url, shown.as_deref(), link.sender.as_deref(), &among);
                let target = attribution
                    .account_id
                    .and_then(|id| candidates.iter().find(|(c, _)| c.account_id == id));
                let (accepted, note) = accept(
                    decision.verdict,
                    &decision.evidence.explanation,
                    &attribution,
                    target.map(|(c, v)| (c.name.as_str(), *v)),
                );
                PastedEvidence {
                    url: link.url,
                    sender: link.sender,
                    line: link.line,
                    verdict: decision.verdict,
                    explanation: decision.evidence.explanation,
                    shown_account: shown,
                    account: target.map(|(c, _)| c.name.clone()),
                    attribution,
                    accepted,
                    note,
                }
            })
            .collect();
        let targets = pick_list(&candidates);
        Ok(PastePreview {
            push_id,
            links,
            targets,
            left_out: left_out as u32,
        })
    }

    /// Confirms each picked link as its account's repost. Each link is verified again as it is
    /// kept (link, evidence, who and when); one that fails is refused with why, the others
    /// stand.
    pub async fn confirm_paste(
        &self,
        push_id: i64,
        picks: &[PastePick],
        actor: &str,
    ) -> Result<PasteOutcome> {
        self.db.get_push(push_id)?;
        let mut outcome = PasteOutcome {
            confirmed: Vec::new(),
            refused: Vec::new(),
        };
        for pick in picks {
            let confirm = ManualConfirm {
                push_id,
                account_id: pick.account_id,
                note: Some("依据群内报送的转载链接确认".into()),
                link: Some(pick.url.clone()),
            };
            match self.confirm(&confirm, actor).await {
                Ok(target) => outcome.confirmed.push(target.account),
                Err(e) => outcome.refused.push(PasteRefused {
                    url: pick.url.clone(),
                    account_id: pick.account_id,
                    why: e.to_string(),
                }),
            }
        }
        Ok(outcome)
    }
}

/// The most screenshots one batch takes (each takes about half a second to read).
pub const IMAGES_MAX: usize = 200;

/// Refuses a batch of screenshots too large to read at once, before any is read.
pub fn check_image_batch(count: usize) -> Result<()> {
    if count > IMAGES_MAX {
        return Err(Error::Invalid(format!(
            "一次选择了 {count} 张截图，每次最多 {IMAGES_MAX} 张，请分批提交"
        )));
    }
    Ok(())
}

/// A screenshot as given: its file name and bytes, or why the file could not be read (it is
/// then judged 无法读取 with that reason, beside the others of its batch).
#[derive(Debug, Clone)]
pub struct ImageFile {
    pub name: String,
    pub bytes: std::result::Result<Vec<u8>, String>,
}

impl ImageFile {
    /// Reads a screenshot from disk; a file larger than recognition takes is refused before
    /// it is read, so a huge file never sits in memory.
    pub fn read(path: &std::path::Path) -> ImageFile {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let limit = piyao_check::ocr::MAX_BYTES as u64;
        let bytes = match std::fs::metadata(path) {
            Err(e) => Err(format!("无法读取文件：{e}")),
            Ok(meta) if meta.is_dir() => Err("这是一个文件夹，不是图片".to_string()),
            Ok(meta) if meta.len() > limit => Err(format!(
                "文件有 {:.1} MB，截图不能超过 {} MB",
                meta.len() as f64 / 1024.0 / 1024.0,
                limit / 1024 / 1024
            )),
            Ok(_) => std::fs::read(path).map_err(|e| format!("无法读取文件：{e}")),
        };
        ImageFile { name, bytes }
    }
}

/// A screenshot judged: what recognition read, and the decision on it.
struct Read {
    facts: Result<piyao_check::ocr::ImageFacts, String>,
    text: String,
    verdict: Verdict,
    explanation: String,
    fragment: String,
}

/// Checks, recognises and judges one screenshot (CPU work, run off the async runtime).
async fn read_image(file: &ImageFile, reference: &piyao_check::Reference) -> Read {
    let (bytes, reference) = (file.bytes.clone(), reference.clone());
    let judged = tokio::task::spawn_blocking(move || {
        let bytes = bytes?;
        let facts = piyao_check::ocr::inspect(&bytes)?;
        let text = piyao_check::ocr::recognize(&bytes)?;
        let matcher = piyao_check::matcher::Matcher::new(&reference);
        let outcome = piyao_check::screenshot::judge(&matcher, &reference, &text);
        Ok::<_, String>((facts, text, outcome))
    })
    .await
    .unwrap_or_else(|e| Err(format!("识别中断：{e}")));
    match judged {
        Ok((facts, text, outcome)) => {
            use piyao_check::matcher::MatchKind;
            let verdict = match outcome.kind {
                MatchKind::Repost => Verdict::Reposted,
                MatchKind::RumorRepost => Verdict::RumorReposted,
                MatchKind::OtherRebuttal | MatchKind::Unrelated => Verdict::NotFound,
            };
            let explanation = match outcome.kind {
                MatchKind::Unrelated if outcome.explanation.is_empty() => {
                    "截图中没有找到本条辟谣信息。".to_string()
                }
                _ => outcome.explanation.clone(),
            };
            Read {
                facts: Ok(facts),
                text,
                verdict,
                explanation,
                fragment: outcome.fragment,
            }
        }
        Err(why) => Read {
            facts: Err(why.clone()),
            text: String::new(),
            verdict: Verdict::Unreadable,
            explanation: why,
            fragment: String::new(),
        },
    }
}

/// The push's targets as a preview offers them to pick from, those already reposted marked.
fn pick_list(
    candidates: &[(piyao_core::rules::attribution::Candidate, Option<Verdict>)],
) -> Vec<PasteTarget> {
    candidates
        .iter()
        .map(|(c, verdict)| PasteTarget {
            account_id: c.account_id,
            name: c.name.clone(),
            reposted: *verdict == Some(Verdict::Reposted),
        })
        .collect()
}

fn clip(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        out.push('…');
    }
    out
}

impl Monitor {
    /// Reads every screenshot against push `push_id`'s rebuttal and says whose repost each
    /// shows; `on_read(done, total)` after each. A file that is not a usable image is
    /// 无法读取 with why; the others are judged all the same.
    pub async fn preview_images(
        &self,
        push_id: i64,
        files: &[ImageFile],
        mut on_read: impl FnMut(usize, usize),
    ) -> Result<piyao_core::model::ImagePreview> {
        if files.is_empty() {
            return Err(Error::Invalid("没有选择截图".into()));
        }
        check_image_batch(files.len())?;
        let push = self.db.get_push(push_id)?;
        let candidates = self.db.push_candidates(push_id)?;
        let reference = reference(&self.db, push.rebuttal_id)?;
        let among: Vec<_> = candidates.iter().map(|(c, _)| c.clone()).collect();
        let mut images = Vec::with_capacity(files.len());
        for (i, file) in files.iter().enumerate() {
            let read = read_image(file, &reference).await;
            let attribution = piyao_core::rules::attribution::attribute_shown(&read.text, &among);
            let target = attribution
                .account_id
                .and_then(|id| candidates.iter().find(|(c, _)| c.account_id == id));
            let (accepted, note) = accept(
                read.verdict,
                &read.explanation,
                &attribution,
                target.map(|(c, v)| (c.name.as_str(), *v)),
            );
            images.push(piyao_core::model::ImageEvidence {
                file: file.name.clone(),
                verdict: read.verdict,
                explanation: read.explanation,
                text: clip(&read.text, 600),
                account: target.map(|(c, _)| c.name.clone()),
                attribution,
                accepted,
                note,
            });
            on_read(i + 1, files.len());
        }
        let targets = pick_list(&candidates);
        Ok(piyao_core::model::ImagePreview {
            push_id,
            images,
            targets,
        })
    }

    /// Confirms each picked screenshot as its account's repost: judged again, kept in the
    /// database (content-addressed) with the recognised text, and cited by the target's
    /// evidence. One that fails is refused with why; the others stand.
    pub async fn confirm_images(
        &self,
        push_id: i64,
        picks: &[(ImageFile, i64)],
        actor: &str,
    ) -> Result<PasteOutcome> {
        let push = self.db.get_push(push_id)?;
        let reference = reference(&self.db, push.rebuttal_id)?;
        let mut outcome = PasteOutcome {
            confirmed: Vec::new(),
            refused: Vec::new(),
        };
        for (file, account_id) in picks {
            let refuse = |why: String| PasteRefused {
                url: file.name.clone(),
                account_id: *account_id,
                why,
            };
            let read = read_image(file, &reference).await;
            let (facts, bytes) = match (&read.facts, read.verdict, &file.bytes) {
                (Ok(facts), Verdict::Reposted, Ok(bytes)) => (facts.clone(), bytes),
                _ => {
                    outcome.refused.push(refuse(format!(
                        "截图核验未通过（{}）：{}",
                        read.verdict.label(),
                        read.explanation
                    )));
                    continue;
                }
            };
            let now = piyao_core::rules::push::fmt(self.now());
            let kept = self.db.keep_image(
                push_id,
                *account_id,
                &piyao_core::store::NewImage {
                    bytes,
                    format: facts.format,
                    width: facts.width,
                    height: facts.height,
                    file_name: Some(&file.name),
                    ocr_text: &read.text,
                },
                actor,
                &now,
            );
            let hash = match kept {
                Ok(hash) => hash,
                Err(e) => {
                    outcome.refused.push(refuse(e.to_string()));
                    continue;
                }
            };
            let evidence = piyao_core::model::Evidence {
                fragment: Some(read.fragment.clone()).filter(|f| !f.is_empty()),
                explanation: format!(
                    "截图核验：{}（截图 {}，{}）",
                    read.explanation.trim_end_matches('。'),
                    file.name,
                    &hash[..12]
                ),
                ..Default::default()
            };
            match self.db.confirm_target(
                push_id,
                *account_id,
                Some(&format!("依据截图确认：{}", file.name)),
                Some(evidence),
                actor,
                self.now(),
            ) {
                Ok(target) => outcome.confirmed.push(target.account),
                Err(e) => outcome.refused.push(refuse(e.to_string())),
            }
        }
        Ok(outcome)
    }
}
