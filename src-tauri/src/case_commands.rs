//! Tauri commands for rumor cases and the office's rules: one-line adapters over piyao_core.

use std::path::PathBuf;

use piyao_core::model::{
    AssignInput, AssignmentView, Case, CaseFilter, CaseInput, CasePage, CaseSort, PageText,
    RebuttalInput, SimilarCase,
};
use piyao_core::rules::{
    factor_guidance, AssignmentRules, CaseStatus, FactorGuidance, LevelPolicy, LevelPreview,
    Scores, TerritoryPlaces,
};
use piyao_core::ApiError;
use tauri::State;

use crate::commands::{on_db, CmdResult};
use crate::state::AppState;

#[tauri::command]
pub async fn case_create(state: State<'_, AppState>, input: CaseInput) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.create_case(&input, &actor)).await
}

#[tauri::command]
pub async fn case_similar(
    state: State<'_, AppState>,
    title: String,
    content: String,
) -> CmdResult<Vec<SimilarCase>> {
    on_db(state, move |db| db.similar_cases(&title, &content, None)).await
}

#[tauri::command]
pub async fn case_merge(state: State<'_, AppState>, id: i64, into: i64) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.merge_case(id, into, &actor)).await
}

/// One page of the case list (filtered, sorted, counted and cut in SQL).
#[tauri::command]
pub async fn case_page(
    state: State<'_, AppState>,
    filter: CaseFilter,
    sort: CaseSort,
    page: u32,
    page_size: u32,
) -> CmdResult<CasePage> {
    on_db(state, move |db| {
        db.case_page(&filter, sort, page, page_size)
    })
    .await
}

#[tauri::command]
pub async fn case_get(state: State<'_, AppState>, id: i64) -> CmdResult<Case> {
    on_db(state, move |db| db.get_case(id)).await
}

#[tauri::command]
pub async fn case_assess(state: State<'_, AppState>, id: i64, scores: Scores) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.assess_case(id, &scores, &actor)).await
}

#[tauri::command]
pub async fn case_assignment(state: State<'_, AppState>, id: i64) -> CmdResult<AssignmentView> {
    on_db(state, move |db| db.case_assignment(id)).await
}

#[tauri::command]
pub async fn case_assign(
    state: State<'_, AppState>,
    id: i64,
    input: AssignInput,
) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.assign_case(id, &input, &actor)).await
}

#[tauri::command]
pub async fn case_transition(
    state: State<'_, AppState>,
    id: i64,
    to: CaseStatus,
    note: Option<String>,
) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| {
        db.transition_case(id, to, note.as_deref(), &actor)
    })
    .await
}

#[tauri::command]
pub async fn case_record_rebuttal(
    state: State<'_, AppState>,
    id: i64,
    input: RebuttalInput,
) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.record_case_rebuttal(id, &input, &actor)).await
}

#[tauri::command]
pub async fn case_feedback(state: State<'_, AppState>, id: i64, text: String) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.case_feedback(id, &text, &actor)).await
}

#[tauri::command]
pub async fn case_archive(state: State<'_, AppState>, id: i64, summary: String) -> CmdResult<Case> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.archive_case(id, &summary, &actor)).await
}

#[tauri::command]
pub async fn case_export(
    state: State<'_, AppState>,
    id: i64,
    path: PathBuf,
    include_contact: bool,
) -> CmdResult<()> {
    let actor = state.actor.clone();
    on_db(state, move |db| {
        db.export_case(id, &path, include_contact, &actor)
    })
    .await
}

#[tauri::command]
pub async fn case_reporter_contact(
    state: State<'_, AppState>,
    id: i64,
) -> CmdResult<Option<String>> {
    let actor = state.actor.clone();
    on_db(state, move |db| db.reporter_contact(id, &actor)).await
}

/// Reads a rebuttal's page so the form can be filled from its URL.
#[tauri::command]
pub async fn page_text_fetch(state: State<'_, AppState>, url: String) -> CmdResult<PageText> {
    let fetcher = state.fetcher()?;
    piyao_check::page::read_page(&fetcher, &url)
        .await
        .map_err(|message| ApiError {
            code: "fetch".into(),
            message,
        })
}

#[tauri::command]
pub fn assessment_guidance_get() -> Vec<FactorGuidance> {
    factor_guidance()
}

/// What a policy being edited, or scores being chosen, would give (the forms' preview): the
/// rule is the core's, not a copy in the window.
#[tauri::command]
pub fn level_preview(policy: LevelPolicy, scores: Option<Scores>) -> LevelPreview {
    policy.preview(scores.as_ref())
}

#[tauri::command]
pub async fn level_policy_get(state: State<'_, AppState>) -> CmdResult<LevelPolicy> {
    on_db(state, |db| db.level_policy()).await
}

#[tauri::command]
pub async fn level_policy_set(
    state: State<'_, AppState>,
    policy: LevelPolicy,
) -> CmdResult<LevelPolicy> {
    on_db(state, move |db| db.set_level_policy(&policy)).await
}

#[tauri::command]
pub async fn assignment_rules_get(state: State<'_, AppState>) -> CmdResult<AssignmentRules> {
    on_db(state, |db| db.assignment_rules()).await
}

#[tauri::command]
pub async fn assignment_rules_set(
    state: State<'_, AppState>,
    rules: AssignmentRules,
) -> CmdResult<AssignmentRules> {
    on_db(state, move |db| db.set_assignment_rules(&rules)).await
}

#[tauri::command]
pub async fn territory_places_set(
    state: State<'_, AppState>,
    territories: Vec<TerritoryPlaces>,
) -> CmdResult<()> {
    on_db(state, move |db| db.set_territories(&territories)).await
}

#[tauri::command]
pub async fn directory_export(state: State<'_, AppState>, path: PathBuf) -> CmdResult<()> {
    on_db(state, move |db| db.export_directory(&path)).await
}

#[tauri::command]
pub async fn directory_import(state: State<'_, AppState>, path: PathBuf) -> CmdResult<()> {
    on_db(state, move |db| db.import_directory(&path)).await
}
