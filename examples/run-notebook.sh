#!/usr/bin/env bash
# Executes examples/read-results.ipynb in place, so the outputs stored in it come from a real run.
#
#   examples/run-notebook.sh                      # reads results/demo; runs the demo sweep first if it is missing
#   TMS_RESULTS=/some/dir examples/run-notebook.sh
#
# The Python packages are pinned below and installed once into a virtual environment under
# ${TMS_PY_VENV:-~/.cache/tms-sweep/py} (reinstalled when the pins change). Needs Python 3.11+
# (PYTHON=... picks the interpreter). The notebook compares a query with `tms query`, through the
# launcher in deploy/bin (it builds on first use unless TMS_NO_BUILD=1, as always).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="${TMS_PY_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/tms-sweep/py}"
PINS=(
  nbconvert==7.17.1 nbclient==0.11.0 ipykernel==7.4.0
  numpy==2.4.6 pandas==3.0.6 pyarrow==25.0.1 duckdb==1.5.6 polars==1.44.2 matplotlib==3.11.2
)

if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "run-notebook: needs Python 3.11+ (for pandas 3 and numpy 2.4); set PYTHON=/path/to/python3.11" >&2
  exit 2
fi
if [[ ! -x "$VENV/bin/python" || "$(cat "$VENV/.pins" 2>/dev/null)" != "${PINS[*]}" ]]; then
  echo "run-notebook: installing ${PINS[*]} into $VENV" >&2
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet "${PINS[@]}"
  printf '%s' "${PINS[*]}" > "$VENV/.pins"
fi

RESULTS="${TMS_RESULTS:-$ROOT/results/demo}"
mkdir -p "$(dirname "$RESULTS")"
RESULTS="$(cd "$(dirname "$RESULTS")" && pwd)/$(basename "$RESULTS")"
if [[ ! -d "$RESULTS/models" ]]; then
  "$ROOT/deploy/bin/tms" run "$ROOT/deploy/sweeps/demo.yaml" --out "$RESULTS"
fi

cd "$ROOT/examples"
TMS_RESULTS="$RESULTS" TMS="$ROOT/deploy/bin/tms"\
  "$VENV/bin/jupyter" nbconvert --to notebook --execute --inplace \
  --ExecutePreprocessor.timeout=600 --ExecutePreprocessor.kernel_name=python3 read-results.ipynb
echo "run-notebook: executed examples/read-results.ipynb ($(du -k read-results.ipynb | cut -f1) KB)" >&2
