//! The failures an attack run found, each reproduced here: a `--rebuild` that emptied a user's
//! folder, an index stuck after a crash in commit, "nothing found" from an index that was
//! never built, a FIFO sidecar that hung the indexer, a query that stalled a batch, damaged
//! files read as wrong answers, a read-only index that could not be searched, a full disk, and
//! the smaller ones (giant lines, bad sidecar values, control characters in file names).

mod common;

use common::{
    copy_dir, copy_seed_corpus, generate_corpus, index_summary, indexed_seed_corpus, listing,
    outcome, run_on, search_json, spawn_index, unit_counts, zonedex,
};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a user compares between two indexes: reports with their unit counts and two searches.
fn answers(index: &Path) -> (Vec<(String, u64)>, Value, Value) {
    let by_report = search_json(index, &["行政复议", "--by", "report"]);
    let by_zone = search_json(index, &["公职律师 OR 合法性审查", "--by", "zone,year"]);
    (
        unit_counts(index),
        by_report["groups"].clone(),
        by_zone["groups"].clone(),
    )
}

// 1. Data loss -----------------------------------------------------------------------------

#[test]
fn rebuild_never_empties_a_folder_that_is_not_zonedex_s() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    copy_seed_corpus(&docs);
    // A project folder with a meta.json of its own, its notes and its reports.
    let project = work.path().join("project");
    std::fs::create_dir_all(project.join("reports")).unwrap();
    std::fs::write(project.join("meta.json"), r#"{"title": "my project"}"#).unwrap();
    std::fs::write(project.join("notes.md"), "my notes").unwrap();
    std::fs::write(project.join("reports/a.txt"), "报告").unwrap();
    let before = listing(&project);
    for extra in [&[][..], &["--rebuild"]] {
        let (code, _, err) = index_summary(&docs, &project, extra);
        assert_eq!(code, 2, "{extra:?}: {err}");
        assert!(err.contains("not a zonedex index"), "{err}");
        assert!(
            !err.contains("--rebuild`"),
            "must not suggest --rebuild: {err}"
        );
        assert_eq!(listing(&project), before, "{extra:?} changed the folder");
    }

    // A real index with a user's file put into it: --rebuild names the file and deletes nothing.
    let index = work.path().join("idx");
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    std::fs::write(index.join("my-notes.txt"), "keep").unwrap();
    let meta = std::fs::read_to_string(index.join("meta.json")).unwrap();
    std::fs::write(index.join("meta.json"), &meta[..meta.len() / 2]).unwrap(); // damaged
    let before = listing(&index);
    let (code, _, err) = index_summary(&docs, &index, &["--rebuild"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("my-notes.txt"), "{err}");
    assert_eq!(listing(&index), before);

    // Without the stranger, --rebuild repairs it; the kept file of the folder stays.
    std::fs::remove_file(index.join("my-notes.txt")).unwrap();
    std::fs::write(index.join(".gitkeep"), "").unwrap();
    let (code, summary, err) = index_summary(&docs, &index, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 5);
    assert!(index.join(".gitkeep").exists());
}

#[test]
fn an_index_whose_meta_json_was_deleted_can_be_rebuilt() {
    let (_work, docs, index) = indexed_seed_corpus();
    let expected = answers(&index);
    std::fs::remove_file(index.join("meta.json")).unwrap();
    let (code, _, err) = run_on(&index, &["search", "行政复议"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("damaged") && err.contains("zonedex index --rebuild"),
        "{err}"
    );
    let (code, _, err) = index_summary(&docs, &index, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(answers(&index), expected);
}

// 2. Stuck after a crash in commit --------------------------------------------------------

fn append(path: &Path, text: &str) {
    use std::io::Write;
    let mut file = std::fs::File::options().append(true).open(path).unwrap();
    file.write_all(text.as_bytes()).unwrap();
}

/// The corpus after the update used by the crash tests: one report changed, one removed,
/// generated reports added.
fn updated_corpus(docs: &Path) {
    std::fs::remove_file(docs.join("jinchang-2023-report.txt")).unwrap();
    append(
        &docs.join("qidong-2023-report.txt"),
        "\n三、补充说明\n\n全年办理行政复议案件3件。\n",
    );
    generate_corpus(&docs.join("generated"), 300_000, 7, Some("行政复议"));
}

#[test]
fn leftovers_of_an_unfinished_commit_do_not_block_the_next_run() {
    // Without a kill: the files a commit writes (deletion bitsets) are put into the original
    // index, as a commit that died after writing them would leave them. One thread puts every
    // report in one segment, so the update deletes part of a segment (a .del file) rather
    // than a whole one.
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    let index = work.path().join("idx");
    copy_seed_corpus(&docs);
    let (code, _, err) = index_summary(&docs, &index, &["--threads", "1"]);
    assert_eq!(code, 0, "{err}");
    let copy = work.path().join("copy");
    copy_dir(&index, &copy);
    append(
        &docs.join("jinchang-2023-report.txt"),
        "\n补充：全年办理行政复议案件2件。\n",
    );
    let (code, _, err) = index_summary(&docs, &copy, &[]);
    assert_eq!(code, 0, "{err}");
    let leftovers: Vec<String> = listing(&copy)
        .into_iter()
        .map(|(name, _)| name)
        .filter(|name| !listing(&index).iter().any(|(old, _)| old == name))
        .filter(|name| name.ends_with(".del"))
        .collect();
    assert!(!leftovers.is_empty(), "the update wrote deletion files");
    for name in &leftovers {
        std::fs::copy(copy.join(name), index.join(name)).unwrap();
    }
    // Searching the original still answers from its last commit, and updating it completes.
    let (code, _, err) = run_on(&index, &["search", "行政复议"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(answers(&index), answers(&copy));
}

/// Where a kill is aimed: the moment a file matching `trigger` first appears in the index
/// folder (a segment flushed, a commit writing its deletion files or its meta.json), plus a
/// delay.
struct Aim {
    label: &'static str,
    trigger: fn(&str) -> bool,
    delay: Duration,
}

/// Runs an update and kills it (SIGKILL) at `aim`. True when the kill landed while it ran.
fn kill_at(docs: &Path, index: &Path, aim: &Aim) -> bool {
    let before: Vec<String> = listing(index).into_iter().map(|(n, _)| n).collect();
    let meta_before = std::fs::read(index.join("meta.json")).unwrap();
    let mut child = spawn_index(docs, index);
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut landed = false;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let appeared = listing(index)
            .into_iter()
            .any(|(name, _)| !before.contains(&name) && (aim.trigger)(&name))
            || ((aim.trigger)("meta.json")
                && std::fs::read(index.join("meta.json")).is_ok_and(|m| m != meta_before));
        if appeared {
            std::thread::sleep(aim.delay);
            landed = child.try_wait().unwrap().is_none();
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait().unwrap();
    landed
}

#[test]
fn kills_aimed_at_flush_and_commit_never_leave_an_index_that_cannot_be_updated() {
    let (work, docs, base) = indexed_seed_corpus();
    updated_corpus(&docs);
    let fresh = work.path().join("fresh");
    let (code, _, err) = index_summary(&docs, &fresh, &[]);
    assert_eq!(code, 0, "{err}");
    let expected = answers(&fresh);

    let flushed: fn(&str) -> bool = |name| name.ends_with(".idx") || name.ends_with(".store");
    let committing: fn(&str) -> bool = |name| name.ends_with(".del") || name == "meta.json";
    let temporary: fn(&str) -> bool = |name| name.starts_with(".tmp");
    let mut aims = Vec::new();
    for ms in [0, 1, 2, 5, 10, 20, 40] {
        aims.push(Aim {
            label: "after segment flush",
            trigger: flushed,
            delay: Duration::from_millis(ms),
        });
        aims.push(Aim {
            label: "during commit",
            trigger: committing,
            delay: Duration::from_millis(ms / 2),
        });
    }
    for ms in [0, 1, 3, 8, 15, 30] {
        aims.push(Aim {
            label: "writing meta.json",
            trigger: temporary,
            delay: Duration::from_millis(ms),
        });
    }
    assert!(aims.len() >= 20);

    let mut landed = 0;
    for (i, aim) in aims.iter().enumerate() {
        let index = work.path().join(format!("kill-{i}"));
        copy_dir(&base, &index);
        if kill_at(&docs, &index, aim) {
            landed += 1;
        }
        // Whatever the kill left, the next run completes and equals a fresh build.
        let (code, _, err) = index_summary(&docs, &index, &[]);
        assert_eq!(code, 0, "kill {i} ({}, +{:?}): {err}", aim.label, aim.delay);
        assert_eq!(answers(&index), expected, "kill {i} ({})", aim.label);
        std::fs::remove_dir_all(&index).unwrap();
    }
    eprintln!(
        "{landed} of {} kills landed while the indexer was running",
        aims.len()
    );
    assert!(landed >= aims.len() / 2, "too few kills landed: {landed}");
}

// 3. "Nothing found" instead of "no index" -----------------------------------------------

#[test]
fn an_index_without_a_commit_is_not_built_yet_for_every_reader() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    generate_corpus(&docs, 2_000_000, 3, Some("行政复议"));
    let index = work.path().join("idx");
    // A first build killed once it has flushed a segment: no commit exists.
    let mut child = spawn_index(&docs, &index);
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline
        && !listing(&index).iter().any(|(n, _)| n.ends_with(".idx"))
        && child.try_wait().unwrap().is_none()
    {
        std::thread::sleep(Duration::from_millis(1));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let meta = std::fs::read_to_string(index.join("meta.json")).unwrap_or_default();
    if meta.contains("schema_version") {
        eprintln!("note: the first build committed before it could be killed");
        return;
    }
    let terms = work.path().join("terms.txt");
    std::fs::write(&terms, "行政复议\n").unwrap();
    let commands: [&[&str]; 6] = [
        &["search", "行政复议"],
        &["search", "--batch", "-"],
        &["stats"],
        &["reports"],
        &["zones"],
        &["matrix", "--terms", terms.to_str().unwrap()],
    ];
    for args in commands {
        let (code, out, err) = outcome(
            zonedex()
                .arg(args[0])
                .arg("--index")
                .arg(&index)
                .args(&args[1..])
                .write_stdin("行政复议\n"),
        );
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(
            err.contains("not built yet") && err.contains("zonedex index"),
            "{args:?}: {err}"
        );
    }
    // The next run builds it.
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(run_on(&index, &["search", "行政复议"]).0, 0);
}

#[test]
fn a_default_search_during_the_first_build_waits_for_it() {
    let work = tempfile::tempdir().unwrap();
    let project = work.path();
    generate_corpus(&project.join("corpus"), 3_000_000, 5, Some("行政复议"));
    // A first build of the default folders, as `zonedex index` in the project root.
    let first_build = || {
        let _ = std::fs::remove_dir_all(project.join("index"));
        Command::new(assert_cmd::cargo::cargo_bin("zonedex"))
            .args(["index", "--quiet"])
            .current_dir(project)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // As soon as the builder holds its lock (it walks the corpus before it writes anything
    // else), and again once tantivy has created the index but nothing is committed: a plain
    // search (default folders) waits for the build and answers from it.
    let expected = generate_corpus_occurrences(project);
    for moment in ["lock", "meta.json"] {
        let mut builder = first_build();
        let wanted = if moment == "lock" {
            ".zonedex-writer.lock"
        } else {
            "meta.json"
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline
            && !listing(&project.join("index"))
                .iter()
                .any(|(n, _)| n == wanted)
        {
            std::thread::sleep(Duration::from_micros(200));
        }
        let (code, out, err) = outcome(
            zonedex()
                .args(["search", "行政复议", "--count", "--format", "json"])
                .current_dir(project)
                .env("NO_COLOR", "1"),
        );
        builder.wait().unwrap();
        assert_eq!(code, 0, "at {moment}: {out}{err}");
        assert!(
            err.contains("waiting"),
            "at {moment}, the search did not wait: {err}"
        );
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["total"]["occurrences"], expected, "at {moment}");
    }
}

/// Occurrences of 行政复议 in the generated corpus of a project folder (the grep oracle).
fn generate_corpus_occurrences(project: &Path) -> u64 {
    let mut total = 0;
    for entry in std::fs::read_dir(project.join("corpus")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        total += common::occurrences(&text, "行政复议") as u64;
    }
    total
}

// 4. Sidecars that are not regular files ---------------------------------------------------

#[cfg(unix)]
#[test]
fn fifo_and_linked_sidecars_are_skipped_with_a_warning() {
    let (work, docs, index) = indexed_seed_corpus();
    let fifo = docs.join("qidong-2023-report.txt.meta.toml");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    // A sidecar linked to a file outside the corpus, and one linked to an endless device.
    let outside = work.path().join("outside.meta.toml");
    std::fs::write(&outside, "zone = \"外面的开发区\"\n").unwrap();
    std::os::unix::fs::symlink(&outside, docs.join("jinchang-2023-report.txt.meta.toml")).unwrap();
    std::os::unix::fs::symlink(
        "/dev/zero",
        docs.join("lanzhou-zhongchuan-2023-plan.txt.meta.toml"),
    )
    .unwrap();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("zonedex"))
        .arg("index")
        .arg(&docs)
        .arg("--index")
        .arg(&index)
        .args(["--json", "--quiet", "--rebuild"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("the indexer hangs on a FIFO sidecar");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let summary: Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = summary["warnings"].as_array().unwrap();
    for report in ["qidong", "jinchang", "lanzhou"] {
        assert!(
            warnings
                .iter()
                .any(|w| w["path"].as_str().unwrap().starts_with(report)
                    && w["message"]
                        .as_str()
                        .unwrap()
                        .contains("not a regular file")),
            "{report}: {warnings:?}"
        );
    }
    let zones = search_json(&index, &["法治", "--by", "zone"]);
    assert!(
        !zones.to_string().contains("外面的开发区"),
        "a linked sidecar was applied"
    );
}

// 5. A slow query stalls a batch ----------------------------------------------------------

#[test]
fn repeated_terms_cost_nothing_and_a_batch_line_has_a_time_budget() {
    let (_work, _docs, index) = indexed_seed_corpus();
    let one = search_json(&index, &["法", "--count"]);
    let repeated = vec!["法"; 2000].join(" ");
    let many = search_json(&index, &[repeated.as_str(), "--count"]);
    assert_eq!(many["total"], one["total"]);

    let too_many: Vec<String> = (0..100).map(|i| format!("词{i}")).collect();
    let input = format!("{}\n行政复议\n", too_many.join(" "));
    let (code, out, _) = outcome(
        zonedex()
            .args(["search", "--batch", "-", "--count", "--index"])
            .arg(&index)
            .write_stdin(input),
    );
    assert_eq!(code, 2);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(
        lines[0]["error"].as_str().unwrap().contains("split it"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[1]["total"]["occurrences"], 15, "the batch goes on");

    // A budget far too small for any counting: the line is an error, the batch goes on.
    let (code, out, _) = outcome(
        zonedex()
            .args([
                "search",
                "--batch",
                "-",
                "--count",
                "--time-budget",
                "0.000001",
                "--index",
            ])
            .arg(&index)
            .write_stdin("法治\n# comment\n法治政府\n"),
    );
    assert_eq!(code, 2);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    for line in &lines {
        assert!(
            line["error"].as_str().unwrap().contains("time budget"),
            "{line}"
        );
    }
}

// 6. Damaged files ---------------------------------------------------------------------------

#[test]
fn a_flipped_byte_in_any_index_file_is_an_error_not_a_wrong_answer() {
    let (work, docs, good) = indexed_seed_corpus();
    let expected = search_json(&good, &["行政复议", "--by", "zone"]);
    let files: Vec<String> = listing(&good)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n.len() > 33 && n.as_bytes()[32] == b'.')
        .collect();
    for (i, name) in files.iter().enumerate() {
        let dir = work.path().join(format!("flip-{i}"));
        copy_dir(&good, &dir);
        let path = dir.join(name);
        let mut bytes = std::fs::read(&path).unwrap();
        let at = bytes.len() / 3;
        bytes[at] ^= 0x5A;
        std::fs::write(&path, &bytes).unwrap();

        // `check` reads everything and finds it.
        let (code, out, err) = run_on(&dir, &["check"]);
        assert_eq!(code, 2, "check missed a flip in {name}: {out}");
        assert!(
            err.contains("damaged") && err.contains("--rebuild"),
            "{err}"
        );
        // A search fails cleanly or answers exactly as before; never a panic's exit 101.
        let (code, out, err) = run_on(
            &dir,
            &["search", "行政复议", "--by", "zone", "--format", "json"],
        );
        match code {
            2 => assert!(
                err.starts_with("zonedex: ") && err.contains("--rebuild"),
                "{name}: {err}"
            ),
            0 | 1 => {
                let v: Value = serde_json::from_str(&out).unwrap();
                assert_eq!(
                    v["groups"], expected["groups"],
                    "silent wrong answer from {name}"
                );
            }
            other => panic!("{name}: exit {other}: {err}"),
        }
        // An update refuses to build on it; --rebuild repairs it.
        let (code, _, err) = index_summary(&docs, &dir, &[]);
        assert_eq!(code, 2, "update over a flip in {name}: {err}");
        assert!(err.contains("--rebuild"), "{err}");
        let (code, _, err) = index_summary(&docs, &dir, &["--rebuild"]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(
            search_json(&dir, &["行政复议", "--by", "zone"])["groups"],
            expected["groups"]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

// 7. Read-only and shared indexes ----------------------------------------------------------

/// A prefix that runs a command as user `nobody`, when this test runs as root and `setpriv`
/// is there. None otherwise (then the permission checks cannot be made).
fn as_nobody() -> Option<[&'static str; 4]> {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::NamedTempFile::new().unwrap();
    if probe.as_file().metadata().unwrap().uid() != 0 {
        return None;
    }
    let prefix = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    let works = Command::new(prefix[0])
        .args(&prefix[1..])
        .arg("true")
        .status();
    works.is_ok_and(|s| s.success()).then_some(prefix)
}

fn search_as(prefix: &[&str], index: &Path) -> (i32, String, String) {
    let binary = assert_cmd::cargo::cargo_bin("zonedex");
    let mut command = Command::new(prefix[0]);
    command.args(&prefix[1..]).arg(binary);
    command
        .args(["search", "行政复议", "--count", "--index"])
        .arg(index);
    outcome(&mut assert_cmd::Command::from_std(command))
}

#[cfg(unix)]
#[test]
fn another_user_can_search_a_readable_index_and_is_told_when_it_is_not() {
    use std::os::unix::fs::PermissionsExt;
    let Some(nobody) = as_nobody() else {
        eprintln!("note: not root or no setpriv here; the other-user checks were not made");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    std::fs::set_permissions(work.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let docs = work.path().join("docs");
    copy_seed_corpus(&docs);
    let index = work.path().join("idx");
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    // Updates whose small segments get merged: merges write meta.json again.
    for n in 0..5 {
        std::fs::write(
            docs.join(format!("added-{n}.txt")),
            "补充报告\n\n本年度办理行政复议案件。\n",
        )
        .unwrap();
        let (code, _, err) = index_summary(&docs, &index, &[]);
        assert_eq!(code, 0, "{err}");
    }
    // The folder is not writable by nobody: the search must not need tantivy's lock file.
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o755)).unwrap();
    let (code, out, err) = search_as(&nobody, &index);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("7 report(s)"), "{out}");
    // A folder closed to others: permission denied, not "not an index".
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o700)).unwrap();
    let (code, _, err) = search_as(&nobody, &index);
    assert_eq!(code, 2);
    assert!(err.contains("permission denied"), "{err}");
    assert!(!err.contains("--rebuild"), "{err}");
}

/// Unmounts its folder when dropped.
struct Unmount(PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

/// The shipped reports in `docs/`, indexed into `idx/` on a tmpfs of `size` mounted in the
/// work folder (root only). None when this machine does not allow the mount.
fn seeds_indexed_on_tmpfs(size: &str) -> Option<(tempfile::TempDir, Unmount, PathBuf, PathBuf)> {
    let work = tempfile::tempdir().unwrap();
    let mount = work.path().join("mnt");
    std::fs::create_dir_all(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(&mount)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        return None;
    }
    let unmount = Unmount(mount.clone());
    let docs = work.path().join("docs");
    copy_seed_corpus(&docs);
    let index = mount.join("idx");
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    Some((work, unmount, docs, index))
}

#[cfg(unix)]
#[test]
fn a_read_only_mount_is_searchable() {
    let Some((_work, mount, _docs, index)) = seeds_indexed_on_tmpfs("64m") else {
        eprintln!("note: cannot mount here; the read-only mount check was not made");
        return;
    };
    let expected = search_json(&index, &["行政复议", "--by", "zone"]);
    let remounted = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount.0)
        .status()
        .unwrap();
    assert!(remounted.success());
    assert_eq!(
        search_json(&index, &["行政复议", "--by", "zone"])["groups"],
        expected["groups"]
    );
    let (code, _, err) = run_on(&index, &["stats"]);
    assert_eq!(code, 0, "{err}");
}

// 8. Disk full -------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_full_disk_is_explained_and_leaves_the_old_index_as_it_was() {
    let Some((_work, _mount, docs, index)) = seeds_indexed_on_tmpfs("2m") else {
        eprintln!("note: cannot mount here; the full-disk check was not made");
        return;
    };
    let expected = answers(&index);
    let before = listing(&index);

    generate_corpus(&docs.join("more"), 3_000_000, 9, None);
    let (code, _, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 2);
    assert!(
        err.contains("no space left on") && err.contains("MB"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    // Every file as it was (tantivy's list of its files may name the removed ones).
    let comparable = |files: Vec<(String, u64)>| -> Vec<(String, u64)> {
        files
            .into_iter()
            .filter(|(name, _)| !name.starts_with(".tantivy"))
            .map(|(name, size)| {
                if name == ".managed.json" {
                    (name, 0)
                } else {
                    (name, size)
                }
            })
            .collect()
    };
    assert_eq!(
        comparable(listing(&index)),
        comparable(before),
        "partial files were left behind"
    );
    assert_eq!(answers(&index), expected);
}

// 9. Smaller ---------------------------------------------------------------------------------

#[test]
fn a_giant_single_line_report_is_indexed_and_found_at_both_ends() {
    let work = tempfile::tempdir().unwrap();
    let docs = work.path().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    let sentence = "依法行政持续推进，法治政府建设取得成效。";
    let line = format!(
        "首句提到营商环境。{}末句提到公职律师。",
        sentence.repeat(150_000)
    );
    std::fs::write(docs.join("one-line.txt"), &line).unwrap(); // 9 MB, one line
    let index = work.path().join("idx");
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["indexed"], 1, "{summary}");
    for term in ["营商环境", "公职律师"] {
        let v = search_json(&index, &[term]);
        assert_eq!(v["total"]["occurrences"], 1, "{term}");
        assert_eq!(v["hits"][0]["line"], 1, "{term}");
    }
    let v = search_json(&index, &["法治政府建设", "--count"]);
    assert_eq!(v["total"]["occurrences"], 150_000);
}

#[test]
fn a_report_that_grows_past_the_limit_is_skipped_and_its_old_version_removed() {
    let (_work, docs, index) = indexed_seed_corpus();
    let file = std::fs::File::options()
        .append(true)
        .open(docs.join("lanzhou-zhongchuan-2023-plan.txt"))
        .unwrap();
    file.set_len(65 * 1024 * 1024).unwrap(); // sparse: nothing is written
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(summary["removed"], 1, "{summary}");
    let skipped = summary["skipped"].to_string();
    assert!(
        skipped.contains("larger than 64 MB") && skipped.contains("removed"),
        "{skipped}"
    );
    // The plan held 11 of the 15 occurrences of 行政复议.
    assert_eq!(
        search_json(&index, &["行政复议"])["total"]["occurrences"],
        4
    );
}

#[test]
fn bad_sidecar_values_are_refused_and_names_with_newlines_print_on_one_line() {
    let (_work, docs, index) = indexed_seed_corpus();
    std::fs::write(
        docs.join("qidong-2023-report.txt.meta.toml"),
        "date = \"2023-02-30\"\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("jinchang-2023-report.txt.meta.toml"),
        "zone = \"\"\n",
    )
    .unwrap();
    std::fs::write(
        docs.join("odd\nname.txt"),
        "某某区关于行政复议工作的报告\n\n全年办理行政复议案件。\n",
    )
    .unwrap();
    let (code, summary, err) = index_summary(&docs, &index, &[]);
    assert_eq!(code, 0, "{err}");
    let warnings = summary["warnings"].to_string();
    assert!(warnings.contains("2023-02-30"), "{warnings}");
    assert!(warnings.contains("empty zone"), "{warnings}");
    let zones = search_json(&index, &["法治", "--by", "zone"]);
    assert!(
        zones.to_string().contains("金昌经济技术开发区"),
        "the text's zone is kept"
    );
    let (code, out, _) = run_on(&index, &["search", "行政复议", "--limit", "50"]);
    assert_eq!(code, 0);
    assert!(out.contains("odd\\x0Aname.txt:"), "{out}");
    assert!(!out.contains("odd\nname"), "{out}");
}
