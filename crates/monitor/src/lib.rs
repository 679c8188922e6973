//! Push monitoring, shared by the desktop shell and `piyao watch`: re-checks the targets of
//! active pushes on schedule (most urgent tier first), raises the events worth a
//! notification once each, stops monitoring at completion or after the last deadline plus a
//! grace period, and sends notices and reminders to the group bots, logging every delivery.
//!
//! Framework-free: the host gives a progress callback and decides how to show events.

mod people;
pub use people::{check_image_batch, ImageFile, IMAGES_MAX, PASTE_MAX_BYTES};

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use piyao_check::fetch::Fetcher;
use piyao_check::sweep::{sweep, Checker};
use piyao_check::Reference;
use piyao_core::error::{Error, Result};
use piyao_core::model::{
    Bot, BotDelivery, Coverage, DeliveryPurpose, Evidence, ManualConfirm, Push, PushEvent,
    PushEventKind, PushLaunch, RemindOutcome, SweepProgress, TargetResult, Verdict,
};
use piyao_core::rules::push::fmt;
use piyao_core::store::CheckRecord;
use piyao_core::Db;
use piyao_notify::{BotTarget, Notifier};
use time::OffsetDateTime;

/// Records are written in batches: a sweep of thousands of accounts does not take the
/// database lock per account, and what was decided is kept if the sweep is stopped.
const BATCH: usize = 50;

/// What the monitor's clock says; tests move it.
pub type Clock = Arc<dyn Fn() -> OffsetDateTime + Send + Sync>;

/// The result of one sweep of one push.
#[derive(Debug, Clone)]
pub struct SweepOutcome {
    pub push_id: i64,
    /// Targets checked in this sweep.
    pub checked: usize,
    pub coverage: Coverage,
    /// Events raised by this sweep (each is raised once per push).
    pub events: Vec<PushEvent>,
    /// Why monitoring stopped after this sweep, if it did.
    pub stopped: Option<String>,
    /// The automatic reminder sent because a deadline passed, if one was.
    pub reminder: Option<RemindOutcome>,
}

pub struct Monitor {
    db: Arc<Db>,
    fetcher: Arc<Fetcher>,
    notifier: Arc<Notifier>,
    clock: Clock,
    /// Pushes being swept now: one sweep per push at a time.
    running: Mutex<HashSet<i64>>,
    /// Wakes the schedule early (a push was just launched).
    wake: tokio::sync::Notify,
}

/// Marks a push as being swept for as long as it lives.
struct Running<'a> {
    set: &'a Mutex<HashSet<i64>>,
    push_id: i64,
}

impl Drop for Running<'_> {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.push_id);
    }
}

/// The text the checker compares pages with: the push's rebuttal and the rumor it answers.
pub fn reference(db: &Db, rebuttal_id: i64) -> Result<Reference> {
    let rebuttal = db.get_rebuttal(rebuttal_id)?;
    let rumor = db.get_rumor(rebuttal.rumor_id)?;
    Ok(Reference {
        rebuttal_title: rebuttal.title,
        rebuttal_text: rebuttal.content,
        rebuttal_url: rebuttal.url,
        rumor_title: rumor.title,
        rumor_text: rumor.content,
        rebuttal_published: rebuttal.published_at,
    })
}

fn target(bot: &Bot) -> BotTarget<'_> {
    BotTarget {
        kind: bot.kind,
        webhook: &bot.webhook,
        secret: bot.secret.as_deref(),
    }
}

impl Monitor {
    pub fn new(db: Arc<Db>, fetcher: Arc<Fetcher>, notifier: Arc<Notifier>) -> Monitor {
        Monitor {
            db,
            fetcher,
            notifier,
            clock: Arc::new(OffsetDateTime::now_utc),
            running: Mutex::new(HashSet::new()),
            wake: tokio::sync::Notify::new(),
        }
    }

    pub fn with_clock(mut self, clock: Clock) -> Monitor {
        self.clock = clock;
        self
    }

    pub fn db(&self) -> &Arc<Db> {
        &self.db
    }

    fn now(&self) -> OffsetDateTime {
        (self.clock)()
    }

    /// Re-checks the push's unconfirmed targets now, calling `progress` as each is decided;
    /// then notes the sweep (stopping monitoring when done), raises new events and, when a
    /// deadline has just been missed and the office wants it, sends the automatic reminder.
    pub async fn sweep_push(
        &self,
        push_id: i64,
        progress: &(dyn Fn(SweepProgress) + Send + Sync),
    ) -> Result<SweepOutcome> {
        if !self
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(push_id)
        {
            return Err(Error::Invalid("该推送正在核查，请等本轮结束".into()));
        }
        let _running = Running {
            set: &self.running,
            push_id,
        };
        let push = self.db.get_push(push_id)?;
        let tasks = self.db.pending_checks(push_id)?;
        piyao_check::office::prepare(&self.fetcher, &self.db)?;
        let total = tasks.len() as i64;
        progress(SweepProgress {
            push_id,
            done: 0,
            total,
            finished: false,
        });
        let checker = Arc::new(Checker::new(
            self.fetcher.clone(),
            &reference(&self.db, push.rebuttal_id)?,
        ));
        let mut batch: Vec<CheckRecord> = Vec::with_capacity(BATCH);
        let mut done = 0;
        let mut store_error: Option<Error> = None;
        let mut flush = |batch: &mut Vec<CheckRecord>| {
            if let Err(e) = self.db.record_checks(batch) {
                store_error.get_or_insert(e);
            }
            batch.clear();
        };
        sweep(checker, tasks, |rec| {
            done += 1;
            batch.push(rec);
            if batch.len() >= BATCH {
                flush(&mut batch);
            }
            progress(SweepProgress {
                push_id,
                done,
                total,
                finished: false,
            });
        })
        .await;
        flush(&mut batch);
        if let Some(e) = store_error {
            return Err(e);
        }
        piyao_check::office::keep(&self.fetcher, &self.db)?;
        let now = self.now();
        let stopped = self.db.finish_sweep(push_id, now)?;
        let events = self.db.new_push_events(push_id, now)?;
        progress(SweepProgress {
            push_id,
            done,
            total,
            finished: true,
        });
        let missed = events
            .iter()
            .any(|e| e.kind == PushEventKind::DeadlineMissed);
        let reminder = if missed && self.db.push_settings()?.auto_remind {
            // A reminder sent by hand a moment ago (cooldown) or nobody left is no failure here.
            // The automatic reminder goes to the accounts known not to have reposted.
            self.remind(push_id, true, "系统", &[]).await.ok()
        } else {
            None
        };
        Ok(SweepOutcome {
            push_id,
            checked: done as usize,
            coverage: self.db.coverage(push_id)?,
            events,
            stopped,
            reminder,
        })
    }

    /// One pass of the schedule: sweeps every active push that is due, one after another.
    pub async fn tick(
        &self,
        progress: &(dyn Fn(SweepProgress) + Send + Sync),
    ) -> Vec<Result<SweepOutcome>> {
        let due = match self.db.due_pushes(self.now()) {
            Ok(d) => d,
            Err(e) => return vec![Err(e)],
        };
        let mut out = Vec::with_capacity(due.len());
        for push_id in due {
            out.push(self.sweep_push(push_id, progress).await);
        }
        out
    }

    /// Makes a running schedule look for due pushes now instead of after its pause.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Runs the schedule until `stop` resolves: a tick, then a pause of `every` or until
    /// [`Monitor::wake`] (the check of what is due is cheap; the re-check interval itself
    /// lives in the push settings).
    pub async fn run(
        &self,
        every: Duration,
        progress: &(dyn Fn(SweepProgress) + Send + Sync),
        on_outcome: &(dyn Fn(&Result<SweepOutcome>) + Send + Sync),
        stop: impl std::future::Future<Output = ()>,
    ) {
        tokio::pin!(stop);
        loop {
            for outcome in self.tick(progress).await {
                on_outcome(&outcome);
            }
            tokio::select! {
                _ = &mut stop => return,
                _ = tokio::time::sleep(every) => {}
                _ = self.wake.notified() => {}
            }
        }
    }

    async fn deliver(
        &self,
        bot: &Bot,
        push_id: Option<i64>,
        purpose: DeliveryPurpose,
        text: &str,
    ) -> Result<BotDelivery> {
        let outcome = self.notifier.send(&target(bot), text).await;
        self.db
            .record_delivery(bot.id, push_id, purpose, &outcome, text)
    }

    /// Launches a push from a case: the one way the app and the command line start one. The
    /// push is recorded (the case moves to 推送中, the timeline says who launched what), its
    /// notice goes to the chosen bots (each delivery logged, a failed one included), and the
    /// schedule wakes so the first sweep starts at once.
    pub async fn launch(
        &self,
        launch: &PushLaunch,
        actor: &str,
    ) -> Result<(Push, Vec<BotDelivery>)> {
        let push = self.db.launch_push(launch, actor, (self.clock)())?;
        let deliveries = self.send_notice(push.id, &launch.bot_ids).await?;
        self.wake();
        Ok((push, deliveries))
    }

    /// Sends the push's notice to these bots (in order), logging each delivery.
    pub async fn send_notice(&self, push_id: i64, bot_ids: &[i64]) -> Result<Vec<BotDelivery>> {
        let push = self.db.get_push(push_id)?;
        let mut out = Vec::new();
        for &id in bot_ids {
            let bot = self.db.get_bot(id)?;
            out.push(
                self.deliver(&bot, Some(push_id), DeliveryPurpose::Notice, &push.notice)
                    .await?,
            );
        }
        Ok(out)
    }

    /// Sends one digest reminder to the groups of the stragglers (the enabled bots whose
    /// tiers and units hold at least one of them), unless the cooldown forbids it; logs it on
    /// the case timeline. Without a matching bot the digest is still returned, to copy.
    /// Accounts the checker could not see are reminded only when `include` names them.
    pub async fn remind(
        &self,
        push_id: i64,
        auto: bool,
        actor: &str,
        include: &[i64],
    ) -> Result<RemindOutcome> {
        let now = self.now();
        let (stragglers, text, left_out) = self.db.reminder_digest(push_id, now, include)?;
        let bots = self.db.bots_for(&stragglers)?;
        let mut deliveries = Vec::new();
        for bot in &bots {
            deliveries.push(
                self.deliver(bot, Some(push_id), DeliveryPurpose::Reminder, &text)
                    .await?,
            );
        }
        let sent_to: Vec<String> = deliveries
            .iter()
            .map(|d| {
                if d.outcome.ok {
                    d.bot_name.clone()
                } else {
                    format!("{}（发送失败）", d.bot_name)
                }
            })
            .collect();
        self.db
            .record_reminder(push_id, stragglers.len(), &sent_to, auto, actor, now)?;
        let next = now
            + time::Duration::minutes(self.db.push_settings()?.reminder_cooldown_minutes as i64);
        Ok(RemindOutcome {
            stragglers: stragglers.len() as i64,
            deliveries,
            text,
            next_allowed_at: Some(fmt(next)),
            left_out: left_out as i64,
        })
    }

    /// Sends a test message to a bot, to check its webhook and secret.
    pub async fn test_bot(&self, bot_id: i64) -> Result<BotDelivery> {
        let bot = self.db.get_bot(bot_id)?;
        let text = format!(
            "【测试】辟谣矩阵协调台与群机器人「{}」的连接正常。",
            bot.name
        );
        self.deliver(&bot, None, DeliveryPurpose::Test, &text).await
    }

    /// Confirms a target by hand. A link is first verified by the checker: it must show the
    /// rebuttal (not the rumor) for the confirmation to be accepted.
    pub async fn confirm(&self, c: &ManualConfirm, actor: &str) -> Result<TargetResult> {
        let link = c.link.as_deref().map(str::trim).filter(|l| !l.is_empty());
        let evidence: Option<Evidence> = match link {
            None => None,
            Some(url) => {
                let push = self.db.get_push(c.push_id)?;
                let checker = Checker::new(
                    self.fetcher.clone(),
                    &reference(&self.db, push.rebuttal_id)?,
                );
                let d = checker.verify_link(url).await;
                if d.verdict != Verdict::Reposted {
                    return Err(Error::Invalid(format!(
                        "链接核验未通过（{}）：{}",
                        d.verdict.label(),
                        d.evidence.explanation
                    )));
                }
                Some(d.evidence)
            }
        };
        self.db.confirm_target(
            c.push_id,
            c.account_id,
            c.note.as_deref(),
            evidence,
            actor,
            self.now(),
        )
    }
}
