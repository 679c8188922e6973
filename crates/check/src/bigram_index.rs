//! A lookup table of the reference's bigrams, shared by the matcher and the pre-screen.

/// Open-addressing hash table from a packed bigram to its index in the reference table
/// (linear probing, load ≤ 0.5, multiplicative hashing): one or two probes per lookup.
pub(crate) struct BigramIndex {
    slots: Vec<u64>,
    index: Vec<u32>,
    shift: u32,
}

const EMPTY_SLOT: u64 = u64::MAX;

impl BigramIndex {
    pub(crate) fn new(keys: &[u64]) -> BigramIndex {
        let cap = (keys.len() * 2).next_power_of_two().max(16);
        let mut t = BigramIndex {
            slots: vec![EMPTY_SLOT; cap],
            index: vec![0; cap],
            shift: 64 - cap.trailing_zeros(),
        };
        let mask = cap - 1;
        for (i, &k) in keys.iter().enumerate() {
            let mut s = t.slot(k);
            while t.slots[s] != EMPTY_SLOT {
                s = (s + 1) & mask;
            }
            t.slots[s] = k;
            t.index[s] = i as u32;
        }
        t
    }

    #[inline]
    fn slot(&self, k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> self.shift) as usize
    }

    #[inline]
    pub(crate) fn get(&self, k: u64) -> Option<usize> {
        let mask = self.slots.len() - 1;
        let mut s = self.slot(k);
        loop {
            let v = self.slots[s];
            if v == k {
                return Some(self.index[s] as usize);
            }
            if v == EMPTY_SLOT {
                return None;
            }
            s = (s + 1) & mask;
        }
    }
}
