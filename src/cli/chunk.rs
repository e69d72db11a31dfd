//! One chunk of `validate`'s input judged and rendered, on any thread:
//! a document's values, NDJSON lines, HAR entries ([`super::entries`]), or
//! why the input could not be read.

use super::entries;
use super::formats::Payload;
use super::judging::Judging;
use super::render::{Rendered, Settings};
use super::unjudged;
use clerk_models::judge::batch::{Body, Chunk};
use clerk_models::judge::Position;

/// Judges a chunk and renders its report (on any thread).
pub fn render(settings: &Settings, judging: &Judging, chunk: &Chunk) -> Rendered {
    let mut out = Rendered {
        bytes: chunk.bytes,
        input: chunk.input,
        name: chunk.name.to_string(),
        ..Rendered::default()
    };
    let name = &*chunk.name;
    match &chunk.body {
        Body::Unreadable { line, message } => {
            let at = match line {
                Some(line) => format!("{name}:{line}"),
                None => name.to_owned(),
            };
            out.unreadable(settings, &at, message);
        }
        Body::TooLarge(size) => {
            let outcome = unjudged::too_large(*size, settings.max_bytes);
            let payload = Payload {
                file: name,
                name,
                start: Position::START,
                text: &[],
                entry: None,
            };
            out.print(settings, judging, &payload, outcome);
        }
        Body::Document(bytes) => {
            // The first payload waits for the second, which says whether
            // the document holds several (each then named `file:LINE`);
            // the rest are rendered as they come, never held in a list.
            let mut first = None;
            let mut several = false;
            judging.chunk(chunk, &mut |payload| {
                let one = |out: &mut Rendered, payload| {
                    out.payload(
                        settings,
                        judging,
                        name,
                        true,
                        bytes,
                        Position::START,
                        payload,
                        None,
                    )
                };
                if let Some(waiting) = first.take() {
                    several = true;
                    one(&mut out, waiting);
                }
                if several {
                    one(&mut out, payload);
                } else {
                    first = Some(payload);
                }
            });
            if let Some(only) = first {
                out.payload(
                    settings,
                    judging,
                    name,
                    false,
                    bytes,
                    Position::START,
                    only,
                    None,
                );
            }
        }
        Body::Entries(list) => entries::render(&mut out, settings, judging, name, list),
        Body::Lines(block) => {
            for line in block.lines() {
                let bytes = block.text(line).unwrap_or_default();
                judging.line(block, line, &mut |payload| {
                    out.payload(
                        settings, judging, name, true, bytes, line.start, payload, None,
                    )
                });
            }
        }
    }
    out
}
