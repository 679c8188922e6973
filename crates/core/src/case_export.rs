//! A case as an XLSX sheet (one row per field, then the timeline). The reporter's contact is
//! left out unless asked for.

use std::path::Path;

use crate::error::Result;
use crate::ledger::sheet::write_xlsx;
use crate::store::Db;

impl Db {
    pub fn export_case(
        &self,
        id: i64,
        path: &Path,
        include_contact: bool,
        actor: &str,
    ) -> Result<()> {
        let c = self.get_case(id)?;
        let contact = if include_contact {
            self.reporter_contact(id, actor)?
        } else {
            None
        };
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let mut rows: Vec<Vec<String>> = vec![
            vec!["案件编号".into(), c.id.to_string()],
            vec!["标题".into(), c.title.clone()],
            vec!["内容".into(), c.content.clone()],
            vec!["状态".into(), c.status.label().into()],
            vec!["来源".into(), c.source.label().into()],
            vec!["发现平台".into(), opt(&c.platform)],
            vec!["网址".into(), c.urls.join("\n")],
            vec!["首次发现".into(), opt(&c.first_seen_at)],
            vec![
                "等级".into(),
                c.level.map(|l| l.label().to_string()).unwrap_or_default(),
            ],
            vec![
                "研判评分".into(),
                c.scores
                    .map(|s| {
                        format!(
                            "严重性 {}、可控性 {}、影响力 {}",
                            s.severity, s.controllability, s.influence
                        )
                    })
                    .unwrap_or_default(),
            ],
            vec!["辟谣时限".into(), opt(&c.rebuttal_due_at)],
            vec!["辟谣主体".into(), opt(&c.lead_unit)],
            vec!["协办单位".into(), c.co_units.join("、")],
            vec!["分派依据".into(), opt(&c.assignment_note)],
            vec![
                "辟谣信息".into(),
                c.rebuttal
                    .as_ref()
                    .map(|r| r.title.clone())
                    .unwrap_or_default(),
            ],
            vec![
                "辟谣网址".into(),
                c.rebuttal
                    .as_ref()
                    .and_then(|r| r.url.clone())
                    .unwrap_or_default(),
            ],
            vec!["举报人".into(), opt(&c.reporter_name)],
            vec![
                "举报人联系方式".into(),
                if include_contact {
                    opt(&contact)
                } else {
                    opt(&c.reporter_contact_masked)
                },
            ],
            vec!["反馈".into(), opt(&c.feedback)],
            vec!["归档摘要".into(), opt(&c.summary)],
            vec![String::new(), String::new()],
            vec!["时间线".into(), String::new()],
        ];
        rows.extend(
            c.timeline
                .iter()
                .map(|t| vec![t.at.clone(), format!("{}：{}", t.actor, t.detail)]),
        );
        write_xlsx(path, "案件", &["项目", "内容"], &rows)
    }
}

#[cfg(test)]
mod tests {
    use crate::ledger::sheet::read;
    use crate::model::{CaseInput, CaseSource};
    use crate::store::Db;

    #[test]
    fn the_contact_is_left_out_unless_asked() {
        let db = Db::open_in_memory().unwrap();
        let c = db
            .create_case(
                &CaseInput {
                    title: "高速封路".into(),
                    content: "云溪高速出口封路三天".into(),
                    platform: None,
                    urls: vec![],
                    first_seen_at: None,
                    source: CaseSource::NetizenReport,
                    reporter_name: Some("王先生".into()),
                    reporter_contact: Some("13812345678".into()),
                },
                "测试员",
            )
            .unwrap();
        let dir = tempfile::tempdir().unwrap();
        for (include, want) in [(false, "138****5678"), (true, "13812345678")] {
            let path = dir.path().join(format!("案件{include}.xlsx"));
            db.export_case(c.id, &path, include, "测试员").unwrap();
            let sheet = read(&path).unwrap();
            let row = sheet
                .rows
                .iter()
                .find(|(_, r)| r[0] == "举报人联系方式")
                .unwrap();
            assert_eq!(row.1[1], want);
            assert!(
                sheet.rows.iter().any(|(_, r)| r[1].contains("登记谣言")),
                "timeline exported"
            );
        }
    }
}
