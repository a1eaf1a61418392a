#!/bin/sh
# basic.sh DIR: a handbook whose questions change one at a time.
#   01 Alice  add content/a.md: goroutine (id), channel
#   02 Bob    add "defer" at the end of the file         tag v1.0
#   03 Carol  append to defer's answer (end of the file)
#   04 Alice  edit goroutine's second paragraph
#   05 Bob    git mv content/a.md content/b.md           tag v2.0 (annotated)
#   06 Carol  retitle goroutine (same id), remove channel,
#             add select at the end                      tag v3.0
# and tag "other" on 01 (not matched by v*).
. "$(dirname "$0")/lib.sh"
new_repo "$1"
mkdir content
as 01 "Alice"
cat > content/a.md <<'MD'
# Basics

## What is a goroutine? {#goroutine}

A lightweight thread managed by the Go runtime.

It starts with a small stack that grows.

## How does a channel block?

An unbuffered send waits for a receiver.
MD
commit "Add basics"
git tag other
as 02 "Bob"
cat >> content/a.md <<'MD'

## Why does defer run last?

Deferred calls run when the function returns.
MD
commit "Add defer"
git tag v1.0
as 03 "Carol"
printf '\nThey run in last-in, first-out order.\n' >> content/a.md
commit "Explain defer order"
as 04 "Alice"
sed -i 's/small stack that grows/small stack that grows and shrinks/' \
	content/a.md
commit "Stacks shrink too"
as 05 "Bob"
git mv content/a.md content/b.md
git commit -q -m "Rename a.md to b.md"
git tag -a -m "Version 2" v2.0
as 06 "Carol"
cat > content/b.md <<'MD'
# Basics

## What is a goroutine, really? {#goroutine}

A lightweight thread managed by the Go runtime.

It starts with a small stack that grows and shrinks.

## Why does defer run last?

Deferred calls run when the function returns.

They run in last-in, first-out order.

## What does select do?

It waits on several channel operations.
MD
commit "Drop channel, add select"
git tag v3.0
