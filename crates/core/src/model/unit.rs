use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of organisation a unit (责任单位) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    Department,
    Town,
    Media,
}

impl UnitKind {
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Department => "department",
            UnitKind::Town => "town",
            UnitKind::Media => "media",
        }
    }

    pub fn from_code(code: &str) -> Option<UnitKind> {
        [UnitKind::Department, UnitKind::Town, UnitKind::Media]
            .into_iter()
            .find(|k| k.code() == code)
    }

    /// A ledger names units only; guess the kind from the name the way a reader would:
    /// "…镇" / "…街道" / "…乡" are towns and streets, "…融媒体中心" / "…报" / "…电视台" are media.
    pub fn guess(name: &str) -> UnitKind {
        let n = name.trim();
        let government = n.ends_with("人民政府") || n.ends_with("政府");
        let town_name = n.trim_end_matches("人民政府").trim_end_matches("办事处");
        if town_name.ends_with('镇') || town_name.ends_with("街道") || town_name.ends_with('乡')
        {
            return UnitKind::Town;
        }
        if !government
            && [
                "融媒体",
                "媒体中心",
                "日报",
                "晚报",
                "电视台",
                "广播",
                "报社",
                "新闻中心",
            ]
            .iter()
            .any(|w| n.contains(w))
        {
            return UnitKind::Media;
        }
        UnitKind::Department
    }
}

/// 责任单位: a department, a town or street, or a media outlet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Unit {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub kind: UnitKind,
}

/// 镇街: a town or street, with the place names (communities, villages, landmarks) inside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Territory {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// The town's or street's own government unit, when the directory knows it.
    pub unit: Option<String>,
    pub places: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guesses_unit_kind_from_its_name() {
        for (name, kind) in [
            ("龙塔街道", UnitKind::Town),
            ("龙塔街道办事处", UnitKind::Town),
            ("青石镇人民政府", UnitKind::Town),
            ("区融媒体中心", UnitKind::Media),
            ("云川日报", UnitKind::Media),
            ("区公安分局", UnitKind::Department),
            ("区卫生健康局", UnitKind::Department),
        ] {
            assert_eq!(UnitKind::guess(name), kind, "{name}");
        }
    }
}
