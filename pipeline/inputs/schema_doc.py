"""The input format as Markdown, from the schema: the README's section is this text,
and a test keeps the two the same."""
from __future__ import annotations

from pipeline import markdown
from pipeline.inputs.schema import WORKBOOKS, Column


def _allowed(column: Column) -> str:
    if column.choices:
        return ", ".join(column.choices)
    return {"int": "whole number", "date": "date", "fuzzydate": "date, month or year",
            "list": "names or codes separated by ;", "bool": "yes, no",
            "outcomes": "code: outcome; ...", "listings": "partner: listing; ..."}.get(column.kind, "text")


def input_format_markdown() -> str:
    lines: list[str] = []
    for workbook in WORKBOOKS:
        lines += [f"### `{workbook.file}`", "", workbook.purpose, ""]
        for sheet in workbook.sheets:
            lines += [f"#### Sheet `{sheet.name}`", "", sheet.purpose, "",
                      markdown.table(["Column", "Required", "Allowed values", "What it holds", "Example"],
                                     ([c.header, "yes" if c.required else "no", _allowed(c), c.described, c.example]
                                      for c in sheet.columns)), ""]
    return "\n".join(lines).rstrip() + "\n"


START = "<!-- input-format:start (generated from pipeline/inputs/schema.py; a test keeps it current) -->"
END = "<!-- input-format:end -->"


def with_input_format(readme: str) -> str:
    """The README text with its input-format section regenerated."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{input_format_markdown()}{END}{tail}"


if __name__ == "__main__":  # python -m pipeline.inputs.schema_doc README.md
    import sys
    from pathlib import Path

    path = Path(sys.argv[1])
    path.write_text(with_input_format(path.read_text("utf-8")), "utf-8")
