//! The ledger's columns: their Chinese headers (what offices write) and English aliases.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Name,
    Platform,
    Tier,
    Unit,
    Territory,
    WatchUrl,
    Contact,
    Notes,
    Active,
}

impl Column {
    /// In the order the export writes them.
    pub const ALL: [Column; 9] = [
        Column::Name,
        Column::Platform,
        Column::Tier,
        Column::Unit,
        Column::Territory,
        Column::WatchUrl,
        Column::Contact,
        Column::Notes,
        Column::Active,
    ];

    pub const REQUIRED: [Column; 3] = [Column::Name, Column::Platform, Column::Tier];

    /// The header the export writes.
    pub fn header(self) -> &'static str {
        self.aliases()[0]
    }

    /// The width the export gives the column, in characters (a CJK character counts two).
    pub fn width(self) -> f64 {
        match self {
            Column::Name | Column::Unit => 26.0,
            Column::Platform | Column::Tier | Column::Active => 10.0,
            Column::Territory => 14.0,
            Column::WatchUrl => 50.0,
            Column::Contact => 22.0,
            Column::Notes => 36.0,
        }
    }

    /// Every header the import accepts for this column (case-insensitive for English).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Name => &["账号名称", "账号", "名称", "账号名", "name"],
            Column::Platform => &["平台", "platform"],
            Column::Tier => &["梯队", "所属梯队", "力量", "tier"],
            Column::Unit => &["责任单位", "单位", "主管单位", "unit"],
            Column::Territory => &["所属镇街", "镇街", "属地", "territory"],
            Column::WatchUrl => &["监测地址", "主页地址", "链接", "网址", "watch_url", "url"],
            Column::Contact => &["联系方式", "联系人", "contact"],
            Column::Notes => &["备注", "notes"],
            Column::Active => &["状态", "启用", "active"],
        }
    }

    pub fn from_header(header: &str) -> Option<Column> {
        let h = header.trim().trim_start_matches('\u{feff}').trim();
        Column::ALL.into_iter().find(|c| {
            c.aliases().iter().any(|a| {
                a.eq_ignore_ascii_case(h) || (h.ends_with('*') && a == &h.trim_end_matches('*'))
            })
        })
    }
}

/// 启用/停用 as the ledger writes it; blank means active.
pub fn parse_active(text: &str) -> Option<bool> {
    match text.trim().to_ascii_lowercase().as_str() {
        "" | "启用" | "是" | "在用" | "正常" | "true" | "yes" | "y" | "1" | "active" => {
            Some(true)
        }
        "停用" | "否" | "禁用" | "false" | "no" | "n" | "0" | "inactive" => Some(false),
        _ => None,
    }
}

pub fn active_label(active: bool) -> &'static str {
    if active {
        "启用"
    } else {
        "停用"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_in_chinese_and_english() {
        assert_eq!(Column::from_header("账号名称"), Some(Column::Name));
        assert_eq!(Column::from_header("\u{feff}账号名称"), Some(Column::Name));
        assert_eq!(Column::from_header(" Watch_URL "), Some(Column::WatchUrl));
        assert_eq!(Column::from_header("梯队*"), Some(Column::Tier));
        assert_eq!(Column::from_header("序号"), None);
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.header()), Some(c));
        }
    }

    #[test]
    fn active_values() {
        assert_eq!(parse_active(""), Some(true));
        assert_eq!(parse_active("停用"), Some(false));
        assert_eq!(parse_active("FALSE"), Some(false));
        assert_eq!(parse_active("也许"), None);
        assert_eq!(parse_active(active_label(false)), Some(false));
    }
}
