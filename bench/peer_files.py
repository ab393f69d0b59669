"""The files a peer of zonedex-bench indexes, read as zonedex reads them: every
.txt/.text/.md/.markdown file under a folder (hidden names skipped), decoded as UTF-8 (with or
without BOM), else GB18030. Shared by whoosh_peer.py and fts5_peer.py."""

import os

EXTENSIONS = (".txt", ".text", ".md", ".markdown")


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def reports(root: str):
    """(path relative to root, path) of every report file, in a fixed order."""
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(".") or not name.lower().endswith(EXTENSIONS):
                continue
            path = os.path.join(folder, name)
            yield os.path.relpath(path, root), path
