//! One item against the rebuttal and the rumor: a repost of the rebuttal, a repost of the
//! rumor, another rebuttal on the same subject, or unrelated; with a score, the matched
//! fragment and a human explanation.
