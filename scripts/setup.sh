#!/usr/bin/env bash
# Set up everything ML Visualized needs, idempotently: Debian/Ubuntu system packages
# (Cairo, Pango, pkg-config, ffmpeg, a TeX Live subset with dvisvgm, fonts) and a project
# virtual environment in .venv with the Python packages. Quick when all is already there.
#
#   bash scripts/setup.sh              # system packages + .venv
#   bash scripts/setup.sh --quiet      # say only what changes
#   bash scripts/setup.sh --narration  # also espeak-ng, for `render chapterN --voice espeak`
#   bash scripts/setup.sh --browser    # also Debian's chromium + chromium-driver and
#                                      # selenium, for the HTML book's browser test
#   bash scripts/setup.sh --cluster    # also Dask's distributed scheduler (the `cluster`
#                                      # extra), for `render all --scheduler ...`
set -euo pipefail
cd "$(dirname "$0")/.."

QUIET=0
BROWSER=0
NARRATION=0
CLUSTER=0
for arg in "$@"; do
  case "$arg" in
    --quiet) QUIET=1 ;;
    --browser) BROWSER=1 ;;
    --narration) NARRATION=1 ;;
    --cluster) CLUSTER=1 ;;
    *) echo "[setup] unknown option $arg (valid: --quiet --narration --browser --cluster)" >&2; exit 2 ;;
  esac
done
say() { echo "[setup] $*" >&2; }
info() { [ "$QUIET" = 1 ] || say "$@"; }

APT_PACKAGES=(
  build-essential python3-dev python3-venv pkg-config
  libcairo2-dev libpango1.0-dev
  ffmpeg
  texlive-latex-base texlive-latex-recommended texlive-latex-extra
  texlive-fonts-recommended texlive-science cm-super-minimal dvisvgm
  fonts-dejavu-core fontconfig
)
# optional: spoken narration (offline speech) and the browser test of the HTML book
[ "$NARRATION" = 1 ] && APT_PACKAGES+=(espeak-ng)
[ "$BROWSER" = 1 ] && APT_PACKAGES+=(chromium chromium-driver)

# -- system packages --------------------------------------------------------------------------
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
else
  say "not a Debian/Ubuntu system: install the equivalents of ${APT_PACKAGES[*]} yourself"
fi
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || { say "need root or sudo to install: ${missing[*]}"; exit 1; }
    SUDO="sudo"
  fi
  say "installing system packages (about a minute): ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  say "system packages installed"
else
  info "system packages: all ${#APT_PACKAGES[@]} present"
fi

# -- python environment -----------------------------------------------------------------------
PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  say "creating the virtual environment .venv"
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    say "python3 -m venv failed; installing python3-venv"
    ${SUDO:-} apt-get install -y -qq --no-install-recommends python3-venv >/dev/null
    "$PY" -m venv .venv
  fi
fi
stamp=.venv/.mlv-installed
want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  say "installing Python packages into .venv (manim, numpy, scipy, click, piper-tts and its voice, pytest)"
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  .venv/bin/python -m pip install -q -e ".[test]"
  echo "$want" > "$stamp"
  say "Python packages installed"
else
  info "Python packages: up to date"
fi
if [ "$BROWSER" = 1 ] && ! .venv/bin/python -c "import selenium" 2>/dev/null; then
  say "installing selenium into .venv (drives the system chromium; downloads no browser)"
  .venv/bin/python -m pip install -q "selenium>=4.10"
fi
if [ "$CLUSTER" = 1 ] && ! .venv/bin/python -c "import distributed" 2>/dev/null; then
  say "installing Dask's distributed scheduler into .venv (the cluster extra)"
  .venv/bin/python -m pip install -q -e ".[test,cluster]"
fi
info "ready: .venv/bin/render --help"
