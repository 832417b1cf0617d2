#!/usr/bin/env bash
# One entry point for a fresh Debian/Ubuntu machine. Idempotent: every step checks
# before it acts, so running it twice costs seconds.
#
#   ./dev.sh run    set up, then run the main job (digitize the bundled samples)
#   ./dev.sh test   set up, then ruff (lint and format), mypy and the whole test suite
#   ./dev.sh setup  only the set-up
#
# Sourced (``source ./dev.sh``) it only defines its functions and runs nothing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
ROOT=$PWD
VENV="$ROOT/.venv"

# System packages the project calls at run time or in its tests.
APT_PACKAGES=(
  tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet   # OCR
  poppler-utils                                               # pdftoppm, pdftotext, pdfsig
  fonts-liberation fonts-texgyre fonts-dejavu-core            # Times-metric fonts with Vietnamese
  fonts-liberation2                                           # Liberation 2.x: 1.07 lacks Vietnamese glyphs
  softhsm2                                                    # PKCS#11 token for tests
  libnss3-tools                                               # certutil: trust store for pdfsig in tests
  python3-venv
)

# Bold only on a terminal, and never with NO_COLOR set (https://no-color.org): CI logs
# and pipes get plain text.
if [ -t 2 ] && [ -z "${NO_COLOR:-}" ]; then
  log() { printf '\033[1m[dev]\033[0m %s\n' "$*" >&2; }
else
  log() { printf '[dev] %s\n' "$*" >&2; }
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # A PostgreSQL server binary for the throwaway test cluster, unless one is installed.
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then missing+=(postgresql); fi
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing system packages: ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_python() {
  local py=${PYTHON:-python3}
  if [ ! -x "$VENV/bin/python" ]; then
    log "creating $VENV"
    "$py" -m venv "$VENV"
  fi
  # Reinstall only when the dependency list changed.
  local stamp="$VENV/.sohoa-installed" want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    log "installing sohoa and its Python dependencies into .venv"
    if ! { "$VENV/bin/pip" install -q --upgrade pip && "$VENV/bin/pip" install -q -e ".[dev]"; } \
        >"$VENV/pip.log" 2>&1; then
      tail -n 30 "$VENV/pip.log" >&2
      log "pip install failed; the whole log is $VENV/pip.log"
      exit 1
    fi
    echo "$want" >"$stamp"
  fi
}

setup() {
  install_system_packages
  install_python
}

main() {
  local cmd=${1:-run}
  shift || true
  case "$cmd" in
    setup)
      setup
      ;;
    run)
      setup
      exec "$VENV/bin/python" -m api.demo "$@"
      ;;
    test)
      setup
      export PATH="$VENV/bin:$PATH"
      log "ruff"
      ruff check .
      ruff format --check .
      log "mypy"
      mypy
      log "pytest"
      set +e
      pytest "$@"
      rc=$?
      set -e
      # pytest exits 5 when nothing was collected: that is a failure here, not a pass.
      exit $rc
      ;;
    *)
      echo "usage: ./dev.sh [run|test|setup]" >&2
      exit 2
      ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
