#!/usr/bin/env bash
# Issue #15, point 2: no recursion on input depth. Each hostile input is
# nested far deeper than any C stack holds one frame per level for; the
# run must end (no exit 139), say where, and cost time and memory linear
# in the input (a tree 50,000 folders deep once took 34 s and 2.5 GB).
. "$(dirname "$0")/lib.sh"

# cpu_of CMD...: runs CMD (stdout, stderr to $T/out, $T/err); sets rc
# and secs (CPU seconds, user+sys).
cpu_of() {
	{ TIMEFORMAT='%U %S'; time { "$@" >"$T/out" 2>"$T/err"; echo $? >"$T/rc"; }; } 2>"$T/time"
	rc=$(cat "$T/rc")
	secs=$(awk '{ printf "%.2f", $1 + $2 }' "$T/time")
}

# A git tree 50,000 folders deep (a 100 KB path no checkout can hold),
# made by fast-import without a working copy: --ref reads the tree with
# an explicit stack, only 256 levels down, and history diffs stop at the
# 32 levels content may have.
g=$T/deep
mkdir -p "$g/content" && cd "$g" || exit 1
git init -q . && printf '# One?\n\nanswer\n' >content/one.md && git add . &&
	GIT_AUTHOR_DATE=2024-01-01T00:00:00Z GIT_COMMITTER_DATE=2024-01-01T00:00:00Z \
	git -c user.name=t -c user.email=t@e commit -qm one || fail "git"
perl -e '
my $p = "content/" . ("a/" x 50000) . "x.md";
my $data = "# Deep?\n\nx\n";
print "commit refs/heads/deep\ncommitter t <t\@e> 1704067300 +0000\n",
    "data 4\ndeep\nfrom refs/heads/master^0\n",
    "M 100644 inline $p\ndata ", length($data), "\n$data\n";' |
	git fast-import --quiet 2>/dev/null
cd "$T" || exit 1
if git -C "$g" rev-parse -q --verify deep >/dev/null; then
	cpu_of "$HB" check "$g" --ref deep
	expect_true "deep tree: check ends (exit $rc)" test "$rc" -lt 128
	expect_grep "deep tree: said where" "nested deeper than 32 levels" "$T/err"
	untimed || expect_true "deep tree: linear (${secs}s CPU)" \
		awk -v s="$secs" 'BEGIN { exit !(s < 5) }'
	expect_rc 0 "deep tree: build --ref" "$HB" build "$g" --ref deep \
		-o "$T/deep-site" -q
	expect_true "deep tree: its sane file is built" \
		test -f "$T/deep-site/q/one.html"
else
	echo "skipped: git fast-import refused a 100 KB path"
fi

# Templates are user overrides: a chain of 2,000 partials links without
# recursion and fails where it passes 64 levels, at that tag: `check`
# walks the templates without data (schema.c) and finds it as `build`
# does.
h=$T/tmpl
new_handbook "$h"
mkdir -p "$h/templates"
perl -e 'for my $i (0 .. 1999) {
	open(my $f, ">", "$ARGV[0]/templates/_p$i.html") or die;
	print $f $i < 1999 ? "$i {{>_p" . ($i + 1) . "}}\n" : "end\n";
}' "$h"
printf '{{>_p0}}\n' >"$h/templates/_stars.html"
expect_rc 1 "partial chain: check fails" "$HB" check "$h"
expect_grep "partial chain: check says where" \
	"templates/_p[0-9]*.html:1:[0-9]*: error: partials nested more than 64" "$T/err"
expect_rc 1 "partial chain: build fails" "$HB" build "$h" -o "$T/tsite" -q
expect_grep "partial chain: at the tag" \
	"templates/_p[0-9]*.html:1:[0-9]*: error: partials nested more than 64" "$T/err"

# Front matter and config nested 100,000 deep: a diagnostic with a place.
y=$T/yaml
mkdir -p "$y/content"
perl -e 'print "---\ntitle: x?\ntags: ", "[" x 100000, "\n---\n\nbody\n"' >"$y/content/a.md"
perl -e 'print "+++\ntitle = \"x?\"\ntags = ", "[" x 100000, "\n+++\n\nbody\n"' >"$y/content/b.md"
perl -e 'print "---\ntitle: x?\ntags: ", "{a: " x 100000, "\n---\n\nbody\n"' >"$y/content/c.md"
expect_rc 1 "deep front matter: check" "$HB" check "$y"
expect_grep "deep YAML: where" "content/a.md:3:[0-9]*: error: YAML nested too deeply" "$T/err"
expect_grep "deep TOML: where" "content/b.md:3:[0-9]*: error: .*nested more than" "$T/err"
expect_grep "deep YAML map: where" "content/c.md:3:[0-9]*: error: YAML nested" "$T/err"
perl -e 'print "title: T\nx: ", "[" x 100000, "\n"' >"$y/handbook.yml"
expect_rc 2 "deep config: check" "$HB" check "$y"
expect_grep "deep config: where" "handbook.yml:2:[0-9]*: error: YAML nested" "$T/err"

done_tests depth
