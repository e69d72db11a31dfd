//! `clerk-models validate -q` on an NDJSON stream of typical client payloads
//! (~100 MB, written to `/tmp/clerk-models-bench/` at bench time), with the
//! release binary, pinned to one core (`taskset -c 0` when present). Timed by
//! hyperfine when it is installed, else by this program (10 runs after a
//! warm-up run; the median and the fastest are kept).
//!
//! `cargo bench --bench cli_throughput`. Prints MB/s (10^6 bytes a second)
//! and writes `/tmp/clerk-models-bench/cli.json`. Without `--bench` (as
//! `cargo test --benches` runs it) it checks the binary on a small stream.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "support/corpus.rs"]
mod corpus;

const STREAM_BYTES: usize = 100_000_000;
const RUNS: usize = 10;

fn out_dir() -> PathBuf {
    let dir = std::env::temp_dir().join("clerk-models-bench");
    std::fs::create_dir_all(&dir).expect("the temporary folder is writable");
    dir
}

/// One typical client envelope a line, until `size` bytes.
fn write_stream(path: &Path, line: &str, size: usize) -> (usize, usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("writable"));
    let (mut written, mut lines) = (0, 0);
    while written < size {
        out.write_all(line.as_bytes()).unwrap();
        out.write_all(b"\n").unwrap();
        written += line.len() + 1;
        lines += 1;
    }
    out.flush().unwrap();
    (written, lines)
}

fn on_path(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The command line: the binary, pinned to core 0 when `taskset` exists.
fn command_line(args: &[&str]) -> Vec<String> {
    let mut line = Vec::new();
    if on_path("taskset") {
        line.extend(["taskset".to_owned(), "-c".to_owned(), "0".to_owned()]);
    }
    line.push(env!("CARGO_BIN_EXE_clerk-models").to_owned());
    line.extend(args.iter().map(|a| (*a).to_owned()));
    line
}

fn run_once(line: &[String]) -> f64 {
    let start = Instant::now();
    let output = Command::new(&line[0])
        .args(&line[1..])
        .output()
        .expect("the binary runs");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{line:?} failed: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    seconds
}

/// Median and fastest seconds of one run, by hyperfine if present.
fn time(name: &str, line: &[String]) -> (f64, f64, &'static str) {
    if on_path("hyperfine") {
        let json = out_dir().join(format!("hyperfine-{name}.json"));
        let shell_line = line.join(" ");
        let status = Command::new("hyperfine")
            .args(["--warmup", "1", "--runs", &RUNS.to_string(), "-N"])
            .arg("--export-json")
            .arg(&json)
            .arg(&shell_line)
            .status()
            .expect("hyperfine runs");
        assert!(status.success(), "hyperfine failed on {shell_line}");
        let report: serde_json::Value =
            serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
        let result = &report["results"][0];
        let median = result["median"].as_f64().unwrap();
        let min = result["min"].as_f64().unwrap();
        (median, min, "hyperfine")
    } else {
        run_once(line);
        let mut times: Vec<f64> = (0..RUNS).map(|_| run_once(line)).collect();
        times.sort_by(f64::total_cmp);
        (times[RUNS / 2], times[0], "in-process timer")
    }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let corpus = corpus::corpus();
    let typical = corpus
        .valid
        .iter()
        .find(|d| d.name == "client_typical")
        .expect("the corpus has a typical client");
    let dir = out_dir();
    let stream = dir.join("typical.ndjson");
    let size = if bench { STREAM_BYTES } else { 100_000 };
    let (bytes, lines) = write_stream(&stream, &typical.text, size);
    let path = stream.to_str().expect("a UTF-8 temporary path");
    let cases = [
        ("detect", command_line(&["validate", "-q", path])),
        (
            "typed",
            command_line(&["validate", "-q", "--type", "ClientEnvelope", path]),
        ),
    ];
    if !bench {
        for (_, line) in &cases {
            run_once(line);
        }
        return;
    }
    println!(
        "stream: {path}, {bytes} bytes, {lines} lines of {} bytes",
        typical.text.len()
    );
    let mut results = serde_json::Map::new();
    for (name, line) in &cases {
        let (seconds, fastest, timer) = time(name, line);
        let mbps = bytes as f64 / seconds / 1e6;
        let best_mbps = bytes as f64 / fastest / 1e6;
        println!(
            "cli_throughput/{name}: median {seconds:.3} s, {mbps:.1} MB/s; fastest {fastest:.3} s, \
             {best_mbps:.1} MB/s; {:.0} payloads/s ({timer}, {RUNS} runs; {})",
            lines as f64 / seconds,
            line.join(" ")
        );
        results.insert(
            (*name).to_owned(),
            serde_json::json!({
                "seconds": seconds,
                "mb_per_s": mbps,
                "fastest_seconds": fastest,
                "fastest_mb_per_s": best_mbps,
                "runs": RUNS,
                "bytes": bytes,
                "lines": lines,
                "timer": timer,
                "command": line.join(" "),
            }),
        );
    }
    std::fs::write(
        dir.join("cli.json"),
        serde_json::to_string_pretty(&results).unwrap(),
    )
    .unwrap();
}
