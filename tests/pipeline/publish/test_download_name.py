"""The name a report's file is downloaded under says what it is: meeting, status date, language, sent or draft."""
from pipeline.publish.download_name import download_name

SYMBOL = "UNEP/CMS/StC38/Doc.3"


def test_the_version_sent_is_named_sent():
    assert download_name(SYMBOL, "2011-08-31", "docx", sent=True, generated_at="2026-12-06T09:31:00") == \
        "UNEP-CMS-StC38-Doc3_2011-08-31_en_sent.docx"


def test_a_draft_carries_when_it_was_made_so_two_drafts_never_share_a_name():
    first = download_name(SYMBOL, "2011-08-31", "pdf", sent=False, generated_at="2026-12-06T09:31:00")
    second = download_name(SYMBOL, "2011-08-31", "pdf", sent=False, generated_at="2026-12-06T09:45:10")
    assert first == "UNEP-CMS-StC38-Doc3_2011-08-31_en_draft-2026-12-06-0931.pdf"
    assert first != second


def test_the_language_is_in_the_name():
    assert download_name(SYMBOL, "2011-08-31", "fr.docx", sent=True) == "UNEP-CMS-StC38-Doc3_2011-08-31_fr_sent.docx"
    assert download_name(SYMBOL, "2011-08-31", "es.xlsx", sent=False, generated_at="2026-12-06T09:31:00") == \
        "UNEP-CMS-StC38-Doc3_2011-08-31_es_draft-2026-12-06-0931.xlsx"


def test_a_misleading_status_date_is_named():
    name = download_name(SYMBOL, "2027-03-31", "docx", sent=False, generated_at="2026-12-06T09:31:00",
                         misleading=True)
    assert name == "UNEP-CMS-StC38-Doc3_2027-03-31_en_draft-misleading-date-2026-12-06-0931.docx"


def test_a_name_is_always_a_plain_file_name_whatever_the_manifest_says():
    name = download_name("../../etc/pass wd", "not a date/..", "docx", sent=False, generated_at="garbage")
    assert "/" not in name and "\\" not in name and not name.startswith(".")
    assert name.endswith("_en_draft.docx")
