//! The office's working rules, as plain functions over plain data.

pub mod assign;
pub mod attribution;
pub mod backup;
pub mod level;
pub mod push;
pub mod sources;
pub mod stats;
pub mod tagging;
pub mod workflow;

pub use assign::{
    suggest, AssignmentRules, Hit, SubjectRule, Suggestion, TerritoryPlaces, UnitSubjects,
};
pub use level::{
    factor_guidance, Assessment, Deadlines, FactorGuidance, Level, LevelPolicy, LevelPreview,
    LevelRange, Scores,
};
pub use workflow::{ActionState, CaseAction, CaseFacts, CaseStatus, Refusal};
