"""The `stc-report` command line: run a report, check the inputs, write blank inputs, start the staff page."""
