"""The SPA built for an origin of its own (``VITE_API_URL``), as docs/frontend.md tells
its readers to build it, for the suites that serve it so: e2e's split-origin tests and the
scale test.

Each suite needs the build for its own API origin (a free port, http or https), and each
``vite build`` costs both cores for seconds (more on a loaded machine). So the build is
made once per state of the frontend's sources, for a placeholder origin, and kept in a
cache folder (frontend/node_modules/.cache, which ``npm ci`` empties); each suite gets a
copy with the placeholder replaced by its origin. Two suites in one run, or two runs in a row,
build once. A lock keeps two processes from building at the same time."""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from devkit.procs import StartError, clean_environ, run

REPO = Path(__file__).resolve().parents[1]
FRONTEND = REPO / "frontend"
# Sources the build reads: the frontend's, and the pages' static files it imports (@shared).
SOURCES = (FRONTEND, REPO / "backend" / "teamboard" / "web" / "static")
SKIP = {"node_modules", "dist", ".vite"}
PLACEHOLDER = "https://split-origin-api.invalid"
TEXT = {".js", ".html", ".css", ".json", ".map", ".txt", ".svg"}


def fingerprint() -> str:
    """Changes with any file the build reads (and with the placeholder)."""
    digest = hashlib.sha256(PLACEHOLDER.encode())
    for source in SOURCES:
        for path in sorted(source.rglob("*")):
            if path.is_file() and not SKIP & set(path.relative_to(source).parts):
                digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def cache_root() -> Path:
    return FRONTEND / "node_modules" / ".cache" / "teamboard-split-spa"


def cached_build() -> Path:
    """The placeholder build for the sources as they are, made now if it is not cached."""
    vite = FRONTEND / "node_modules" / ".bin" / "vite"
    if not vite.exists():
        raise StartError("the frontend's dependencies are missing: run `make frontend`")
    root = cache_root()
    root.mkdir(parents=True, exist_ok=True)
    build = root / fingerprint()
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second process waits, then finds it built
        if not build.exists():
            for old in root.iterdir():  # earlier states of the sources
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
            scratch = Path(tempfile.mkdtemp(prefix="build-", dir=root))
            run(
                [
                    str(vite),
                    "build",
                    "--outDir",
                    str(scratch),
                    "--emptyOutDir",
                    "--logLevel",
                    "warn",
                ],
                "vite build (split origin)",
                env=clean_environ() | {"VITE_API_URL": PLACEHOLDER},
                cwd=FRONTEND,
            )
            scratch.chmod(0o755)  # mkdtemp's 0700: nginx's workers (nobody) read the copies
            os.rename(scratch, build)
    return build


def split_spa(dest: Path, api_origin: str, *, compress: bool = False) -> Path:
    """The split-origin SPA for ``api_origin`` in ``dest``; ``compress``: with the .gz
    files nginx serves as they are (frontend/scripts/compress.mjs, as ``npm run build``)."""
    build = cached_build()
    shutil.copytree(build, dest, dirs_exist_ok=True)
    dest.chmod(0o755)  # a build cached before its folder was made readable
    origin = api_origin.rstrip("/")
    found = 0
    for path in dest.rglob("*"):
        if path.suffix in TEXT and path.is_file():
            text = path.read_text()
            if PLACEHOLDER in text:
                found += 1
                path.write_text(text.replace(PLACEHOLDER, origin))
    if not found:
        raise StartError(f"the split-origin build in {build} does not name {PLACEHOLDER}")
    if compress:
        run(["node", "scripts/compress.mjs", str(dest)], "compress split build", cwd=FRONTEND)
    return dest
