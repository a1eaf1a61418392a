/* serve's file watching (issue #7): inotify watches on the handbook's
 * folders, and their events classified as content, templates/theme or
 * config changes (see watch.h). Linux only, like serve. */
#include "watch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "str.h"
#include "xalloc.h"

/* Subfolders deeper than this are not watched (no recursion on input
 * depth beyond it). */
#define MAX_WATCH_DEPTH 32

struct watch {
	int wd;
	char *dir;		/* relative to DIR; "" is DIR itself */
	bool recursive;
};

int
hb_watch_init(struct hb_watcher *s, const char *dir, int dirfd)
{
	memset(s, 0, sizeof(*s));
	s->dir = dir;
	s->dirfd = dirfd;
	hb_diag_init(&s->diag);
	s->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	return s->ino < 0 ? -1 : 0;
}

int
hb_watch_fd(const struct hb_watcher *s)
{
	return s->ino;
}

bool
hb_watch_is_temp_name(const char *name)
{
	return name[0] == '.' || name[0] == '\0' ||
	    hb_ends_with(name, "~") || strcmp(name, "4913") == 0 ||
	    hb_ends_with(name, ".swp") || hb_ends_with(name, ".swx") ||
	    hb_ends_with(name, ".tmp") || hb_ends_with(name, "___jb_tmp___") ||
	    hb_ends_with(name, "___jb_old___");
}

static bool
under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (n == 0)
		return true;
	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

/* Folders never watched: the ones the source listing skips too. */
static bool
skip_dir(const char *rel, const char *name)
{
	return name[0] == '.' || strcmp(name, "node_modules") == 0 ||
	    strcmp(rel, "build") == 0;
}

static void
join(struct hb_buf *b, const char *dir, const char *name)
{
	hb_buf_reset(b);
	if (dir[0] != '\0')
		hb_buf_printf(b, "%s/", dir);
	hb_buf_puts(b, name);
}

static void
watch_add(struct hb_watcher *s, const char *rel, bool recursive, int depth)
{
	const uint32_t mask = IN_CLOSE_WRITE | IN_MODIFY | IN_CREATE |
	    IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF |
	    IN_MOVE_SELF | IN_ONLYDIR;
	struct hb_buf full;
	struct dirent *de;
	DIR *dp;
	size_t i;
	int wd;

	hb_buf_init(&full, HB_BUF_NOCAP);
	if (rel[0] == '\0')
		hb_buf_puts(&full, s->dir);
	else
		hb_buf_printf(&full, "%s/%s", s->dir, rel);
	wd = inotify_add_watch(s->ino, hb_buf_str(&full), mask);
	if (wd < 0) {
		/* A folder that does not exist (yet) is fine: DIR's own
		 * watch sees it appear. Running out of watches is not. */
		if (errno == ENOSPC)
			hb_diag_warning(&s->diag, &(struct hb_pos){ rel, 0, 0 },
			    "cannot watch this folder: too many folders "
			    "(raise fs.inotify.max_user_watches)");
		hb_buf_fini(&full);
		return;
	}
	for (i = 0; i < s->nw && s->w[i].wd != wd; i++)
		;
	if (i == s->nw) {
		s->w = hb_xgrow(s->w, &s->capw, s->nw + 1, sizeof(*s->w));
		s->nw++;
		s->w[i].recursive = false;
	} else {
		/* The same folder again (inotify gives the same wd). */
		free(s->w[i].dir);
	}
	s->w[i].wd = wd;
	s->w[i].dir = hb_xstrdup(rel);
	s->w[i].recursive = s->w[i].recursive || recursive;
	dp = recursive && depth < MAX_WATCH_DEPTH ?
	    opendir(hb_buf_str(&full)) : NULL;
	if (dp != NULL) {
		struct hb_buf sub;

		hb_buf_init(&sub, HB_BUF_NOCAP);
		for (;;) {
			struct stat st;

			de = readdir(dp);
			if (de == NULL)
				break;
			join(&sub, rel, de->d_name);
			if (skip_dir(hb_buf_str(&sub), de->d_name) ||
			    fstatat(s->dirfd, hb_buf_str(&sub), &st,
			    AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode))
				continue;
			watch_add(s, hb_buf_str(&sub), true, depth + 1);
		}
		hb_buf_fini(&sub);
		closedir(dp);
	}
	hb_buf_fini(&full);
}

static void
watches_clear(struct hb_watcher *s)
{
	size_t i;

	for (i = 0; i < s->nw; i++) {
		inotify_rm_watch(s->ino, s->w[i].wd);
		free(s->w[i].dir);
	}
	s->nw = 0;
}

void
hb_watch_setup(struct hb_watcher *s, const char *content, const char *topics)
{
	char *slash, *tdir;

	/* Copies first: the caller may pass the previous ones. */
	content = hb_xstrdup(content);
	topics = hb_xstrdup(topics);
	free(s->content);
	free(s->topics);
	s->content = (char *)content;
	s->topics = (char *)topics;
	watches_clear(s);
	watch_add(s, "", s->content[0] == '\0', 0);
	if (s->content[0] != '\0')
		watch_add(s, s->content, true, 0);
	watch_add(s, "templates", true, 0);
	watch_add(s, "theme", true, 0);
	tdir = hb_xstrdup(s->topics);
	slash = strrchr(tdir, '/');
	if (slash != NULL) {
		*slash = '\0';
		if (!under(tdir, s->content))
			watch_add(s, tdir, false, 0);
	}
	free(tdir);
}

/* Which kind of change an event is, from its path. */
static unsigned
classify(const struct hb_watcher *s, const char *path)
{
	if (strcmp(path, "handbook.yml") == 0 ||
	    strcmp(path, s->topics) == 0)
		return HB_WATCH_CONFIG;
	if (under(path, "templates") || under(path, "theme"))
		return HB_WATCH_SITE;
	if (s->content[0] == '\0' ? !under(path, "build") :
	    under(path, s->content))
		return HB_WATCH_CONTENT;
	return 0;
}

unsigned
hb_watch_read(struct hb_watcher *s, bool *finished)
{
	char buf[16384] __attribute__((aligned(__alignof__(
	    struct inotify_event))));
	struct hb_buf path;
	unsigned what = 0;
	ssize_t n;

	hb_buf_init(&path, HB_BUF_NOCAP);
	for (;;) {
		char *p;

		n = read(s->ino, buf, sizeof(buf));
		if (n <= 0)
			break;	/* EAGAIN: all read */
		for (p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const void *)p;
			size_t i;
			unsigned w;

			p += sizeof(*ev) + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				/* Events were lost: start over. */
				what |= HB_WATCH_CONFIG;
				continue;
			}
			for (i = 0; i < s->nw && s->w[i].wd != ev->wd; i++)
				;
			if (i == s->nw)
				continue;
			if (ev->mask & IN_IGNORED) {
				free(s->w[i].dir);
				s->w[i] = s->w[--s->nw];
				continue;
			}
			if (ev->len == 0 || hb_watch_is_temp_name(ev->name))
				continue;
			join(&path, s->w[i].dir, ev->name);
			w = classify(s, hb_buf_str(&path));
			if (w == 0)
				continue;
			/* A new folder: watch it and what is in it. */
			if ((ev->mask & IN_ISDIR) &&
			    (ev->mask & (IN_CREATE | IN_MOVED_TO)) &&
			    !skip_dir(hb_buf_str(&path), ev->name))
				watch_add(s, hb_buf_str(&path), true, 0);
			what |= w;
			*finished = (ev->mask & (IN_MODIFY | IN_CREATE)) == 0;
		}
	}
	hb_buf_fini(&path);
	return what;
}

void
hb_watch_fini(struct hb_watcher *s)
{
	watches_clear(s);
	free(s->w);
	if (s->ino >= 0)
		close(s->ino);
	free(s->content);
	free(s->topics);
	hb_diag_fini(&s->diag);
	memset(s, 0, sizeof(*s));
	s->ino = -1;
}
