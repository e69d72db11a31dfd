//! The quick check's key tables: a set of strings (an object's property
//! names, a string `enum`) found by one hash of a key's length and ends.

/// A set of strings, sorted, with a hash table over them (open addressing
/// over a power of two, by [`Ends::slot_hash`]): a key is found with one hash and
/// usually one comparison, where a binary search made several.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Names {
    pub names: Vec<Box<str>>,
    slots: Box<[Slot]>,
    /// Every name's bytes, one after another, where the slots point: a
    /// lookup reads the table and these, not a name's own allocation.
    bytes: Box<[u8]>,
}

/// A slot of a [`Names`] table: which name, its length and first and last
/// eight bytes (the whole of a name of up to 16), and where its bytes are.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slot {
    index: u16,
    len: u16,
    at: u32,
    ends: Ends,
}

/// No name in this slot.
const EMPTY: u16 = u16::MAX;

/// The most strings a [`Names`] holds; a longer `enum` is left to the full
/// judgement.
pub(super) const MAX_NAMES: usize = EMPTY as usize - 1;

/// A key's first and last eight bytes (overlapping when shorter; for fewer
/// than four, the bytes themselves and zero): with its length, the whole of
/// a key of up to 16 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ends(u64, u64);

impl Ends {
    #[inline]
    fn of(key: &[u8]) -> Ends {
        let n = key.len();
        if n >= 8 {
            let word = |at: usize| u64::from_le_bytes(key[at..at + 8].try_into().expect("8 bytes"));
            Ends(word(0), word(n - 8))
        } else if n >= 4 {
            let word = |at: usize| {
                u64::from(u32::from_le_bytes(
                    key[at..at + 4].try_into().expect("4 bytes"),
                ))
            };
            Ends(word(0), word(n - 4))
        } else {
            let mut word = 0u64;
            for (i, &byte) in key.iter().enumerate() {
                word |= u64::from(byte) << (8 * i);
            }
            Ends(word, 0)
        }
    }

    /// The hash that places a key in a [`Names`] table: of its length and
    /// ends, so that it costs the same for any key; keys that share all
    /// three only probe further.
    #[inline]
    fn slot_hash(self, n: usize) -> usize {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let hash = (self.0 ^ self.1.rotate_left(29) ^ (n as u64).rotate_left(53)).wrapping_mul(K);
        (hash ^ (hash >> 32)) as usize
    }
}

/// Byte equality, inline: keys are short, and a call to `memcmp` for each
/// cost more than the comparison.
#[inline]
fn same(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let word = |c: &[u8]| u64::from_le_bytes(c.try_into().expect("8 bytes"));
    let (mut x, mut y) = (a.chunks_exact(8), b.chunks_exact(8));
    for (p, q) in (&mut x).zip(&mut y) {
        if word(p) != word(q) {
            return false;
        }
    }
    x.remainder().iter().zip(y.remainder()).all(|(p, q)| p == q)
}

impl Names {
    /// The set of `names` (sorted and deduplicated here); `None` past
    /// [`MAX_NAMES`], or for a name of more than 65,535 bytes.
    pub fn new(mut names: Vec<Box<str>>) -> Option<Names> {
        names.sort();
        names.dedup();
        if names.len() > MAX_NAMES {
            return None;
        }
        let size = (names.len() * 2).next_power_of_two().max(1);
        let empty = Slot {
            index: EMPTY,
            len: 0,
            at: 0,
            ends: Ends(0, 0),
        };
        let mut slots = vec![empty; size].into_boxed_slice();
        let mut bytes = Vec::new();
        for (index, name) in names.iter().enumerate() {
            let ends = Ends::of(name.as_bytes());
            let mut slot = ends.slot_hash(name.len()) & (size - 1);
            while slots[slot].index != EMPTY {
                slot = (slot + 1) & (size - 1);
            }
            slots[slot] = Slot {
                index: u16::try_from(index).expect("at most MAX_NAMES"),
                len: u16::try_from(name.len()).ok()?,
                at: u32::try_from(bytes.len()).ok()?,
                ends,
            };
            bytes.extend_from_slice(name.as_bytes());
        }
        Some(Names {
            names,
            slots,
            bytes: bytes.into_boxed_slice(),
        })
    }

    /// The index of `key` (its UTF-8 bytes, as written), if in the set: its
    /// length and ends compared first, which for a key of up to 16 bytes
    /// is the whole comparison. Inlined into the scan's object loop, whose
    /// registers are already saved: called, a lookup cost some 82
    /// instructions, inlined some 45 (callgrind, BENCHMARKS.md).
    #[inline(always)]
    pub fn find(&self, key: &[u8]) -> Option<usize> {
        let n = key.len();
        let ends = Ends::of(key);
        let mask = self.slots.len() - 1;
        let mut slot = ends.slot_hash(n) & mask;
        loop {
            let Slot {
                index,
                len,
                at,
                ends: theirs,
            } = self.slots[slot];
            if index == EMPTY {
                return None;
            }
            if usize::from(len) == n
                && theirs == ends
                && (n <= 16 || {
                    let at = at as usize;
                    same(&self.bytes[at + 8..at + n - 8], &key[8..n - 8])
                })
            {
                return Some(usize::from(index));
            }
            slot = (slot + 1) & mask;
        }
    }

    pub fn contains(&self, name: &str) -> bool {
        self.find(name.as_bytes()).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of every length from 0 to 40, and keys that differ from one
    /// of them in one byte (at the start, in the middle, at the end) or in
    /// length: each name is found at its index, no other key is.
    #[test]
    fn names_are_found_by_length_ends_and_middle() {
        let names: Vec<Box<str>> = (0..=40)
            .map(|n| (0..n).map(|i| char::from(b'a' + (i % 26) as u8)).collect())
            .collect();
        let set = Names::new(names.clone()).unwrap();
        for name in &names {
            let index = set.find(name.as_bytes()).unwrap();
            assert_eq!(&set.names[index], name);
            let n = name.len();
            for at in [0, n / 2, n.saturating_sub(1)]
                .into_iter()
                .filter(|_| n > 0)
            {
                let mut other = name.as_bytes().to_vec();
                other[at] = b'Z';
                assert_eq!(set.find(&other), None, "{name:?} changed at {at}");
            }
            let mut longer = name.as_bytes().to_vec();
            longer.push(b'Z');
            assert_eq!(set.find(&longer), None);
        }
        assert_eq!(Names::new(Vec::new()).unwrap().find(b"a"), None);
    }
}
