# Shared by scripts/run and scripts/test: create .venv and install the project into it,
# again only when pyproject.toml (or the requested extras) changed.
# Usage: ensure_venv EXTRAS   e.g. ensure_venv "deploy" or ensure_venv "test"
ensure_venv() {
  local extras="$1"
  local python="${PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    echo "==> Creating virtualenv in .venv"
    "$python" -m venv .venv
  fi
  local stamp=".venv/.installed-${extras}"
  local wanted
  wanted="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
    echo "==> Installing Techniekbieb with extras [${extras}]"
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -e ".[${extras}]"
    echo "$wanted" > "$stamp"
  fi
}
