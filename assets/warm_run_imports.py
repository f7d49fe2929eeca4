"""What a report run imports, imported once in the process that runs are forked from (assets/code_server.py).

Importing this module has effects on purpose, and only the code server's forkserver imports it: it
loads the code location and the writers that the report's step imports when it runs (python-docx,
openpyxl, the PDF converter), then moves every object loaded so far out of the cyclic garbage
collector's walks (`gc.freeze`), as `stc-report run` does before its run. No run's values exist yet in
that process, so a run forked from it starts with modules only.
"""
import gc

import assets.definitions  # noqa: F401  Dagster, pandas, pandera, the domain, the Definitions
import pipeline.excel.workbook  # noqa: F401  openpyxl
import pipeline.publish.pdf  # noqa: F401
import pipeline.word.document  # noqa: F401  python-docx
import pipeline.word.templates  # noqa: F401

gc.freeze()
