//! Running a child process and measuring it: wall time and peak RSS (from `wait4`, the
//! kernel's own account of the child's maximum resident set).

use anyhow::{bail, Context};
use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub wall: Duration,
    /// Peak resident set of the child, bytes.
    pub max_rss: u64,
    pub code: Option<i32>,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    pub timed_out: bool,
}

impl Run {
    pub fn stdout_text(&self) -> String {
        String::from_utf8_lossy(&self.stdout).into_owned()
    }

    pub fn json(&self) -> anyhow::Result<serde_json::Value> {
        serde_json::from_slice(&self.stdout).with_context(|| {
            format!(
                "not JSON: {} / {}",
                String::from_utf8_lossy(&self.stdout)
                    .chars()
                    .take(300)
                    .collect::<String>(),
                String::from_utf8_lossy(&self.stderr)
                    .chars()
                    .take(300)
                    .collect::<String>()
            )
        })
    }
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for arg in cmd.get_args() {
        s.push(' ');
        s.push_str(&arg.to_string_lossy());
    }
    s
}

/// Runs `cmd` to the end (or kills it after `timeout`), capturing its output.
pub fn run(cmd: &mut Command, timeout: Option<Duration>) -> anyhow::Result<Run> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = cmd
        .spawn()
        .with_context(|| format!("cannot start {}", describe(cmd)))?;
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = out.read_to_end(&mut buf);
        buf
    });
    let err_thread = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = err.read_to_end(&mut buf);
        buf
    });
    let (code, max_rss, timed_out) = wait(child, started, timeout, cmd)?;
    let wall = started.elapsed();
    let stdout = out_thread.join().unwrap_or_default();
    let stderr = err_thread.join().unwrap_or_default();
    Ok(Run {
        wall,
        max_rss,
        code,
        stdout,
        stderr,
        timed_out,
    })
}

/// Waits for the child with `wait4`, which also gives its peak RSS: (exit code, peak RSS in
/// bytes, timed out).
#[cfg(unix)]
fn wait(
    child: std::process::Child,
    started: Instant,
    timeout: Option<Duration>,
    cmd: &Command,
) -> anyhow::Result<(Option<i32>, u64, bool)> {
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to overwrite.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    loop {
        let flags = if timeout.is_some() { libc::WNOHANG } else { 0 };
        // SAFETY: pid is our child, not yet reaped; status and usage are valid pointers.
        let r = unsafe { libc::wait4(pid, &mut status, flags, &mut usage) };
        if r == pid {
            break;
        }
        if r < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == std::io::ErrorKind::Interrupted {
                continue;
            }
            bail!("wait4 failed for {}: {e}", describe(cmd));
        }
        if let Some(limit) = timeout {
            if !timed_out && started.elapsed() > limit {
                // SAFETY: signalling our own unreaped child.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                timed_out = true;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
    // The child is reaped; std's handle must not wait on it again.
    std::mem::forget(child);
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    // ru_maxrss is in kilobytes on Linux.
    Ok((code, usage.ru_maxrss as u64 * 1024, timed_out))
}

/// Without wait4 the peak RSS is not known (reported as 0).
#[cfg(not(unix))]
fn wait(
    mut child: std::process::Child,
    started: Instant,
    timeout: Option<Duration>,
    _cmd: &Command,
) -> anyhow::Result<(Option<i32>, u64, bool)> {
    let mut timed_out = false;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status.code(), 0, timed_out));
        }
        if timeout.is_some_and(|limit| started.elapsed() > limit) && !timed_out {
            child.kill()?;
            timed_out = true;
        }
        std::thread::sleep(Duration::from_millis(if timeout.is_some() {
            20
        } else {
            1
        }));
    }
}

/// Runs `make()` `warmup` times unmeasured, then `runs` times; returns the runs.
pub fn repeat(
    mut make: impl FnMut() -> Command,
    warmup: usize,
    runs: usize,
) -> anyhow::Result<Vec<Run>> {
    for _ in 0..warmup {
        run(&mut make(), None)?;
    }
    (0..runs.max(1)).map(|_| run(&mut make(), None)).collect()
}

pub fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// The `q`-quantile (0..=1) by nearest rank.
pub fn quantile(mut values: Vec<f64>, q: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let rank = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
    values[rank - 1]
}

pub fn median_wall(runs: &[Run]) -> f64 {
    median(runs.iter().map(|r| r.wall.as_secs_f64()).collect())
}

/// Size of every file under `dir`, recursively, skipping hidden names when `skip_hidden`.
pub fn dir_bytes(dir: &std::path::Path, skip_hidden: bool) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            !(skip_hidden && e.depth() > 0 && e.file_name().to_string_lossy().starts_with('.'))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}
