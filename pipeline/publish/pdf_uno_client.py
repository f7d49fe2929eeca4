"""One PDF from a LibreOffice kept warm (pipeline/publish/pdf_warm.py), over its UNO socket.

    <python with uno> pdf_uno_client.py <port> <docx> <pdf>

Run by a Python that can `import uno` (Debian's python3-uno is for /usr/bin/python3, not the
project's virtual environment), under the run's guard (pdf_guard.py), so that a run killed
mid-conversion kills this client and the warm LibreOffice with it. It loads the .docx hidden,
stores it with Writer's PDF export (the filter `soffice --convert-to pdf` uses, with its default
options) and closes the document, so the warm LibreOffice keeps nothing of one run for the next.
Exit 0: written; UNAVAILABLE (75): no warm LibreOffice to talk to (the caller converts cold);
anything else: the conversion failed. Standard library and uno only.
"""
from __future__ import annotations

import os
import sys
import time
from pathlib import Path

UNAVAILABLE = 75


def _connect(port: int):
    import uno

    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    url = f"uno:socket,host=127.0.0.1,port={port};urp;StarOffice.ComponentContext"
    for attempt in range(3):
        try:
            return resolver.resolve(url)
        except Exception:  # NoConnectException: not (or no longer) listening
            if attempt == 2:
                raise
            time.sleep(0.2)


def _property(name: str, value):
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def main(argv: list[str]) -> int:
    port, docx, pdf = int(argv[0]), Path(argv[1]).resolve(), Path(argv[2]).resolve()
    try:
        import uno
        context = _connect(port)
        desktop = context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    except Exception as error:
        print(f"no warm LibreOffice on port {port}: {error}", file=sys.stderr)
        return UNAVAILABLE
    document = desktop.loadComponentFromURL(uno.systemPathToFileUrl(str(docx)), "_blank", 0,
                                            (_property("Hidden", True), _property("ReadOnly", True)))
    if document is None:
        print(f"{docx}: LibreOffice could not open it", file=sys.stderr)
        return 1
    try:
        document.storeToURL(uno.systemPathToFileUrl(str(pdf)), (_property("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)
    return 0


if __name__ == "__main__":
    code = main(sys.argv[1:])
    sys.stdout.flush()
    sys.stderr.flush()
    # Not sys.exit: Python's own teardown with the UNO bridge still loaded crashes now and then
    # (SIGSEGV, exit code 245 through the guard: about 1 conversion in 75 in benchmark/warm_soak.py),
    # which made the run convert again cold after the PDF was already written.
    os._exit(code)
