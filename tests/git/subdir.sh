#!/bin/sh
# subdir.sh DIR: the handbook lives in DIR/docs/hb of the repository.
#   01 Alice  add docs/hb/content/x.md and README.md at the top
#   02 Bob    edit the answer (end of file)              tag v1.0
. "$(dirname "$0")/lib.sh"
new_repo "$1"
mkdir -p docs/hb/content
as 01 "Alice"
printf '# Top\n' > README.md
cat > docs/hb/content/x.md <<'MD'
---
title: What is a slice header?
---

A pointer, a length and a capacity.
MD
commit "Add slices"
as 02 "Bob"
printf '\nAppending may reallocate.\n' >> docs/hb/content/x.md
commit "Mention append"
git tag v1.0
