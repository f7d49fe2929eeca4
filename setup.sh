#!/usr/bin/env bash
# Set everything up on a fresh machine, then either produce the StC38 report
# from inputs/ (`bash setup.sh report`) or run the tests (`bash setup.sh test`).
set -euo pipefail
cd "$(dirname "$0")"

what="${1:-}"
case "$what" in
  report|test) ;;
  *) echo "usage: bash setup.sh report | bash setup.sh test" >&2; exit 2 ;;
esac

python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "Python 3.11 or newer is needed ($python is $("$python" --version 2>&1))." >&2
  exit 1
fi

# LibreOffice writes the PDF (report) and opens the generated files (tests); the tests
# also drive Chromium against the staff portal and run Dagster on a throwaway PostgreSQL.
if [ "$what" = test ]; then
  system_packages="libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils chromium postgresql"
else
  system_packages="libreoffice-writer-nogui poppler-utils"
fi
missing=""
command -v soffice >/dev/null 2>&1 || missing=1
if [ "$what" = test ]; then
  command -v chromium >/dev/null 2>&1 || missing=1
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing=1
fi
if [ -n "$missing" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq $system_packages >/dev/null
  else
    echo "Note: not root, so $system_packages cannot be installed here: the report has no PDF" \
         "and the tests that need them are skipped." >&2
  fi
fi

[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=""
[ "$what" = test ] && extras="[test]"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".$extras"

if [ "$what" = report ]; then
  export DAGSTER_HOME="${DAGSTER_HOME:-$PWD/.dagster_home}"
  exec .venv/bin/stc-report run --meeting StC38
else
  exec .venv/bin/python -m pytest
fi
