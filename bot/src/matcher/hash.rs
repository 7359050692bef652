//! A small, fast, deterministic hasher for the index's lookup tables.
//!
//! The keys are short (stems, character n-grams) and come from our own FAQ text plus customer
//! messages; the standard SipHash is built to resist hash-flooding, which costs time on every query
//! lookup and buys little here (a message is capped at `MAX_INPUT_CHARS`). This is the well-known
//! "Fx" multiply-rotate hash used inside rustc. Fixed seeds also keep everything reproducible.

use std::hash::{BuildHasherDefault, Hasher};

const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;

#[derive(Clone, Copy, Default)]
pub struct FxHasher {
    hash: u64,
}

impl FxHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().unwrap()));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.hash
    }
}

pub type FxBuild = BuildHasherDefault<FxHasher>;

/// A 64-bit fingerprint of a character sequence (used as the key of a character n-gram, so n-grams
/// never have to be materialised as strings on the query path). Collisions between the few thousand
/// distinct n-grams of a FAQ are vanishingly unlikely at 64 bits, and would only blur two n-grams.
#[inline]
pub fn hash_chars(chars: &[char]) -> u64 {
    // FNV-1a over the code points, then a final mix so nearby inputs spread across the table.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in chars {
        h ^= u64::from(u32::from(c));
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_chars_is_stable_and_order_sensitive() {
        let a: Vec<char> = "опл".chars().collect();
        let b: Vec<char> = "лпо".chars().collect();
        assert_eq!(hash_chars(&a), hash_chars(&a.clone()));
        assert_ne!(hash_chars(&a), hash_chars(&b));
    }
}
