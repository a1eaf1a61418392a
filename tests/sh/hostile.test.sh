#!/usr/bin/env bash
# Issue #15, points 4, 5, 6 and 9: URLs from config and the command line,
# JSON in pages, ids that would not be files, and the smaller ones. The
# exact diagnostics are pinned in tests/errors/ (config-urls, ids-unsafe).
. "$(dirname "$0")/lib.sh"

h=$T/h
mkdir -p "$h/content"
cd "$h" || exit 1
git init -q . || fail "git init"
printf -- '---\ntitle: "x <!--<script> & </script> \xe2\x80\xa8"\n---\n\nAn answer.\n' \
	>content/swallow.md
printf '# After?\n\nThe page goes on.\n' >content/after.md
git add -A && GIT_AUTHOR_DATE=2024-01-01T00:00:00Z \
	GIT_COMMITTER_DATE=2024-01-01T00:00:00Z \
	git -c user.name='t <b>' -c user.email=t@e commit -qm 'first <i>' ||
	fail "git commit"

# Point 4: base_url goes into the feed and the sitemap, escaped; a
# script URL is refused on the command line and in handbook.yml.
expect_rc 0 "build with a query in base_url" "$HB" build . -o "$T/site" -q \
	--base-url 'https://x.example/a?b=1&c=2'
expect_grep "feed id escaped" '<id>https://x.example/a?b=1&amp;c=2/feed.xml</id>' "$T/site/feed.xml"
expect_grep "feed self link escaped" 'rel="self" href="https://x.example/a?b=1&amp;c=2/feed.xml"' "$T/site/feed.xml"
expect_grep "sitemap escaped" '<loc>https://x.example/a?b=1&amp;c=2/index.html</loc>' "$T/site/sitemap.xml"
for u in 'javascript:alert(1)' 'JavaScript://x/%0aalert(1)' 'data:text/html,x' \
	'https://x"onmouseover=alert(1)' 'https://' '//x.example/' ' https://x.example/'; do
	expect_rc 2 "--base-url '$u' refused" "$HB" build . -o "$T/site2" -q --base-url "$u"
done
for k in base_url edit_url repo_url; do
	printf 'title: T\n%s: "javascript:alert(1)//{path}"\n' "$k" >handbook.yml
	expect_rc 2 "$k: javascript refused" "$HB" check .
	expect_grep "$k: at the value" "handbook.yml:2:[0-9]*: error: $k must be an http" "$T/err"
done
printf 'title: T\nrepo_url: git@github.com:o/r.git\nedit_url: "https://e.example/{path}"\n' >handbook.yml
expect_rc 0 "ssh repo_url and https edit_url accepted" "$HB" check .
rm -f handbook.yml

# Point 5: a title that opens a comment and a script inside the practice
# page's JSON block: every <, > and & is a \u escape there.
expect_true "practice page written" test -f "$T/site/practice.html"
sed -n 's/.*<script type="application\/json" id="practice-data">\(.*\)<\/script>.*/\1/p' \
	"$T/site/practice.html" >"$T/json"
expect_true "JSON block found" test -s "$T/json"
expect_true "no < > & in the JSON block" sh -c "! grep -q '[<>&]' '$T/json'"
expect_grep "title kept as escapes" 'x \\u003c!--\\u003cscript\\u003e \\u0026 \\u003c/script\\u003e' "$T/json"
expect_grep "U+2028 escaped" '\\u2028' "$T/json"
for f in "$T"/site/assets/*.js "$T"/site/assets/search/*.js; do
	[ -f "$f" ] || continue
	case $f in */assets/search/*) ;; *) continue ;; esac
	if grep -q '<!--\|</script' "$f"; then
		fail "search data $f holds raw markup"
	else
		pass
	fi
done

# Point 6: derived page names stay file names (12 long folder names once
# made a section page that could not be written).
d=$h/content
for i in $(seq 1 12); do d=$d/abcdefghijklmnopqrstuvwxyz$i; done
mkdir -p "$d" && printf '# Deep page\n\n## First?\n\nx\n\n## Second?\n\ny\n' \
	>"$d/abcdefghijklmnopqrstuvwxyz-page.md"
expect_rc 0 "long folder names: check" "$HB" check .
expect_rc 0 "long folder names: build" "$HB" build . -o "$T/site3" -q
expect_true "long names capped" sh -c "! find '$T/site3' -name '???????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????????*' | grep -q ."

# Point 9. A file name (or topic) holding a newline and a workflow
# command cannot forge a line of the log, in text or github format.
f=$T/forge
mkdir -p "$f/content"
printf '# Q?\n\n![x](nope.png)\n' >"$f/content/a
::warning file=evil.md,line=1::forged.md"
expect_rc 1 "forged name: check" "$HB" check "$f"
expect_true "forged name: no forged line (text)" sh -c "! grep -q '^::' '$T/err'"
expect_grep "forged name: escaped" 'content/a\\n::warning' "$T/err"
expect_rc 1 "forged name: check --format github" "$HB" check "$f" --format github
expect_true "forged name: one line (github)" test "$(grep -c '^::' "$T/out" "$T/err" | awk -F: '{ s += $NF } END { print s }')" = 1

# Write failures are I/O (exit 3): a file size limit makes writes fail.
w=$T/w
mkdir -p "$w/content" && printf '# Q?\n\nbody\n' >"$w/content/a.md"
( trap '' XFSZ; ulimit -f 2; "$HB" build "$w" -o "$T/wsite" -q ) 2>"$T/err"
rc=$?
expect_true "write failure: exit 3 (got $rc)" test "$rc" = 3
expect_grep "write failure: said" "cannot write" "$T/err"

# A file over the Markdown cap is skipped with a warning; the rest builds.
b=$T/big
mkdir -p "$b/content" && printf '# Small?\n\nok\n' >"$b/content/a.md"
{ printf '# Big?\n\n'; head -c 1100000 /dev/zero | tr '\0' a; } >"$b/content/b.md"
expect_rc 0 "oversized file: build" "$HB" build "$b" -o "$T/bsite" -q
expect_grep "oversized file: warned" "content/b.md: warning: file larger than 1048576 bytes (max_markdown_bytes); skipped" "$T/err"
expect_true "oversized file: the rest is built" test -f "$T/bsite/q/small.html"
expect_rc 1 "oversized file: check fails" "$HB" check "$b"
printf 'max_markdown_bytes: 2000000\n' >"$b/handbook.yml"
expect_rc 0 "oversized file: the cap is configurable" "$HB" check "$b"

# Skipped symbolic links leave no dead link without a warning.
s=$T/sl
mkdir -p "$s/content" "$s/outside"
printf '# Other?\n\nx\n' >"$s/outside/o.md" && printf 'PNG' >"$s/outside/i.png"
ln -s ../outside/o.md "$s/content/linked.md" && ln -s ../outside/i.png "$s/content/i.png"
printf '# Main?\n\nSee [other](linked.md) and ![img](i.png).\n' >"$s/content/a.md"
expect_rc 0 "symlinks: build" "$HB" build "$s" -o "$T/ssite" -q
expect_grep "symlinks: link warned" "content/a.md:3:5: warning: missing link target 'linked.md'" "$T/err"
expect_grep "symlinks: image warned" "content/a.md:3:[0-9]*: warning: missing image 'i.png'" "$T/err"
expect_true "symlinks: no dead link" sh -c "! grep -q 'linked.html' '$T/ssite/q/main.html'"

# Unterminated front matter and weights that do not fit: diagnostics.
m=$T/fm
mkdir -p "$m/content"
printf -- '---\ntitle: Unterminated?\nid: x\n\nbody text\n' >"$m/content/a.md"
printf -- '---\ntitle: W?\nweight: 99999999999999999999999\n---\nbody\n' >"$m/content/b.md"
printf -- '---\ntitle: P?\nsidebar_position: nan\n---\nbody\n' >"$m/content/c.md"
printf -- '---\n\nJust a rule.\n' >"$m/content/d.md"
expect_rc 1 "front matter: check" "$HB" check "$m"
expect_grep "unterminated: where" "content/a.md:1:1: error: front matter opened here is not closed" "$T/err"
expect_grep "weight overflow: where" "content/b.md:3:9: error: 'weight' must be a whole number that fits" "$T/err"
expect_grep "nan position: where" "content/c.md:3:[0-9]*: error: 'sidebar_position' should be a number" "$T/err"
expect_true "a rule at the top is no front matter" sh -c "! grep -q 'content/d.md' '$T/err'"

# Point 9: allow_html keeps raw HTML but not script in its URLs, however
# the scheme is spelled; http(s), relative URLs and data: images stay.
r=$T/raw
mkdir -p "$r/content"
printf 'title: T\nallow_html: true\n' >"$r/handbook.yml"
cat >"$r/content/a.md" <<'MD'
# Raw?

<a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(2)">b</a> <a href="java&#x09;script:alert(3)">c</a>

<iframe src="&#106;avascript:alert(4)"></iframe>
<iframe srcdoc="<script>alert(5)</script>"></iframe>
<form action="vbscript:x"><button formaction=javascript:alert(6)>x</button></form>
<svg><a xlink:href="javascript:alert(7)">s</a></svg>
<object data="data:text/html,<script>alert(8)</script>"></object>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="> <a href="https://ok.example/?a=1">ok</a>
MD
expect_rc 0 "allow_html: build" "$HB" build "$r" -o "$T/raw-site" -q
cat "$T"/raw-site/q/*.html >"$T/raw.html"
expect_true "allow_html: no script URL left" sh -c "! grep -qiE 'javascript|vbscript|&#106;|&#x09;|data:text|alert\(5\)' '$T/raw.html'"
expect_grep "allow_html: script URLs become #" '<iframe src="#">' "$T/raw.html"
expect_grep "allow_html: unquoted too" '<button formaction=#>' "$T/raw.html"
expect_grep "allow_html: srcdoc emptied" '<iframe srcdoc="">' "$T/raw.html"
expect_grep "allow_html: https kept" '<a href="https://ok.example/?a=1">' "$T/raw.html"
expect_grep "allow_html: data image kept" '<img src="data:image/gif;base64,' "$T/raw.html"

done_tests hostile
