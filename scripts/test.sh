#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then run the whole test suite on both cores,
# smoke renders included. Extra arguments go to pytest (e.g. -m "not render").
# The tests of narration and of the HTML book in a real browser need espeak-ng and
# Debian's chromium, the cluster tests Dask: set-up installs them here (and only here).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet --narration --browser --cluster
exec .venv/bin/python -m pytest -n "${MLV_TEST_WORKERS:-auto}" "$@"
