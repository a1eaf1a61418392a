/* serve's file watching (issue #7): which files of the handbook changed.
 * Watches DIR itself (handbook.yml, folders appearing), the content
 * folder, templates/ and theme/ with every subfolder, and the topics
 * file's folder; events are read without blocking and classified. */
#ifndef HB_WATCH_H
#define HB_WATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* What changed (bits), coalesced over the events read. */
enum {
	HB_WATCH_CONTENT = 1 << 0,	/* under the content folder */
	HB_WATCH_SITE = 1 << 1,		/* templates/, theme/: pages only */
	HB_WATCH_CONFIG = 1 << 2	/* handbook.yml, the topics file: all */
};

struct watch;

struct hb_watcher {
	const char *dir;	/* the handbook, borrowed */
	int dirfd;		/* open on dir, borrowed */
	int ino;		/* the inotify descriptor */
	char *content;		/* content folder relative to dir, owned */
	char *topics;		/* topics file relative to dir, owned */
	struct watch *w;
	size_t nw, capw;
	/* Problems (too many folders to watch): the caller prints and
	 * clears them. */
	struct hb_diag diag;
};

/* Opens an inotify instance for dir (dirfd open on it). Returns 0, or
 * -1 with errno set; hb_watch_fini(s) either way. */
int hb_watch_init(struct hb_watcher *s, const char *dir, int dirfd);
void hb_watch_fini(struct hb_watcher *s);
/* The descriptor to poll for events. */
int hb_watch_fd(const struct hb_watcher *s);
/* (Re)places the watches for this content folder and topics file
 * (copied; content "" means DIR itself). */
void hb_watch_setup(struct hb_watcher *s, const char *content,
    const char *topics);
/* Reads the pending events without blocking. Returns the HB_WATCH_*
 * kinds of change; *finished tells whether the last relevant event
 * ended a write. A new folder is watched at once; lost events count as
 * a config change (start over). */
unsigned hb_watch_read(struct hb_watcher *s, bool *finished);

/* True for names editors write while saving and that must not trigger
 * a rebuild: dot-files (.x.swp, .#x), "x~", "4913", "*.swp", "*.swx",
 * "*.tmp" and JetBrains' "___jb_tmp___"/"___jb_old___". */
bool hb_watch_is_temp_name(const char *name);

#endif
