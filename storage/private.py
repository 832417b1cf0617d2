"""Private files and directories: citizens' documents are readable by sohoa's user only.

Directories are 0700 and files 0600, whatever the process umask; a directory left more
open by an earlier version is tightened when it is opened again.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["DIR_MODE", "FILE_MODE", "UMASK", "private_dir", "private_file", "tighten"]

DIR_MODE = 0o700
FILE_MODE = 0o600
#: The umask the embedded SeaweedFS runs under, so its volumes and indexes are private.
UMASK = 0o077


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if missing, and make it 0700."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o777 != DIR_MODE:
        path.chmod(DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing (never truncated), and make it 0600."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    try:
        if os.fstat(fd).st_mode & 0o777 != FILE_MODE:
            os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def tighten(root: Path) -> int:
    """Take group and other rights off everything under ``root``; the count changed.

    For files a program made with explicit modes (SeaweedFS writes its ``.vif`` volume
    info 0644 whatever the umask). The 0700 directory above guards them in between."""
    changed = 0
    for dirpath, dirnames, filenames in os.walk(root):
        for name in (*dirnames, *filenames):
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            if st.st_mode & 0o077 and not os.path.islink(path):
                os.chmod(path, st.st_mode & 0o700)
                changed += 1
    return changed
