//! The office's working rules, as plain functions over plain data.

pub mod assign;
pub mod level;
pub mod workflow;

pub use assign::{suggest, Hit, SubjectRule, Suggestion, TerritoryPlaces, UnitSubjects};
pub use level::{Deadlines, Level, LevelPolicy, Scores};
pub use workflow::CaseStatus;
