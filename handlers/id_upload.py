"""The ID image of an online application: what is accepted, and the clean copy that is kept.

The first bytes name the claimed type (JPEG, PNG or PDF, the formats of the guide's online channel, 二(三)3); the
whole file must then decode as that type. Images are decoded with Pillow and encoded afresh from their pixels, so
nothing but the picture is kept: no EXIF (camera, time, GPS location), no comments, no bytes appended after the
image (a JPEG header followed by a program is refused, a real JPEG with a program appended loses it). PDFs are
parsed with pypdf and written anew from their pages, without document metadata, scripts, embedded files, open
actions or annotations; encrypted PDFs are refused. Pure computation on bytes: run it off the event loop.
"""

from __future__ import annotations

import logging
import warnings
from io import BytesIO

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter

from handlers.messages import File

log = logging.getLogger(__name__)

SIGNATURES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png", b"%PDF-": "application/pdf"}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A 40-megapixel photo is larger than any phone's; beyond that a small file is a decompression bomb.
MAX_PIXELS = 40_000_000
MAX_PDF_PAGES = 20
JPEG_QUALITY = 90
# Page entries a scanned ID does not need and that can act when the PDF is opened: annotations, page actions.
PDF_PAGE_ACTIONS = ("/Annots", "/AA")

NOT_ACCEPTED = "无法识别该文件：只接受 JPEG、PNG 图片或 PDF 文件。"
DAMAGED = "无法识别该文件：内容不是完整的{kind}（可能已损坏，或只是改了扩展名）。请重新拍照或扫描后上传。"
TOO_LARGE_IMAGE = "图片像素过多（超过4000万像素），请缩小后再上传。"
ENCRYPTED_PDF = "PDF 文件设有密码，无法查看。请上传未加密的 PDF，或改为上传照片。"
PDF_PAGES = f"PDF 文件应有1到{MAX_PDF_PAGES}页，请只上传证件的扫描页。"


class UploadRefused(ValueError):
    """An upload that is not kept; the message says why, in Chinese."""


def sniff(data: bytes) -> str | None:
    """The type the upload's first bytes claim: JPEG, PNG or PDF, else None."""
    return next((mime for signature, mime in SIGNATURES.items() if data.startswith(signature)), None)


def clean_upload(name: str, data: bytes) -> File:
    """The upload re-encoded without metadata, or UploadRefused."""
    mime = sniff(data)
    if mime is None:
        raise UploadRefused(NOT_ACCEPTED)
    clean = _clean_pdf(data) if mime == "application/pdf" else _clean_image(data, PILLOW_FORMATS[mime])
    return File(name=name, mime=mime, data=clean)


def _clean_image(data: bytes, fmt: str) -> bytes:
    damaged = UploadRefused(DAMAGED.format(kind=f"{fmt}图片"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data), formats=[fmt]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise UploadRefused(TOO_LARGE_IMAGE)
                image.load()
                # The EXIF orientation turns the pixels before the EXIF itself is dropped, so photos stay upright.
                picture = ImageOps.exif_transpose(image)
    except UploadRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UploadRefused(TOO_LARGE_IMAGE) from exc
    except Exception as exc:
        # Pillow reports undecodable input with many exception types (OSError, SyntaxError, ValueError, ...).
        log.info("an uploaded %s image did not decode: %s", fmt, type(exc).__name__)
        raise damaged from exc
    if fmt == "JPEG":
        picture = picture if picture.mode in ("L", "RGB") else picture.convert("RGB")
    elif picture.mode not in ("L", "RGB", "RGBA"):
        picture = picture.convert("RGBA")
    # Nothing of the original file's metadata travels with the pixels: no EXIF, ICC profile, text or comment.
    picture.info = {}
    out = BytesIO()
    options = {"quality": JPEG_QUALITY} if fmt == "JPEG" else {}
    picture.save(out, fmt, **options)
    return out.getvalue()


def _clean_pdf(data: bytes) -> bytes:
    try:
        reader = PdfReader(BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(ENCRYPTED_PDF)
        if not 1 <= len(reader.pages) <= MAX_PDF_PAGES:
            raise UploadRefused(PDF_PAGES)
        writer = PdfWriter()
        for page in reader.pages:
            for key in PDF_PAGE_ACTIONS:
                if key in page:
                    del page[key]
            writer.add_page(page)
        out = BytesIO()
        writer.write(out)
    except UploadRefused:
        raise
    except Exception as exc:
        # pypdf reports malformed input with many exception types; whatever it is, the file is not kept.
        log.info("an uploaded PDF did not parse: %s", type(exc).__name__)
        raise UploadRefused(DAMAGED.format(kind="PDF 文件")) from exc
    return out.getvalue()
