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
        let targets = candidates
            .iter()
            .map(|(c, verdict)| PasteTarget {
                account_id: c.account_id,
                name: c.name.clone(),
                reposted: *verdict == Some(Verdict::Reposted),
            })
            .collect();
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
