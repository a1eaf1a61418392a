#!/usr/bin/env bash
# Issue #15: the output folder. handbook replaces -o as a whole, so it
# refuses any folder that is, contains or lies inside what it reads, and
# any non-empty folder it did not write; builds swap atomically and clean
# up what killed builds left.
. "$(dirname "$0")/lib.sh"

hb=$T/hb
new_handbook "$hb"
(cd "$hb" && git init -q . && git add -A &&
	git -c user.name=t -c user.email=t@e commit -qm init) || fail "git"
cd "$hb" || exit 1
before=$(find . -path ./.git -prune -o -type f -print | sort | md5sum)

# Refused with exit 2, nothing touched.
for o in . "$hb" content content/site .git .git/objects templates/x \
	theme / .. "$T" "$HOME"; do
	expect_rc 2 "refuse -o $o" "$HB" build . -o "$o" -q
	expect_grep "refuse -o $o (message)" "error: refusing" "$T/err"
done
expect_true "sources untouched" test "$before" = \
	"$(find . -path ./.git -prune -o -type f -print | sort | md5sum)"
expect_true ".git untouched" sh -c "git -C '$hb' rev-parse -q --verify HEAD >/dev/null"

# A folder handbook did not write is kept unless --force.
mkdir -p "$T/mine" && echo keep >"$T/mine/notes.txt"
expect_rc 2 "unmarked folder" "$HB" build . -o "$T/mine" -q
expect_grep "unmarked folder (message)" "\-\-force" "$T/err"
expect_true "unmarked folder kept" test -f "$T/mine/notes.txt"
echo x >"$T/file"
expect_rc 2 "a file" "$HB" build . -o "$T/file" -q
expect_rc 0 "--force" "$HB" build . -o "$T/mine" -q --force
expect_true "--force replaced it" test ! -e "$T/mine/notes.txt"
expect_true "site is marked" test -f "$T/mine/.handbook-site"

# New, empty and marked folders are fine; rebuilds replace in place.
expect_rc 0 "new folder" "$HB" build . -o "$T/new/site" -q
mkdir -p "$T/empty"
expect_rc 0 "empty folder" "$HB" build . -o "$T/empty" -q
ino_index=$(stat -c %i "$T/empty/index.html")
expect_rc 0 "rebuild" "$HB" build . -o "$T/empty" -q
expect_true "rebuilt" test -f "$T/empty/index.html"
expect_true "nothing left beside it" test -z \
	"$(ls -d "$T"/empty.* 2>/dev/null)"

# Issue #12: a rebuild links the pages that did not change (same inode
# and mtime: rsync copies only what changed) and writes the others anew.
q=$(cd "$T/empty" && ls q/*.html | head -n 1)
ino_q=$(stat -c %i "$T/empty/$q")
mt=$(stat -c %Y "$T/empty/$q")
expect_rc 0 "rebuild unchanged" "$HB" build . -o "$T/empty" -q
expect_true "unchanged page keeps its inode" \
	test "$(stat -c %i "$T/empty/$q")" = "$ino_q"
expect_true "unchanged page keeps its mtime" \
	test "$(stat -c %Y "$T/empty/$q")" = "$mt"
f=$(find content -name '*.md' | sort | head -n 1)
# The source view of the edited file changes with it.
src="$T/empty/source/${f#content/}.html"
ino_src=$(stat -c %i "$src")
ln "$src" "$T/src-link" && cp "$src" "$T/src-copy"
printf '\n## What changed in this rebuild?\n\nA new question.\n' >>"$f"
expect_rc 0 "rebuild after an edit" "$HB" build . -o "$T/empty" -q
expect_true "a changed page is a new file" \
	test "$(stat -c %i "$src")" != "$ino_src"
expect_true "the old site's files are never written in place" \
	cmp -s "$T/src-link" "$T/src-copy"
expect_true "a page the edit does not touch keeps its inode" \
	test "$(stat -c %i "$T/empty/index.html")" = "$ino_index"
git checkout -q -- content

# The default folder (DIR/build/site) of an older handbook has no mark.
expect_rc 0 "default" "$HB" build . -q
rm -f build/site/.handbook-site
expect_rc 0 "default without mark" "$HB" build . -q

# Leftovers of killed builds: marked ones with a dead PID go, others stay.
mkdir -p "$T/empty.tmp-999999-aaaaaa" "$T/empty.old-999998" \
	"$T/empty.tmp-999997-bbbbbb"
touch "$T/empty.tmp-999999-aaaaaa/.handbook-site" \
	"$T/empty.old-999998/.handbook-site" "$T/empty.tmp-999997-bbbbbb/x"
expect_rc 0 "build after a kill" "$HB" build . -o "$T/empty" -q
expect_true "marked tmp removed" test ! -e "$T/empty.tmp-999999-aaaaaa"
expect_true "marked old removed" test ! -e "$T/empty.old-999998"
expect_true "unmarked kept" test -e "$T/empty.tmp-999997-bbbbbb/x"

# A site written inside a root-content handbook is not read back.
rc=$T/rootcontent
mkdir -p "$rc" && printf '# What is a goroutine?\n\nA light thread.\n' \
	>"$rc/q.md"
expect_rc 0 "root content" "$HB" build "$rc" -o "$rc/site" -q
expect_rc 0 "root content again" "$HB" build "$rc" -o "$rc/site" -q
"$HB" dump "$rc" >"$T/dump.json" 2>/dev/null
expect_true "site not read as content" test \
	"$(grep -c '"layout"' "$T/dump.json")" = 1
"$HB" check "$rc" >/dev/null 2>"$T/err"
expect_grep "check says why" "folder skipped: it holds a site" "$T/err"

done_tests output
