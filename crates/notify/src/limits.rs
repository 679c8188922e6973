//! Each platform's limits on one custom bot, and the pacing that keeps us under them.
//!
//! Sources (read 2026):
//! - WeCom, 群机器人配置说明 <https://developer.work.weixin.qq.com/document/path/91770>: "每个机器人发送的消息不能超过20条/分钟";
//!   text `content` "最长不超过2048个字节，必须是utf8编码".
//! - DingTalk, 自定义机器人接入 <https://open.dingtalk.com/document/robots/custom-robot-access>:
//!   "每个机器人每分钟最多发送20条消息到群里，如果超过20条，会限流10分钟". The page gives no size
//!   for a text message; the nearest documented figure is global error code 34016 (服务端 API
//!   全局错误码 <https://open.dingtalk.com/document/orgapp/server-api-error-codes-1>), which caps a
//!   message's `content` at 5000. We allow 5000 *bytes*, which is stricter than 5000 characters.
//! - Feishu, 自定义机器人使用指南 <https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot>:
//!   "单租户单机器人 100 次/分钟，5 次/秒"; "请求体的数据大小不能超过 20 KB". We give the text
//!   19 000 bytes as it travels in the JSON body (escapes included), leaving room for the
//!   envelope, the timestamp and the signature.

use std::num::NonZeroU32;
use std::time::Duration;

use governor::Quota;
use piyao_core::model::BotKind;

/// The largest burst we ever allow, so that a bot's group is not flooded in one second.
const MAX_BURST: u32 = 5;

/// The most bytes one message (one part, its "（续 2/3）" header included) may take, counted
/// as the text travels inside the JSON request body: UTF-8, with JSON escapes (`\n` counts 2).
/// That is exact for Feishu's body limit and a little conservative for the others.
pub fn max_message_bytes(kind: BotKind) -> usize {
    match kind {
        BotKind::Wecom => 2048,
        BotKind::Dingtalk => 5000,
        BotKind::Feishu => 19_000,
    }
}

/// Messages per minute one bot accepts (see the module's sources).
pub fn per_minute_limit(kind: BotKind) -> u32 {
    match kind {
        BotKind::Wecom | BotKind::Dingtalk => 20,
        BotKind::Feishu => 100,
    }
}

/// Messages per second one bot accepts, where the platform says.
pub(crate) fn per_second_limit(kind: BotKind) -> Option<u32> {
    match kind {
        BotKind::Feishu => Some(5),
        BotKind::Wecom | BotKind::Dingtalk => None,
    }
}

/// How fast we send to one bot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Pace {
    pub per_minute: u32,
    pub per_second: Option<u32>,
}

impl Pace {
    /// The platform's limits, or the test override (then the only limit).
    pub fn of(kind: BotKind, per_minute_override: Option<u32>) -> Pace {
        match per_minute_override {
            Some(n) => Pace {
                per_minute: n,
                per_second: None,
            },
            None => Pace {
                per_minute: per_minute_limit(kind),
                per_second: per_second_limit(kind),
            },
        }
    }

    /// A GCRA quota (burst `b` of up to a sixth of the minute's allowance, at most
    /// five; one new slot every `T`) that never lets more than
    /// `per_minute` requests into any 60-second window, nor `per_second` into any second.
    ///
    /// In any half-open window of length `W` such a limiter admits at most `b + ⌈W/T⌉ − 1`
    /// requests. With `T = 60 s / (n − b + 1)` that is exactly `n` per minute (a plain
    /// "n per minute" quota with burst `n` would admit up to `2n − 1` in the first minute,
    /// and DingTalk answers that with a ten-minute ban). The per-second limit `s` adds
    /// `T ≥ 1 s / (s − b + 1)`.
    pub fn quota(self) -> Quota {
        let n = self.per_minute.max(1);
        let mut burst = (n / 6).clamp(1, MAX_BURST);
        if let Some(s) = self.per_second {
            burst = burst.min(s.saturating_sub(1).max(1));
        }
        let mut period = Duration::from_secs(60) / (n - burst + 1);
        if let Some(s) = self.per_second {
            period = period.max(Duration::from_secs(1) / (s.max(burst) - burst + 1));
        }
        let burst = NonZeroU32::new(burst).unwrap_or(NonZeroU32::MIN);
        Quota::with_period(period).map_or_else(
            || Quota::per_second(NonZeroU32::MIN),
            |q| q.allow_burst(burst),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;
    use governor::RateLimiter;

    /// Takes every slot the quota grants over `span`, in 5 ms steps, and returns their times.
    fn admitted(pace: Pace, span: Duration) -> Vec<Duration> {
        let clock = FakeRelativeClock::default();
        let limiter = RateLimiter::direct_with_clock(pace.quota(), clock.clone());
        let step = Duration::from_millis(5);
        let mut now = Duration::ZERO;
        let mut times = Vec::new();
        while now < span {
            while limiter.check().is_ok() {
                times.push(now);
            }
            clock.advance(step);
            now += step;
        }
        times
    }

    fn max_in_window(times: &[Duration], window: Duration) -> usize {
        times
            .iter()
            .enumerate()
            .map(|(i, &t)| times[i..].iter().take_while(|&&u| u < t + window).count())
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn the_quota_never_exceeds_the_platform_limits_in_any_window() {
        for kind in BotKind::ALL {
            let pace = Pace::of(kind, None);
            let times = admitted(pace, Duration::from_secs(180));
            let per_minute = max_in_window(&times, Duration::from_secs(60));
            assert!(
                per_minute <= per_minute_limit(kind) as usize,
                "{kind:?}: {per_minute} in one minute"
            );
            if let Some(s) = per_second_limit(kind) {
                let per_second = max_in_window(&times, Duration::from_secs(1));
                assert!(
                    per_second <= s as usize,
                    "{kind:?}: {per_second} in one second"
                );
            }
            // Not needlessly slow either: over three minutes we get at least 90 % of the limit.
            let floor = per_minute_limit(kind) as usize * 3 * 9 / 10;
            assert!(
                times.len() >= floor,
                "{kind:?}: only {} in three minutes",
                times.len()
            );
        }
    }

    #[test]
    fn a_short_message_goes_out_at_once_and_a_long_one_is_paced() {
        let times = admitted(Pace::of(BotKind::Wecom, None), Duration::from_secs(10));
        // A burst of three at once, then one every 60 s / 18 = 3.33 s.
        assert_eq!(times.iter().filter(|t| t.is_zero()).count(), 3);
        assert!(times[3] >= Duration::from_millis(3330), "{:?}", times[3]);
    }

    #[test]
    fn an_override_is_the_only_limit_and_tiny_values_still_work() {
        let times = admitted(Pace::of(BotKind::Feishu, Some(600)), Duration::from_secs(6));
        assert!(max_in_window(&times, Duration::from_secs(6)) <= 600 / 10 + 5);
        assert!(times.len() >= 50);
        for n in [0, 1, 2, 3] {
            let times = admitted(Pace::of(BotKind::Wecom, Some(n)), Duration::from_secs(59));
            assert_eq!(times.len(), n.max(1) as usize, "{n}: {times:?}");
        }
    }

    #[test]
    fn sizes_and_rates_are_the_documented_ones() {
        assert_eq!(max_message_bytes(BotKind::Wecom), 2048);
        assert_eq!(per_minute_limit(BotKind::Wecom), 20);
        assert_eq!(per_minute_limit(BotKind::Dingtalk), 20);
        assert_eq!(per_minute_limit(BotKind::Feishu), 100);
        assert!(max_message_bytes(BotKind::Feishu) < 20 * 1000);
    }
}
