//! A bad --index: missing, empty, a file, foreign, damaged, or of another schema version.
//! Each gets exit 2 and a message that says what to do, and nothing in it is deleted unless
//! --rebuild was asked for.

mod common;

use common::{copy_dir, corpus, index_summary, listing, run_on, search_json};
use std::path::Path;
use zonedex::engine::schema::SCHEMA_VERSION;

/// The read commands and a plain (incremental) index run, each of which must fail with exit 2,
/// a message containing every one of `advice`, and the folder exactly as it was.
fn assert_refused(index: &Path, advice: &[&str]) {
    let before = listing(index);
    let existed = index.exists();
    let commands: [&[&str]; 5] = [
        &["search", "复议"],
        &["search", "复议", "--by", "zone", "--format", "json"],
        &["reports"],
        &["stats"],
        &["show", "jinchang-2023-report.txt:31"],
    ];
    for args in commands {
        let (code, out, err) = run_on(index, args);
        assert_eq!(code, 2, "{args:?} on {}: {out}{err}", index.display());
        for words in advice {
            assert!(err.contains(words), "{args:?}: {err}");
        }
        assert!(!err.contains("panicked"), "{err}");
    }
    let (code, _, err) = index_summary(&corpus(), index, &[]);
    assert_eq!(code, 2, "index on {}: {err}", index.display());
    assert!(
        err.starts_with("zonedex: ") && err.lines().count() == 1,
        "{err}"
    );
    assert_eq!(listing(index), before, "{} was changed", index.display());
    assert_eq!(index.exists(), existed);
}

fn good_index(at: &Path) {
    let (code, _, err) = index_summary(&corpus(), at, &[]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn missing_empty_and_file_indexes_are_explained_and_left_alone() {
    let work = tempfile::tempdir().unwrap();
    let missing = work.path().join("missing");
    for args in [&["search", "复议"][..], &["reports"], &["stats"]] {
        let (code, _, err) = run_on(&missing, args);
        assert_eq!(code, 2);
        assert!(
            err.contains("no index at") && err.contains("zonedex index"),
            "{err}"
        );
    }
    assert!(!missing.exists(), "reading created the folder");

    let empty = work.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    for args in [&["search", "复议"][..], &["reports"], &["stats"]] {
        let (code, _, err) = run_on(&empty, args);
        assert_eq!(code, 2);
        assert!(
            err.contains("no index at") && err.contains("zonedex index"),
            "{err}"
        );
    }
    assert!(listing(&empty).is_empty());

    let file = work.path().join("notes.txt");
    std::fs::write(&file, "my notes").unwrap();
    let (code, _, err) = run_on(&file, &["search", "复议"]);
    assert_eq!(code, 2);
    assert!(err.contains("not a zonedex index"), "{err}");
    for extra in [&[][..], &["--rebuild"]] {
        let (code, _, err) = index_summary(&corpus(), &file, extra);
        assert_eq!(code, 2, "{err}");
    }
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my notes");

    let foreign = work.path().join("photos");
    std::fs::create_dir_all(foreign.join("2023")).unwrap();
    std::fs::write(foreign.join("2023/beach.jpg"), "jpeg").unwrap();
    std::fs::write(foreign.join("meta.txt"), "not tantivy").unwrap();
    assert_refused(&foreign, &["not a zonedex index", "choose another --index"]);
    let (code, _, _) = index_summary(&corpus(), &foreign, &["--rebuild"]);
    assert_eq!(code, 2, "--rebuild deletes only what is an index");
    assert_eq!(listing(&foreign).len(), 2);
}

#[test]
fn damaged_indexes_ask_for_rebuild_and_rebuild_repairs_them() {
    let work = tempfile::tempdir().unwrap();
    let good = work.path().join("good");
    good_index(&good);
    let expected = search_json(&good, &["行政复议", "--by", "zone"]);
    let files: Vec<String> = listing(&good).into_iter().map(|(n, _)| n).collect();

    // Each way an index folder gets cut short: a copy that stopped half way through every
    // segment file, a half-written meta.json, a lost positions file, a lost segment.
    type Damage = fn(&Path, &[String]);
    let damages: [(&str, Damage); 4] = [
        ("halved-segments", |dir, files| {
            for name in files.iter().filter(|n| !n.ends_with(".json")) {
                let path = dir.join(name);
                let len = std::fs::metadata(&path).unwrap().len();
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&path)
                    .unwrap()
                    .set_len(len / 2)
                    .unwrap();
            }
        }),
        ("halved-meta", |dir, _| {
            let meta = std::fs::read(dir.join("meta.json")).unwrap();
            std::fs::write(dir.join("meta.json"), &meta[..meta.len() / 2]).unwrap();
        }),
        ("no-positions", |dir, files| {
            for name in files.iter().filter(|n| n.ends_with(".pos")) {
                std::fs::remove_file(dir.join(name)).unwrap();
            }
        }),
        ("lost-segment", |dir, files| {
            let first = files.iter().find(|n| n.ends_with(".store")).unwrap();
            let segment = first.trim_end_matches(".store");
            for name in files.iter().filter(|n| n.starts_with(segment)) {
                std::fs::remove_file(dir.join(name)).unwrap();
            }
        }),
    ];
    for (name, damage) in damages {
        let dir = work.path().join(name);
        copy_dir(&good, &dir);
        damage(&dir, &files);
        assert_refused(&dir, &["zonedex index --rebuild"]);
        let (code, summary, err) = index_summary(&corpus(), &dir, &["--rebuild"]);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(summary["indexed"], 5, "{name}");
        let v = search_json(&dir, &["行政复议", "--by", "zone"]);
        assert_eq!(v["groups"], expected["groups"], "{name}");
    }
}

#[test]
fn an_index_of_another_schema_version_is_left_untouched_until_rebuild() {
    // index_cli.rs checks the message; this checks that not one file changes.
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("idx");
    good_index(&index);
    let meta_path = index.join("meta.json");
    let meta = std::fs::read_to_string(&meta_path).unwrap();
    let current = format!("\\\"schema_version\\\":{SCHEMA_VERSION}");
    let old = meta.replace(&current, "\\\"schema_version\\\":0");
    assert_ne!(meta, old);
    std::fs::write(&meta_path, old).unwrap();
    assert_refused(&index, &["schema version 0", "zonedex index --rebuild"]);
    let (code, _, err) = index_summary(&corpus(), &index, &["--rebuild"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = run_on(&index, &["search", "复议"]);
    assert_eq!(code, 0, "{err}");
}
