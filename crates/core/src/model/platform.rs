use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an account publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    Wechat,
    Weibo,
    Toutiao,
    Douyin,
    Website,
    GroupChat,
    Other,
}

impl Platform {
    pub const ALL: [Platform; 7] = [
        Platform::Wechat,
        Platform::Weibo,
        Platform::Toutiao,
        Platform::Douyin,
        Platform::Website,
        Platform::GroupChat,
        Platform::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Platform::Wechat => "wechat",
            Platform::Weibo => "weibo",
            Platform::Toutiao => "toutiao",
            Platform::Douyin => "douyin",
            Platform::Website => "website",
            Platform::GroupChat => "group_chat",
            Platform::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Platform::Wechat => "微信公众号",
            Platform::Weibo => "微博",
            Platform::Toutiao => "今日头条",
            Platform::Douyin => "抖音",
            Platform::Website => "网站",
            Platform::GroupChat => "群聊",
            Platform::Other => "其他",
        }
    }

    /// Accepts the label, the code, and the other names offices commonly write.
    pub fn parse(text: &str) -> Option<Platform> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        let found = Platform::ALL
            .into_iter()
            .find(|p| t == p.label() || lower == p.code());
        found.or(match t {
            "微信" | "公众号" | "微信号" | "WeChat" => Some(Platform::Wechat),
            "新浪微博" | "Weibo" => Some(Platform::Weibo),
            "头条" | "头条号" => Some(Platform::Toutiao),
            "抖音号" => Some(Platform::Douyin),
            "门户网站" | "政府网站" | "官网" => Some(Platform::Website),
            "微信群" | "QQ群" | "群" | "圈群" => Some(Platform::GroupChat),
            _ => None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_codes_and_aliases() {
        assert_eq!(Platform::parse("微信公众号"), Some(Platform::Wechat));
        assert_eq!(Platform::parse("公众号"), Some(Platform::Wechat));
        assert_eq!(Platform::parse("group_chat"), Some(Platform::GroupChat));
        assert_eq!(Platform::parse("微信群"), Some(Platform::GroupChat));
        assert_eq!(Platform::parse("Website"), Some(Platform::Website));
        assert_eq!(Platform::parse("推特"), None);
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.label()), Some(p));
            assert_eq!(Platform::parse(p.code()), Some(p));
        }
    }
}
