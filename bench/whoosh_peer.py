#!/usr/bin/env python3
"""The peer a Chinese Python user would reach for: Whoosh with jieba's ChineseAnalyzer.

Indexes every .txt/.text/.md/.markdown file under CORPUS (hidden names skipped, as zonedex
does) into a new Whoosh index in OUT: one document per file, the text stored and analysed by
jieba in search mode with positions (Whoosh's TEXT default), so phrase queries work.
Files are decoded as UTF-8 (with or without BOM), else GB18030.

    python bench/whoosh_peer.py CORPUS OUT

Prints one JSON line: files, bytes, seconds (inside Python, after imports).
"""

import json
import os
import sys
import time

from peer_files import decode, reports

from jieba.analyse import ChineseAnalyzer
from whoosh.fields import ID, TEXT, Schema
from whoosh.index import create_in

def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    corpus, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    started = time.perf_counter()
    schema = Schema(
        path=ID(stored=True, unique=True),
        content=TEXT(analyzer=ChineseAnalyzer(), stored=True),
    )
    index = create_in(out, schema)
    writer = index.writer(limitmb=256)
    files = size = 0
    for rel, path in reports(corpus):
        with open(path, "rb") as f:
            data = f.read()
        writer.add_document(path=rel, content=decode(data))
        files += 1
        size += len(data)
    writer.commit()
    seconds = time.perf_counter() - started
    print(json.dumps({"files": files, "bytes": size, "seconds": round(seconds, 3)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
