#!/bin/sh
# merge.sh DIR: two branches change different questions of one file;
# the merge commit (Dave) changes none by itself.
#   01 Alice  add content/a.md: one, two
#   02 Bob    (branch topic) edit two
#   03 Carol  (main) edit one
#   04 Dave   merge topic into main (--no-ff)
. "$(dirname "$0")/lib.sh"
new_repo "$1"
mkdir content
as 01 "Alice"
cat > content/a.md <<'MD'
# Merges

## What is one?

One is the first answer.

It has a second paragraph.

Filler line one.

Filler line two.

Filler line three.

## What is two?

Two is the second answer.

It has a second paragraph too.
MD
commit "Add one and two"
git checkout -q -b topic
as 02 "Bob"
sed -i 's/It has a second paragraph too./It has a longer second paragraph./' \
	content/a.md
commit "Improve two"
git checkout -q main
as 03 "Carol"
sed -i 's/It has a second paragraph\./It has a better second paragraph./' \
	content/a.md
commit "Improve one"
as 04 "Dave"
git merge -q --no-ff -m "Merge topic" topic
