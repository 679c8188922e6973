use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The three tiers of the rebuttal matrix (see shared/GLOSSARY.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    /// 主力军: the office's own and the police's official accounts.
    Main,
    /// 生力军: media centre, departments', towns' and streets' government accounts.
    Auxiliary,
    /// 同盟军: self-media and group chats that agreed to help.
    Allied,
}

impl Tier {
    pub const ALL: [Tier; 3] = [Tier::Main, Tier::Auxiliary, Tier::Allied];

    pub fn code(self) -> &'static str {
        match self {
            Tier::Main => "main",
            Tier::Auxiliary => "auxiliary",
            Tier::Allied => "allied",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tier::Main => "主力军",
            Tier::Auxiliary => "生力军",
            Tier::Allied => "同盟军",
        }
    }

    /// Accepts the Chinese label or the English code, as ledgers write them.
    pub fn parse(text: &str) -> Option<Tier> {
        let t = text.trim();
        Tier::ALL
            .into_iter()
            .find(|tier| t == tier.label() || t.eq_ignore_ascii_case(tier.code()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_chinese_and_english_names() {
        for (text, tier) in [
            ("主力军", Tier::Main),
            (" 生力军 ", Tier::Auxiliary),
            ("同盟军", Tier::Allied),
            ("main", Tier::Main),
            ("Auxiliary", Tier::Auxiliary),
            ("ALLIED", Tier::Allied),
        ] {
            assert_eq!(Tier::parse(text), Some(tier), "{text}");
        }
        assert_eq!(Tier::parse("主力"), None);
        assert_eq!(Tier::parse(""), None);
    }
}
