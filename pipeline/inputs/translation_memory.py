"""The translation memory: every staff text translated once, reused wherever the same English recurs.

It lives beside the input workbooks (inputs/translation-memory.json) and grows with each import of a
translator's XLIFF file. Reading the inputs, a text with no translation in its column takes the
memory's translation of the same English (in this meeting's rows or a later one's); a translation
placed for a row whose English has changed since is listed as a data issue ('needs review').

    {"format": "stc-translation-memory", "version": 1,
     "texts":  {"fr": {"On-going": "En cours", ...}, "es": {...}},
     "placed": {"fr": {"programmes.xlsx/Activities/JWP 2012-2014 B5/Timeframe": "On-going", ...}}}

`placed` records, per language, the English each imported translation was made from, by the unit's id.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from pipeline.inputs import schema
from pipeline.inputs.translation_units import TextUnit, translated_columns
from pipeline.model import TRANSLATED_LANGUAGES, DataIssue, Inputs

MEMORY_FILE = "translation-memory.json"
FORMAT = "stc-translation-memory"
LANGUAGE_NAMES = schema._LANGUAGE_NAMES  # noqa: SLF001  'fr' -> 'French': the schema's, one table


@dataclass
class Memory:
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> English -> translation
    placed: dict[str, dict[str, str]] = field(default_factory=dict)  # language -> unit id -> English

    def lookup(self, language: str, english: str) -> str:
        return self.texts.get(language, {}).get(english.strip(), "")

    def add(self, unit: TextUnit, translation: str) -> None:
        self.texts.setdefault(unit.language, {})[unit.source.strip()] = translation.strip()
        self.placed.setdefault(unit.language, {})[unit.id] = unit.source.strip()

    def changed_since(self, language: str, unit_id: str, english: str) -> str | None:
        """The English a placed translation was made from, when it differs from today's; else None."""
        before = self.placed.get(language, {}).get(unit_id)
        return before if before is not None and before != english.strip() else None

    def as_json(self) -> dict:
        return {"format": FORMAT, "version": 1, "texts": self.texts, "placed": self.placed}


class MemoryError_(ValueError):
    """The memory file cannot be read; the message says which file and why."""


def memory_path(folder: Path) -> Path:
    return Path(folder) / MEMORY_FILE


def load_memory(folder: Path) -> Memory:
    """The memory in the inputs folder; an empty one when there is none. MemoryError_ when it is unreadable."""
    path = memory_path(folder)
    if not path.is_file():
        return Memory()
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise MemoryError_(f"{path} cannot be read as the translation memory ({error}); restore a kept version "
                           f"or remove it.") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MemoryError_(f"{path} is not a translation memory of stc-report (no \"format\": \"{FORMAT}\").")

    def table(name: str) -> dict[str, dict[str, str]]:
        found = data.get(name) if isinstance(data.get(name), dict) else {}
        return {str(lang): {str(k): str(v) for k, v in texts.items()} for lang, texts in found.items()
                if isinstance(texts, dict)}

    return Memory(table("texts"), table("placed"))


def save_memory(folder: Path, memory: Memory) -> Path:
    """Write the memory whole (a partial file renamed into place)."""
    path = memory_path(folder)
    handle, partial = tempfile.mkstemp(prefix=".translation-memory-", suffix=".partial", dir=Path(folder))
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(memory.as_json(), out, indent=1, ensure_ascii=False, sort_keys=True)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------- the memory applied to the inputs read

def _english_key(sheet: schema.Sheet, header: str) -> str:
    return next(c.key for c in sheet.columns if c.header == header)


def _records(inputs: Inputs):
    """(sheet, record, its code as a unit names it, the inputs' field holding it) for each translated record."""
    for name, records, code in (
            ("programmes", inputs.programmes, lambda r: r.id),
            ("themes", inputs.themes, lambda r: f"{r.programme_id} {r.code}"),
            ("activities", inputs.activities, lambda r: f"{r.programme_id} {r.code}"),
            ("log", inputs.log, lambda r: r.id),
            ("meetings", inputs.meetings, lambda r: r.code),
            ("planned_events", inputs.planned_events, lambda r: f"{r.programme_id} {r.item}")):
        for record in records:
            yield name, record, code(record)


_SHEETS = {"programmes": schema.PROGRAMMES, "themes": schema.THEMES, "activities": schema.ACTIVITIES,
           "log": schema.LOG, "meetings": schema.MEETINGS, "planned_events": schema.PLANNED_EVENTS}
_FILES = {sheet.name: w.file for w in schema.WORKBOOKS for sheet in w.sheets}


def apply_memory(inputs: Inputs, memory: Memory) -> tuple[Inputs, list[DataIssue]]:
    """The inputs with every missing translation the memory knows filled in, and a data issue for each
    translation whose English has changed since it was translated (it needs review)."""
    if not memory.texts and not memory.placed:
        return inputs, []
    issues: list[DataIssue] = []
    changed: dict[str, list] = {name: [] for name in _SHEETS}
    for name, record, code in _records(inputs):
        sheet = _SHEETS[name]
        own = dict(record.translations)
        adopted = dict(getattr(record, "adopted_translations", ()))
        for header in translated_columns(sheet):
            key = _english_key(sheet, header)
            english = str(getattr(record, key, "") or "").strip()
            if not english:
                continue
            for language in TRANSLATED_LANGUAGES:
                unit_id = f"{_FILES[sheet.name]}/{sheet.name}/{code}/{header}"
                held = adopted if key == "adopted_title" else own
                wanted = f"title_{language}" if key == "adopted_title" else f"{key}_{language}"
                before = memory.changed_since(language, unit_id, english)
                if before is not None:
                    source = record.source
                    issues.append(DataIssue(
                        source.file, source.sheet, source.row, f"{header} ({language})", held.get(wanted, ""),
                        f"the English '{header}' has changed since it was translated into "
                        f"{LANGUAGE_NAMES[language]}; the translation needs review (export the "
                        f"{LANGUAGE_NAMES[language]} translations again)"))
                if not held.get(wanted) and (found := memory.lookup(language, english)):
                    held[wanted] = found
        updated = record
        if tuple(own.items()) != tuple(record.translations):
            updated = replace(updated, translations=tuple(own.items()))
        if adopted and tuple(adopted.items()) != tuple(getattr(record, "adopted_translations", ())):
            updated = replace(updated, adopted_translations=tuple(adopted.items()))
        changed[name].append(updated)
    return replace(inputs, **{name: tuple(records) for name, records in changed.items()}), issues
