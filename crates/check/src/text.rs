//! Chinese-aware text normalisation for matching: width folding, repost prefixes, topics,
//! punctuation, truncation marks.
