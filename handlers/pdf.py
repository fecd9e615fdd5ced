"""A generated .docx as PDF, converted by LibreOffice in a private temporary folder, off the event loop."""

from __future__ import annotations

import asyncio
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

# The names Debian's libreoffice-writer installs.
SOFFICE_NAMES = ("soffice", "libreoffice")
TIMEOUT_SECONDS = 60.0
# Each conversion starts a LibreOffice of ~200 MB; two at a time is what these 2-core machines take.
_SLOTS = threading.BoundedSemaphore(2)


@dataclass(frozen=True)
class Converted:
    """The PDF, or why there is none (in Chinese, for the user)."""

    pdf: bytes | None
    problem: str = ""


async def docx_to_pdf(data: bytes, *, timeout: float = TIMEOUT_SECONDS) -> Converted:
    """Convert a .docx to PDF in a worker thread; a missing, failing or slow LibreOffice gives no PDF."""
    return await asyncio.to_thread(_convert, data, timeout)


def _convert(data: bytes, timeout: float) -> Converted:
    soffice = next((path for name in SOFFICE_NAMES if (path := shutil.which(name))), None)
    if soffice is None:
        return Converted(None, "本机没有安装 LibreOffice")
    if not _SLOTS.acquire(timeout=timeout):
        return Converted(None, "转换服务繁忙")
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as folder:
            return _run(soffice, Path(folder), data, timeout)
    finally:
        _SLOTS.release()


def _run(soffice: str, folder: Path, data: bytes, timeout: float) -> Converted:
    source = folder / "form.docx"
    source.write_bytes(data)
    # A private profile: conversions never share (or lock) one, nor touch the service user's settings.
    profile = f"-env:UserInstallation={(folder / 'profile').as_uri()}"
    command = [soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(source)]
    # Its own process group, so a conversion that hangs is ended with every helper process it started.
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        log.warning("PDF conversion timed out after %g s", timeout)
        return Converted(None, f"转换超过{timeout:g}秒未完成")
    target = folder / "form.pdf"
    if process.returncode != 0 or not target.is_file():
        log.warning("PDF conversion failed with exit code %s", process.returncode)
        return Converted(None, "LibreOffice 转换失败")
    return Converted(target.read_bytes())
