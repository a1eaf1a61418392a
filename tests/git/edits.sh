#!/bin/sh
# edits.sh DIR: edits that look small but may move question boundaries
# or change how a page is read (a label swallowed or freed, a heading
# that gains content, front matter, raw HTML, a comment closed, a setext
# underline, a list ended, a page that stops reading as a list).
# The history test requires the fast path and a full re-parse of every
# version to agree on all of them.
. "$(dirname "$0")/lib.sh"
new_repo "$1"
mkdir content
as 01 "Alice"
cat > content/list.md <<'MD'
# List

1. What is a map?

    * An unordered hash table.
    * Keys must be comparable.

2. Why is iteration order random?

3. What does len return on a nil map?
   Zero, without panicking.
MD
cat > content/heads.md <<'MD'
# Heads

## What is a slice?

A view of an array.

---

## What is an array?

## What is a string?

Immutable bytes.
MD
cat > content/rec.md <<'MD'
# Interview

### Round one

#### 1. What is GMP?

**面试官**: Explain the scheduler.

**候选人回答区域**:
```
M, P and G.
```

**面试官点评**:
```
✅ 优点：
1. Clear.

总体评价：良好 ⭐⭐⭐⭐
```

---

#### 2. What is a channel?

**面试官**: Explain channels.

**候选人回答区域**:
```
A typed pipe.
```
MD
cat > content/single.md <<'MD'
---
title: How do goroutines leak?
---

They block forever.

When nothing reads.
MD
cat > content/html.md <<'MD'
# Html

## What is a div?

<div>
A block.

## What is hidden?

Not much.
MD
# A label swallowed by the line above it: not a record (yet).
cat > content/rec2.md <<'MD'
# Swallowed

#### 1. What is a label?

**面试官**: Explain labels.

Think aloud.
**候选人回答区域**:
```
Bold text and a colon.
```
MD
# An HTML comment left open hides the rest of the page.
cat > content/cmt.md <<'MD'
# Comment

## What is first?

First answer.

<!-- hidden

## What is second?

Second answer.
MD
# Numbered points under a heading that all ask: more questions than
# the headings, so the page reads as a numbered list of questions.
cat > content/flip.md <<'MD'
# Flip

## What is first?

Answer one.

## What is second?

1. What is a?
2. Why is b?
3. How is c?

A closing note.
MD
commit "Add eight files"

edit() { # edit DAY FILE SED-SCRIPT MESSAGE
	as "$1" "Bob"
	sed -i "$3" "content/$2"
	commit "$4"
}
as 02 "Bob"
printf '\nMore about maps.\n' >> content/list.md
commit "Paragraph after the list"
edit 03 list.md '/Keys must be comparable/a\
\
A note between items.' "Paragraph between items"
edit 04 heads.md '/^## What is an array?/a\
\
A fixed-size sequence.' "Content under an empty heading"
edit 05 heads.md 's/Immutable bytes\./Immutable bytes in UTF-8./' \
	"Edit the last answer"
edit 06 rec.md \
	'0,/^\*\*候选人回答区域\*\*/s//Think aloud.\n**候选人回答区域**/' \
	"Plain line before a label"
edit 07 rec.md 's/M, P and G\./M, P and G run goroutines./' \
	"Edit inside a fence"
edit 08 single.md 's/^title: How/id: leak\ntitle: How/' "Front matter id"
as 09 "Carol"
printf '\nOr when channels are never closed.\n' >> content/single.md
commit "Append to a single question"
edit 10 html.md 's/^A block\.$/A block.\n<\/div>/' "Close the div"
edit 11 html.md 's/Not much\./Not much at all./' "Edit after HTML"
edit 12 list.md 's/Zero, without panicking/Zero, never panicking/' \
	"Edit a title's second line"
edit 13 list.md 's/^\(    \* An unordered hash table\.\)$/\1\n/' \
	"Blank line inside an item"
edit 14 heads.md '0,/^---$/s//Setext title\n---/' "A line over a rule"
as 15 "Carol"
printf '\n\n' >> content/heads.md
commit "Trailing blank lines"
edit 16 rec2.md '/^Think aloud\.$/d' "Free the label"
edit 17 cmt.md 's/^<!-- hidden$/<!-- hidden\nstill hidden -->/' \
	"Close the comment"
edit 18 flip.md 's/^3\. How is c?$/3. Plain statement./' \
	"An item that no longer asks"
