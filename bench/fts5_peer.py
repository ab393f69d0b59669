#!/usr/bin/env python3
"""A second peer: SQLite FTS5 with its trigram tokenizer, from Python's built-in sqlite3.

Indexes every .txt/.text/.md/.markdown file under CORPUS (hidden names skipped, as zonedex
does) into a new database DB: one row per file, the text as content, tokenised into trigrams,
which answer substring queries of three or more characters. Then runs each TERM as an FTS5
phrase (`"TERM"`) five times and times the count of matching files.

    python bench/fts5_peer.py CORPUS DB TERM...

Prints one JSON line: files, bytes, seconds (building, inside Python), db_bytes, sqlite (its
version) and queries [{term, files, ms}] (ms: mean of 5 runs). A term shorter than three
characters matches no row under the trigram tokenizer: its count is 0 whatever the text holds.
"""

import json
import os
import sqlite3
import sys
import time

from peer_files import decode, reports

RUNS = 5


def main() -> int:
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    corpus, db, terms = sys.argv[1], sys.argv[2], sys.argv[3:]
    if os.path.exists(db):
        os.remove(db)
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = OFF")
    con.execute("PRAGMA synchronous = OFF")
    con.execute("CREATE VIRTUAL TABLE docs USING fts5(path UNINDEXED, content, tokenize = 'trigram')")
    files = size = 0
    for rel, path in reports(corpus):
        with open(path, "rb") as f:
            data = f.read()
        con.execute("INSERT INTO docs (path, content) VALUES (?, ?)", (rel, decode(data)))
        files += 1
        size += len(data)
    con.commit()
    seconds = time.perf_counter() - started
    queries = []
    for term in terms:
        phrase = '"' + term.replace('"', '""') + '"'
        found = 0
        began = time.perf_counter()
        for _ in range(RUNS):
            found = con.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (phrase,)).fetchone()[0]
        ms = (time.perf_counter() - began) / RUNS * 1000
        queries.append({"term": term, "files": found, "ms": round(ms, 2)})
    con.close()
    print(json.dumps({
        "files": files,
        "bytes": size,
        "seconds": round(seconds, 3),
        "db_bytes": os.path.getsize(db),
        "sqlite": sqlite3.sqlite_version,
        "queries": queries,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
