#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then run the whole test suite on both cores,
# smoke renders included. Extra arguments go to pytest (e.g. -m "not render").
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
exec .venv/bin/python -m pytest -n "${MLV_TEST_WORKERS:-auto}" "$@"
