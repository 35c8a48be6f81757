#!/usr/bin/env bash
# Open, or update, the one issue that lists dead source links: called by .github/workflows/link-check.yml
# with the Markdown summary written by `scripts/check-links.py --summary FILE`. Needs the GitHub CLI (gh)
# with GH_TOKEN and GH_REPO set. The issue is found by its label; it is updated in place, never duplicated.
set -euo pipefail
summary="$1"
title="Dead source links (weekly link check)"
label="link-check"
if ! command -v gh >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gh >/dev/null
fi
gh label create "$label" --description "Found by the weekly source link check" --color d93f0b --force >/dev/null
number="$(gh issue list --state open --label "$label" --limit 1 --json number --jq '.[0].number // empty')"
if grep -q "^No dead or unreachable source links" "$summary"; then
  if [ -n "$number" ]; then
    gh issue comment "$number" --body-file "$summary"
    gh issue close "$number" --reason completed
  fi
  echo "no dead links"
elif [ -n "$number" ]; then
  gh issue edit "$number" --body-file "$summary"
  echo "updated issue #$number"
else
  gh issue create --title "$title" --label "$label" --body-file "$summary"
fi
