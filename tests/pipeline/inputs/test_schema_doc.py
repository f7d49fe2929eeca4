"""The README's input format is the schema's, so staff read what the reader checks."""
from pipeline.inputs.schema import WORKBOOKS
from pipeline.inputs.schema_doc import input_format_markdown, with_input_format
from tests.conftest import PROJECT


def test_readme_input_format_is_current():
    readme = (PROJECT / "README.md").read_text("utf-8")
    assert with_input_format(readme) == readme, "run: python -m pipeline.inputs.schema_doc README.md"


def test_every_sheet_and_column_is_documented():
    text = input_format_markdown()
    for workbook in WORKBOOKS:
        for sheet in workbook.sheets:
            assert f"Sheet `{sheet.name}`" in text
            for column in sheet.columns:
                assert f"| {column.header} | {'yes' if column.required else 'no'} |" in text
