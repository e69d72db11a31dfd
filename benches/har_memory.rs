//! Memory of `clerk-models validate` on large HAR captures: a capture is
//! written to `/tmp/clerk-models-bench/` at bench time, entry by entry
//! (never whole in memory), from the recorded responses of
//! `tests/cli/har/session.har` with large bodies (a client of many
//! sessions, ~1 MB, stored base64 in every other entry) and the headers a
//! browser sends; then the binary reads it on 1 and 2 jobs while this
//! program samples its peak resident memory (`VmHWM` of `/proc/PID/status`)
//! and times it. Two sizes (a fifth of the capture, and all of it) show
//! that the peak does not grow with the capture; the reports of 1 and 2
//! jobs are compared byte for byte.
//!
//! `cargo bench --bench har_memory` (500 MB; `HAR_MB=100` for less). Without
//! `--bench` (as `cargo test --benches` runs it) it checks the binary on a
//! capture of a few MB. Linux only (it reads `/proc`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("clerk-models-bench");
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

/// The session's entries, and one with a ~1 MB client body.
fn entries() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("tests/cli/har/session.har")).expect("session.har");
    let har: Value = serde_json::from_str(&text).expect("JSON");
    let mut entries = har["log"]["entries"].as_array().expect("entries").clone();
    let me: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("tests/fixtures/clerk/flutter/user-get-me.json"))
            .unwrap(),
    )
    .unwrap();
    let mut client = me["client"].clone();
    let session = client["sessions"][0].clone();
    client["sessions"] = Value::Array(vec![session; 300]);
    let body = json!({"response": client, "client": null}).to_string();
    let mut big = entries[1].clone();
    big["response"]["content"] = json!({
        "size": body.len(),
        "mimeType": "application/json",
        "text": base64::engine::general_purpose::STANDARD.encode(&body),
        "encoding": "base64",
    });
    entries.push(big);
    entries
}

/// A capture of about `size` bytes, written as it is made.
fn write_capture(path: &Path, size: u64) -> (u64, usize) {
    let entries: Vec<String> = entries().iter().map(Value::to_string).collect();
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("writable"));
    let head = r#"{"log": {"version": "1.2", "creator": {"name": "har_memory", "version": "1"}, "entries": ["#;
    out.write_all(head.as_bytes()).unwrap();
    let (mut written, mut count) = (head.len() as u64, 0);
    while written < size {
        let entry = &entries[count % entries.len()];
        if count > 0 {
            out.write_all(b",\n").unwrap();
        }
        out.write_all(entry.as_bytes()).unwrap();
        written += entry.len() as u64 + 2;
        count += 1;
    }
    out.write_all(b"]}}\n").unwrap();
    out.flush().unwrap();
    (written, count)
}

/// Runs the binary, its report written to `report`; its peak resident
/// memory (kB) and the seconds it took.
fn measure(args: &[&str], report: &Path) -> (u64, f64) {
    let start = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerk-models"))
        .args(args)
        .stdout(std::fs::File::create(report).expect("writable"))
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let status = format!("/proc/{}/status", child.id());
    let mut peak = 0;
    loop {
        if let Ok(text) = std::fs::read_to_string(&status) {
            let hwm = text
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok());
            peak = peak.max(hwm.unwrap_or(0));
        }
        if child.try_wait().expect("waits").is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    (peak, start.elapsed().as_secs_f64())
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let mb: u64 = std::env::var("HAR_MB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let full = if bench { mb << 20 } else { 4 << 20 };
    let dir = out_dir();
    for (label, size) in [("fifth", full / 5), ("whole", full)] {
        let path = dir.join(format!("capture-{label}.har"));
        let (bytes, count) = write_capture(&path, size);
        let path = path.to_str().expect("a UTF-8 temporary path");
        let report = |jobs: &str| dir.join(format!("capture-{label}-{jobs}.jsonl"));
        for jobs in ["1", "2"] {
            let (peak, seconds) = measure(
                &["--format", "json", "validate", "--jobs", jobs, path],
                &report(jobs),
            );
            println!(
                "har_memory/{label}: {:.0} MB, {count} entries, --jobs {jobs}: peak RSS {:.1} MB, \
                 {seconds:.2} s, {:.0} MB/s",
                bytes as f64 / 1e6,
                peak as f64 / 1024.0,
                bytes as f64 / seconds / 1e6
            );
        }
        let (one, two) = (
            std::fs::read(report("1")).unwrap(),
            std::fs::read(report("2")).unwrap(),
        );
        assert!(one == two, "--jobs 1 and --jobs 2 report differently");
        println!(
            "har_memory/{label}: --jobs 2 report identical to --jobs 1 ({} bytes, {} lines)",
            one.len(),
            one.iter().filter(|&&b| b == b'\n').count()
        );
        for file in [report("1"), report("2")] {
            std::fs::remove_file(file).ok();
        }
        if !bench {
            std::fs::remove_file(path).ok();
        }
    }
}
