//! Secrets at rest (the bot token), encrypted with the 32-byte app key (`APP_SECRET_KEY` or
//! `data/app_secret.key`) using XChaCha20-Poly1305.
//!
//! The stored text is `v1:` followed by base64 (standard, padded) of the random 24-byte nonce and
//! the ciphertext with its 16-byte tag. A fresh nonce is drawn for every encryption, so the same
//! secret never gives the same text twice. Pure: no I/O besides the random nonce.
//!
//! Guarantees: decrypting with another key, or a text that was changed in any byte, is an
//! [`SecretError`] and never a panic; the error's text never contains the secret or the key.

use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};

/// The prefix of the current format.
const V1: &str = "v1:";
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretError {
    /// Not a text this version writes (unknown prefix, bad base64, too short).
    #[error("the stored secret is not in a known format")]
    Format,
    /// The key is not the one it was encrypted with, or the text was altered.
    #[error("the stored secret cannot be decrypted with this app key (wrong key or altered value)")]
    WrongKey,
}

/// Encrypts `plain` with `key` into the stored text format.
pub fn encrypt(key: &[u8; 32], plain: &str) -> String {
    let mut nonce = [0u8; NONCE_LEN];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
    encrypt_with_nonce(key, &nonce, plain)
}

fn encrypt_with_nonce(key: &[u8; 32], nonce: &[u8; NONCE_LEN], plain: &str) -> String {
    let cipher = XChaCha20Poly1305::new(key.into());
    // Encryption into a Vec only fails when the plaintext exceeds the cipher's limit (256 GiB).
    let sealed = cipher.encrypt(XNonce::from_slice(nonce), plain.as_bytes()).expect("plaintext within the AEAD limit");
    let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
    bytes.extend_from_slice(nonce);
    bytes.extend_from_slice(&sealed);
    format!("{V1}{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Decrypts a text written by [`encrypt`].
pub fn decrypt(key: &[u8; 32], stored: &str) -> Result<String, SecretError> {
    let body = stored.trim().strip_prefix(V1).ok_or(SecretError::Format)?;
    let bytes = base64::engine::general_purpose::STANDARD.decode(body).map_err(|_| SecretError::Format)?;
    if bytes.len() < NONCE_LEN + TAG_LEN {
        return Err(SecretError::Format);
    }
    let (nonce, sealed) = bytes.split_at(NONCE_LEN);
    let cipher = XChaCha20Poly1305::new(key.into());
    let plain = cipher.decrypt(XNonce::from_slice(nonce), sealed).map_err(|_| SecretError::WrongKey)?;
    String::from_utf8(plain).map_err(|_| SecretError::Format)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    #[test]
    fn round_trips_and_never_shows_the_secret() {
        let key = [7u8; 32];
        let a = encrypt(&key, TOKEN);
        let b = encrypt(&key, TOKEN);
        assert!(a.starts_with("v1:"), "{a}");
        assert_ne!(a, b, "a fresh nonce every time");
        assert!(!a.contains("AAHdq") && !a.contains("123456789"), "{a}");
        assert_eq!(decrypt(&key, &a).unwrap(), TOKEN);
        assert_eq!(decrypt(&key, &format!(" {b}\n")).unwrap(), TOKEN);
        assert_eq!(decrypt(&key, &encrypt(&key, "")).unwrap(), "");
    }

    #[test]
    fn known_vector_is_stable() {
        // The format must stay readable by later versions: nonce ‖ ciphertext ‖ tag, base64.
        let key = [1u8; 32];
        let stored = encrypt_with_nonce(&key, &[2u8; NONCE_LEN], "secret");
        let raw = base64::engine::general_purpose::STANDARD.decode(&stored[3..]).unwrap();
        assert_eq!(raw.len(), NONCE_LEN + "secret".len() + TAG_LEN);
        assert_eq!(&raw[..NONCE_LEN], &[2u8; NONCE_LEN]);
        assert_eq!(decrypt(&key, &stored).unwrap(), "secret");
    }

    #[test]
    fn wrong_key_or_altered_text_is_an_error() {
        let stored = encrypt(&[7u8; 32], TOKEN);
        assert_eq!(decrypt(&[8u8; 32], &stored), Err(SecretError::WrongKey));
        let mut raw = base64::engine::general_purpose::STANDARD.decode(&stored[3..]).unwrap();
        for i in [0, NONCE_LEN, raw.len() - 1] {
            raw[i] ^= 1;
            let altered = format!("v1:{}", base64::engine::general_purpose::STANDARD.encode(&raw));
            assert_eq!(decrypt(&[7u8; 32], &altered), Err(SecretError::WrongKey), "byte {i}");
            raw[i] ^= 1;
        }
        let e = decrypt(&[8u8; 32], &stored).unwrap_err().to_string();
        assert!(!e.contains("AAHdq"), "{e}");
    }

    #[test]
    fn malformed_text_is_an_error() {
        let key = [7u8; 32];
        for bad in ["", "v1:", "v1:***", "v2:AAAA", TOKEN, "v1:AAAA"] {
            assert_eq!(decrypt(&key, bad), Err(SecretError::Format), "{bad}");
        }
    }
}
