"""Arabic full-text search over a term index built at ingest (DuckDB's fts extension is unavailable).

Both sides use extract.text.search_terms, so spelling variants (أ/ا/إ, ة/ه, ى/ي, harakat) and
proclitics (و ف ب ل ك ال …) meet in the same folded term. A query matches an incident when every
one of its terms is indexed for it; a quoted phrase is just its terms.
"""
from __future__ import annotations

import duckdb

from extract.text import search_terms


def incident_terms(evidence: str, place_name: str, admin1: str | None, admin2: str | None) -> list[str]:
    """What an incident is findable by: its evidence and the names of its place and admin units."""
    return search_terms(" ".join(s for s in (evidence, place_name, admin1, admin2) if s))


def query_terms(text: str) -> list[str]:
    return search_terms(text.replace('"', " "))


def resolve_terms(cur: duckdb.DuckDBPyConnection, text: str) -> list[int] | None:
    """Term ids of a query, or None when some term is not indexed at all (nothing can match)."""
    terms = query_terms(text)
    if not terms:
        return []
    found = dict(cur.execute("SELECT term, tid FROM term_dict WHERE list_contains(?, term)", [terms]).fetchall())
    if len(found) < len(set(terms)):
        return None
    return [found[t] for t in terms]
