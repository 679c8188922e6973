//! The signatures of DingTalk's "加签" and Feishu's "签名校验" (both HMAC-SHA256, Base64).
//!
//! Sources: DingTalk 自定义机器人接入 <https://open.dingtalk.com/document/robots/custom-robot-access>
//! ("把timestamp+"\n"+密钥当做签名字符串，使用HmacSHA256算法计算签名，然后进行Base64 encode，最后再把签名参数再进行urlEncode";
//! the timestamp is in milliseconds and must be within an hour of the server's clock);
//! Feishu 自定义机器人使用指南 <https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot>
//! (key = timestamp + "\n" + secret, empty message; the timestamp is in seconds, within an hour).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use url::Url;

type HmacSha256 = Hmac<Sha256>;

fn hmac_base64(key: &[u8], message: &[u8]) -> String {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(message);
    STANDARD.encode(mac.finalize().into_bytes())
}

/// DingTalk: `base64(HMAC-SHA256(key = secret, message = timestamp_ms + "\n" + secret))`, not
/// URL-encoded; the request URL gets `&timestamp=…&sign=<URL-encoded>`.
pub fn dingtalk_sign(secret: &str, timestamp_ms: i64) -> String {
    hmac_base64(
        secret.as_bytes(),
        format!("{timestamp_ms}\n{secret}").as_bytes(),
    )
}

/// Feishu: `base64(HMAC-SHA256(key = timestamp_s + "\n" + secret, message = empty))`; the
/// body gets `"timestamp": "<seconds>"` and `"sign"`.
pub fn feishu_sign(secret: &str, timestamp_s: i64) -> String {
    hmac_base64(format!("{timestamp_s}\n{secret}").as_bytes(), b"")
}

/// The DingTalk webhook with this request's `timestamp` and `sign` (replacing any pasted
/// along with the URL), URL-encoded.
pub(crate) fn dingtalk_signed_url(webhook: &Url, secret: &str, timestamp_ms: i64) -> Url {
    let mut url = webhook.clone();
    let kept: Vec<(String, String)> = webhook
        .query_pairs()
        .filter(|(k, _)| k != "timestamp" && k != "sign")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    url.set_query(None);
    url.query_pairs_mut()
        .extend_pairs(kept)
        .append_pair("timestamp", &timestamp_ms.to_string())
        .append_pair("sign", &dingtalk_sign(secret, timestamp_ms));
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors computed independently of this code, with OpenSSL (and checked with Python):
    //   ts=1700000000000; secret='SECa1b2c3d4e5f60718293a4b5c6d7e8f9'
    //   printf '%s\n%s' "$ts" "$secret" | openssl dgst -sha256 -hmac "$secret" -binary | base64
    //   → C4FCHxQfk8oADuiGnXTFQriLqecf4WoYnsNg0tGzPxU=
    //   (ts=1700000000004 → maGyZsfQNqA/haDZx0f6mMDhz0buie2+jgoePmALqF8=)
    //   ts=1700000000; secret='feishu-secret-abc123'
    //   printf '' | openssl dgst -sha256 -mac HMAC -macopt key:"$(printf '%s\n%s' "$ts" "$secret")" -binary | base64
    //   → BIlOJCCHiY1/aTY5+pbHUUIMAWIA/hlrrhDJV7iAhec=
    //   python3 -c "import hmac,hashlib,base64; print(base64.b64encode(hmac.new(b'1700000000\nfeishu-secret-abc123', b'', hashlib.sha256).digest()).decode())"
    const DINGTALK_SECRET: &str = "SECa1b2c3d4e5f60718293a4b5c6d7e8f9";

    #[test]
    fn dingtalk_known_answers() {
        assert_eq!(
            dingtalk_sign(DINGTALK_SECRET, 1_700_000_000_000),
            "C4FCHxQfk8oADuiGnXTFQriLqecf4WoYnsNg0tGzPxU="
        );
        assert_eq!(
            dingtalk_sign(DINGTALK_SECRET, 1_700_000_000_004),
            "maGyZsfQNqA/haDZx0f6mMDhz0buie2+jgoePmALqF8="
        );
    }

    #[test]
    fn feishu_known_answer() {
        assert_eq!(
            feishu_sign("feishu-secret-abc123", 1_700_000_000),
            "BIlOJCCHiY1/aTY5+pbHUUIMAWIA/hlrrhDJV7iAhec="
        );
        // The key and the message are not interchangeable.
        assert_ne!(
            feishu_sign("feishu-secret-abc123", 1_700_000_000),
            dingtalk_sign("feishu-secret-abc123", 1_700_000_000)
        );
    }

    #[test]
    fn the_dingtalk_url_carries_an_encoded_signature_and_keeps_the_token() {
        let webhook = Url::parse(
            "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=old",
        )
        .unwrap();
        let url = dingtalk_signed_url(&webhook, DINGTALK_SECRET, 1_700_000_000_004);
        assert_eq!(
            url.as_str(),
            "https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1700000000004\
             &sign=maGyZsfQNqA%2FhaDZx0f6mMDhz0buie2%2BjgoePmALqF8%3D"
        );
        let sign = url
            .query_pairs()
            .find(|(k, _)| k == "sign")
            .map(|(_, v)| v.into_owned());
        assert_eq!(
            sign.as_deref(),
            Some("maGyZsfQNqA/haDZx0f6mMDhz0buie2+jgoePmALqF8=")
        );
    }
}
