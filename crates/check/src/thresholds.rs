//! The thresholds the matcher decides by that the pre-screen must know too: the screen lets a
//! page through when the page holds enough of a class of bigrams for *some* item to reach one
//! of these (see `screen`'s soundness argument). Both read them from here, so changing one
//! changes both. Shares are whole percents so that the screen's counts are exact integers.

/// A share in whole percent, as the matcher compares it.
pub(crate) const fn share(pct: u32) -> f32 {
    pct as f32 / 100.0
}

/// Near-equal titles: Dice on all bigrams, in percent (one changed character costs about 10
/// on a 20-character title).
pub(crate) const TITLE_DICE_PCT: u32 = 90;
/// Dice ≥ TITLE_DICE means at least TITLE_DICE / (2 − TITLE_DICE) of the title's distinct
/// bigrams are shared (2I ≥ d(a + D), I ≤ a); the screen counts this share of them, rounded
/// down from 81.8 (checked by a test below).
pub(crate) const TITLE_DICE_SHARED_PCT: u32 = 80;
/// A truncated title must show this share of the rebuttal's title, as a prefix.
pub(crate) const TITLE_PREFIX_PCT: u32 = 90;
/// Body rules need the rebuttal to have this many distinctive bigrams and the item to match
/// at least this many of them (a few shared words prove nothing).
pub(crate) const MIN_BODY_BIGRAMS: usize = 8;
/// An excerpt (body trimmed): at least this share of the rebuttal's distinctive bigrams.
pub(crate) const BODY_EXCERPT_REF_PCT: u32 = 40;
/// Rumor repost: share of the rumor's title or text bigrams found in the item (the rumor
/// reposted as-is or decorated: 100; with a few words changed: 60–90).
pub(crate) const RUMOR_SIM_PCT: u32 = 60;

/// A cut-short entry is worth following to its page when its visible title starts the
/// rebuttal's (at least this many characters)…
pub(crate) const FOLLOW_PREFIX_CHARS: usize = 4;
/// …or it reaches this Dice with the rebuttal's title (Dice ≥ 50 means at least a third of
/// the title's bigrams are shared)…
pub(crate) const FOLLOW_DICE_PCT: u32 = 50;
/// …or this share of the rebuttal's distinctive bigrams…
pub(crate) const FOLLOW_REB_PCT: u32 = 20;
/// …or this many of them making up at least FOLLOW_ITEM_PCT of its own content…
pub(crate) const FOLLOW_REB_MIN: usize = 4;
pub(crate) const FOLLOW_ITEM_PCT: u32 = 50;
/// …or this share of the rumor.
pub(crate) const FOLLOW_RUMOR_PCT: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screens_share_for_a_near_equal_title_is_at_most_what_dice_implies() {
        let d = share(TITLE_DICE_PCT);
        assert!(share(TITLE_DICE_SHARED_PCT) <= d / (2.0 - d));
    }
}
