#!/usr/bin/env bash
# Makes sure `python3 -m openapi_spec_validator` runs: the validator the
# OpenAPI test holds /openapi.json against (openapi-spec-validator, the
# validator client generators use). Installs it from PyPI, pinned, when
# missing; idempotent.
set -euo pipefail
VERSION=0.9.0

if python3 -c "import openapi_spec_validator" 2>/dev/null; then
    exit 0
fi
echo "ensure-openapi-validator: installing openapi-spec-validator $VERSION from PyPI" >&2
python3 -m pip install --quiet --disable-pip-version-check "openapi-spec-validator==$VERSION"
python3 -c "import openapi_spec_validator"
