#!/usr/bin/env bash
# Fetch the training sources listed in sources.tsv into SOURCES/<owner>/<name>,
# each at the listed commit, checking out only the listed paths.
#
#   scripts/langid/fetch_sources.sh SOURCES
#
# URL_TEMPLATE (default https://github.com/{repo}.git) can point at mirrors;
# {repo} is owner/name, {owner} and {name} its parts.
set -euo pipefail
set -f  # patterns contain *: no globbing
dest=${1:?usage: fetch_sources.sh SOURCES}
here=$(cd "$(dirname "$0")" && pwd)
default_template='https://github.com/{repo}.git'
template=${URL_TEMPLATE:-$default_template}

# repo<TAB>commit<TAB>space-separated patterns, one line per repository
grep -v '^#' "$here/sources.tsv" | awk -F'\t' '
  { key = $3 "\t" $4; if (!(key in pats)) { order[++n] = key; pats[key] = $6 } else pats[key] = pats[key] " " $6 }
  END { for (i = 1; i <= n; i++) print order[i] "\t" pats[order[i]] }' |
while IFS=$'\t' read -r repo commit patterns; do
  owner=${repo%%/*}; name=${repo#*/}
  url=${template//\{repo\}/$repo}; url=${url//\{owner\}/$owner}; url=${url//\{name\}/$name}
  dir="$dest/$repo"
  echo "== $repo @ $commit" >&2
  if [ ! -d "$dir/.git" ]; then
    mkdir -p "$(dirname "$dir")"
    git clone --quiet --filter=blob:none --no-checkout "$url" "$dir" 2>/dev/null ||
      git clone --quiet --no-checkout "$url" "$dir"
  fi
  git -C "$dir" fetch --quiet origin "$commit" 2>/dev/null || true
  # non-cone sparse checkout: one anchored pattern per listed path ('*' stays in a folder)
  printf '/%s\n' $patterns | sort -u | git -C "$dir" sparse-checkout set --no-cone --stdin
  git -C "$dir" -c advice.detachedHead=false checkout --quiet --detach "$commit"
done
echo "done: now run  python3 scripts/langid/prepare.py $dest OUT" >&2
