"""Stable identifiers, so reviews survive re-ingest.

An article is identified by the hash of its sanitised content; an incident by that hash plus the
incident's key (date, place code or folded place name, event type) — the key rule 2 of the
annotation guide makes unique within an article. Same article in, same ids out.
"""
from __future__ import annotations

import hashlib
from datetime import date

from extract.model import Article, Place
from extract.text import fold_text


def content_hash(a: Article) -> str:
    blob = "\x1f".join((a.published.isoformat(), a.title or "", a.text))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def place_key(p: Place) -> str:
    """What "the same place" means for ids and clusters: the P-code, else the folded name."""
    return p.pcode or "name:" + fold_text(p.name).strip()


def incident_id(article_hash: str, day: date | None, place: str, event_type: str, repeat: int = 0) -> str:
    """`repeat` tells apart incidents of one article that share a key (the n-th such one)."""
    key = "\x1f".join((article_hash, day.isoformat() if day else "", place, event_type, str(repeat)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def hash_key(content_hash_hex: str) -> int:
    """The first 8 bytes of a content hash as a signed 64-bit integer (cheap to compare in bulk)."""
    return int.from_bytes(bytes.fromhex(content_hash_hex[:16]), "big", signed=True)
