"""The staff portal: a small web page to start a meeting's report through Dagster and download it.

`stc-report serve` runs it; `stc-report up` runs it beside `dagster dev`. It never imports
the Dagster library (only its GraphQL client, to talk to a running Dagster webserver).
"""
