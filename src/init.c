/* Command `init`: writes the embedded skeleton/ into a folder. */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "embedded.h"
#include "str.h"
#include "xalloc.h"

#define PREFIX "skeleton/"

static int
mkdirs(char *path)
{
	char *s;

	for (s = path + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			*s = '/';
			return -1;
		}
		*s = '/';
	}
	return mkdir(path, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

static bool
exists(const char *dir, const char *name)
{
	struct hb_buf p;
	struct stat st;
	bool r;

	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_printf(&p, "%s/%s", dir, name);
	r = stat(hb_buf_str(&p), &st) == 0;
	hb_buf_fini(&p);
	return r;
}

static int
write_file(const char *dir, const struct hb_embedded *e, struct hb_diag *d)
{
	struct hb_buf p;
	struct hb_pos pos = { NULL, 0, 0 };
	char *slash;
	int fd, rc = -1;
	size_t off = 0;

	hb_buf_init(&p, HB_BUF_NOCAP);
	hb_buf_printf(&p, "%s/%s", dir, e->path + strlen(PREFIX));
	pos.path = p.data;
	slash = strrchr(p.data, '/');
	*slash = '\0';
	if (mkdirs(p.data) != 0) {
		hb_diag_error(d, &pos, "cannot create folder: %s",
		    strerror(errno));
		goto done;
	}
	*slash = '/';
	fd = open(p.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		hb_diag_error(d, &pos, errno == EEXIST ? "already exists; "
		    "not overwritten" : "cannot create: %s", strerror(errno));
		goto done;
	}
	while (off < e->len) {
		ssize_t w = write(fd, e->data + off, e->len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			hb_diag_error(d, &pos, "cannot write: %s",
			    strerror(errno));
			close(fd);
			goto done;
		}
		off += (size_t)w;
	}
	rc = close(fd) == 0 ? 0 : -1;
	if (rc == 0)
		printf("  created %s\n", p.data);
done:
	hb_buf_fini(&p);
	return rc;
}

int
hb_init_run(const char *dir, struct hb_diag *d)
{
	struct hb_pos pos = { dir, 0, 0 };
	char *copy;
	size_t i, n = 0;

	if (exists(dir, "handbook.yml") || exists(dir, "content")) {
		hb_diag_error(d, &pos, "already holds a handbook (handbook.yml "
		    "or content/ exists); nothing written");
		hb_diag_note(d, &pos, "run 'handbook init NEW-FOLDER' to start "
		    "another one");
		return -1;
	}
	copy = hb_xstrdup(dir);
	if (mkdirs(copy) != 0) {
		hb_diag_error(d, &pos, "cannot create folder: %s",
		    strerror(errno));
		free(copy);
		return -1;
	}
	free(copy);
	for (i = 0; hb_embedded_files[i].path != NULL; i++) {
		if (!hb_starts_with(hb_embedded_files[i].path, PREFIX))
			continue;
		if (write_file(dir, &hb_embedded_files[i], d) != 0)
			return -1;
		n++;
	}
	printf("a new handbook with %zu files is in %s; next:\n"
	    "  handbook build %s      # then open %s/build/site/index.html\n"
	    "  handbook check %s      # what CI runs on pull requests\n",
	    n, dir, dir, dir, dir);
	return 0;
}
