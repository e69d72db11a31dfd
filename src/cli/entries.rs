//! `validate`'s report of a chunk of HAR entries: each entry routed by its
//! method, path and status ([`clerk_models::judge::endpoint`]), its body
//! judged as the kind its operation promises and reported as a payload
//! named `capture.har#INDEX METHOD PATH STATUS`; an entry without a body
//! to judge counted as skipped (and listed with `-v`), one whose body the
//! capture lacks reported as "no content captured", neither a failure.

use super::formats::EntryLabel;
use super::judging::Judging;
use super::junit;
use super::output::{self, paint};
use super::render::{push_json, Rendered, Settings};
use super::unjudged;
use super::ReportFormat;
use clerk_models::judge::endpoint::{Endpoints, Route, Skip};
use clerk_models::judge::har::{Content, Entry};
use clerk_models::judge::Position;
use serde_json::json;

/// Renders the entries of `capture` into `out`.
pub fn render(
    out: &mut Rendered,
    settings: &Settings,
    judging: &Judging,
    capture: &str,
    entries: &[Entry],
) {
    for entry in entries {
        one(out, settings, judging, capture, entry);
    }
}

fn one(out: &mut Rendered, settings: &Settings, judging: &Judging, capture: &str, entry: &Entry) {
    let route = Endpoints::builtin().route(&entry.method, &entry.path, entry.status);
    let operation = match route {
        Route::Judge { operation, .. } => Some(operation.operation_id.as_str()),
        Route::Skip {
            why: Skip::LeftOut(op),
            ..
        } => Some(op.operation_id.as_str()),
        Route::Skip { operation, .. } => operation.map(|op| op.operation_id.as_str()),
    };
    let label = EntryLabel {
        input: capture,
        index: entry.index,
        method: &entry.method,
        path: &entry.path,
        status: entry.status,
        operation,
    };
    let file = format!("{capture}#{}", entry.index);
    let (operation, kind) = match route {
        Route::Skip { why, .. } => {
            out.counts.skipped += 1;
            if settings.verbose {
                not_judged(
                    out,
                    settings,
                    &file,
                    &label,
                    None,
                    "skipped",
                    &why.to_string(),
                );
            }
            return;
        }
        Route::Judge {
            operation, kind, ..
        } => (operation, kind),
    };
    let bytes = match &entry.content {
        Content::Text(bytes) => bytes,
        Content::Missing => {
            out.counts.no_content += 1;
            let why = "no content captured: the capture holds no body to judge";
            not_judged(out, settings, &file, &label, Some(kind), "no-content", why);
            return;
        }
        Content::TooLarge(size) => {
            let message = format!(
                "the body, {size} bytes, is over the --max-bytes limit of {} bytes",
                settings.max_bytes
            );
            let outcome = unjudged::unread("too large", message);
            return print(out, settings, judging, &file, &label, outcome);
        }
        Content::BadEncoding(message) => {
            let outcome = unjudged::unread("not base64", message.clone());
            return print(out, settings, judging, &file, &label, outcome);
        }
    };
    judging.body(bytes, operation, kind, &mut |judged| {
        out.payload(
            settings,
            judging,
            &file,
            false,
            bytes,
            Position::START,
            judged,
            Some(&label),
        )
    });
}

/// A payload of the entry that could not be judged (its body over the
/// limit, or not base64).
fn print(
    out: &mut Rendered,
    settings: &Settings,
    judging: &Judging,
    file: &str,
    label: &EntryLabel<'_>,
    outcome: super::outcome::Outcome,
) {
    let name = format!("{file} {} {} {}", label.method, label.path, label.status);
    let payload = super::formats::Payload {
        file,
        name: &name,
        start: Position::START,
        text: &[],
        entry: Some(label),
    };
    out.print(settings, judging, &payload, outcome);
}

/// An entry with nothing judged: `skipped` (no body to judge, or not the
/// Frontend API) or `no-content` (the capture lacks the body).
fn not_judged(
    out: &mut Rendered,
    settings: &Settings,
    file: &str,
    label: &EntryLabel<'_>,
    kind: Option<&str>,
    status: &str,
    why: &str,
) {
    out.listed_skips += 1;
    let name = format!("{file} {} {} {}", label.method, label.path, label.status);
    match settings.format {
        ReportFormat::Text => {
            if settings.quiet {
                return;
            }
            let tag = if status == "skipped" {
                "skip "
            } else {
                "none "
            };
            let kind = kind.map_or_else(String::new, |k| format!("{}, ", paint(output::BOLD, k)));
            out.text.push_str(&format!(
                "{} {name}: {kind}{why}\n",
                paint(output::NOTE, tag)
            ));
        }
        ReportFormat::Junit => junit::skipped(&mut out.text, &name, kind, why),
        _ => push_json(
            &mut out.text,
            &json!({
                "input": label.input,
                "payload": name,
                "entry": label.to_json(),
                "status": status,
                "kind": kind,
                "message": why,
            }),
        ),
    }
}
