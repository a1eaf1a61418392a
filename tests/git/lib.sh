# Sourced by the fixture scripts (tests/unit/test_git.c runs them): git
# with no user or system configuration, fixed identities and dates.
set -eu
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export LC_ALL=C TZ=UTC

# as DAY NAME: the next commit is NAME's, dated 2024-01-DAY 00:00 UTC.
as() {
	GIT_AUTHOR_NAME=$2
	GIT_AUTHOR_EMAIL=$(printf '%s' "$2" | tr 'A-Z ' 'a-z.')@example.com
	GIT_COMMITTER_NAME=$2
	GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
	GIT_AUTHOR_DATE="2024-01-$1 00:00:00 +0000"
	GIT_COMMITTER_DATE=$GIT_AUTHOR_DATE
	export GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME \
		GIT_COMMITTER_EMAIL GIT_AUTHOR_DATE GIT_COMMITTER_DATE
}

# commit MESSAGE: commits everything in the work tree.
commit() {
	git add -A
	git commit -q -m "$1"
}

# new_repo DIR: an empty repository on branch main; cd into it.
new_repo() {
	mkdir -p "$1"
	cd "$1"
	git init -q -b main .
}
