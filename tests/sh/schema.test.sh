# The template schema (src/schema.c) names the keys site.c gives the
# page templates (issue #13): `check` walks templates against it, so a
# key site.c sets and the schema lacks makes `check` reject a working
# template, and a key the schema has and site.c never sets lets `check`
# pass a template that `build` rejects. Compares the two key sets by
# name, then checks a template using keys of every page.
. "$(dirname "$0")/lib.sh"

perl -ne 'while (/map_set\w*\(\s*[\w>.-]+,\s*"([a-z0-9_]+)"/g) { print "$1\n" }' \
	src/site.c | sort -u >"$T/site"
perl -0777 -ne '
	my ($s) = /(#define REVIEW.*?)#define MAX_DEPTH/s or die;
	$s =~ s/\{ "[^"]*",//g;		# page names
	$s =~ s/^#define \w+//mg;	# macro names
	$s =~ s/\/\*.*?\*\///sg;	# comments
	while ($s =~ /"([^"]*)"/g) { print "$_\n" for $1 =~ /[a-z0-9_]+/g }
' src/schema.c | sort -u >"$T/schema"
# Set outside the literal lists: `t` (from i18n.yml) and the asset
# keys, which the schema accepts whatever their name (assets{*}).
printf 't\n' >>"$T/schema"
grep -vx 'search_index' "$T/site" >"$T/site2"
sort -u -o "$T/schema" "$T/schema"
expect_true "every key site.c sets is in the schema" \
	test -z "$(comm -23 "$T/site2" "$T/schema")"
comm -23 "$T/site2" "$T/schema" | sed 's/^/  missing from src\/schema.c: /'
expect_true "every key of the schema is set by site.c" \
	test -z "$(comm -13 "$T/site2" "$T/schema")"
comm -13 "$T/site2" "$T/schema" | sed 's/^/  not set in src\/site.c: /'

# A partial every page reaches may use the keys every page has; a key
# only some pages have is an error for the others, in check as in build.
h=$T/hb
new_handbook "$h"
mkdir -p "$h/templates"
cat >"$h/templates/_crumbs.html" <<'T'
<nav>{{#breadcrumbs}}<a href="{{url}}">{{title}}</a>{{/breadcrumbs}}
{{site.title}} {{page.kind}} {{t.home}} {{#pager}}{{#next}}{{title}}{{/next}}{{/pager}}
{{#versions}}{{name}}{{/versions}} {{^has_versions}}{{root}}{{/has_versions}}</nav>
T
expect_rc 0 "override: check" "$HB" check "$h"
expect_rc 0 "override: build" "$HB" build "$h" -o "$T/site-out" -q
printf '{{site.titel}} {{#question}}{{title}}{{/question}} {{pager.next.url}}\n' \
	>"$h/templates/_crumbs.html"
expect_rc 1 "misspelt key: check fails" "$HB" check "$h"
expect_grep "misspelt key: at its tag" \
	"templates/_crumbs.html:1:1: error: unknown variable 'site.titel'" \
	"$T/err"
expect_grep "a question page's key on every page" \
	"templates/_crumbs.html:1:16: error: unknown variable 'question'" \
	"$T/err"
# pager is null on pages outside the book order: build fails there, and
# check says so without content.
expect_grep "a maybe-null map: not gone through" \
	"templates/_crumbs.html:1:52: error: unknown variable 'pager.next.url'" \
	"$T/err"
expect_grep "a maybe-null map: the note" \
	"note: 'pager' may be null: open a section on it first" "$T/err"
done_tests schema
