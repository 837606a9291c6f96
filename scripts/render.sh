#!/usr/bin/env bash
# Set everything up (scripts/setup.sh), then render: `bash scripts/render.sh chapter1`.
# With no arguments it renders the whole book. Any `render` arguments work.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --quiet
[ $# -eq 0 ] && set -- all
exec .venv/bin/render "$@"
