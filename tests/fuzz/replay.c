/* Replay program: runs a fuzz target (linked with this file instead of
 * libFuzzer) over files and folders given on the command line, one
 * input per file, so crashes found by `make fuzz` and the committed
 * seed corpus run in `make test` with any compiler. Prints
 * "<name>: N passed, 0 failed"; a crash or sanitizer report ends it. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t nrun;

static int
run_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	size_t n = 0, cap = 0, got;

	if (fp == NULL) {
		perror(path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (buf == NULL)
				abort();
		}
		got = fread(buf + n, 1, cap - n, fp);
		n += got;
	} while (got > 0);
	fclose(fp);
	/* A copy of exactly n bytes, so ASan sees reads past the end. */
	{
		unsigned char *exact = malloc(n ? n : 1);

		if (exact == NULL)
			abort();
		memcpy(exact, buf, n);
		free(buf);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	nrun++;
	return 0;
}

static int
cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
run_path(const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (stat(path, &st) != 0) {
		perror(path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(path);
	dir = opendir(path);
	if (dir == NULL) {
		perror(path);
		return -1;
	}
	while ((e = readdir(dir)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (names == NULL)
			abort();
		names[n] = malloc(strlen(path) + strlen(e->d_name) + 2);
		if (names[n] == NULL)
			abort();
		sprintf(names[n], "%s/%s", path, e->d_name);
		n++;
	}
	closedir(dir);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp);
	for (i = 0; i < n; i++) {
		if (run_path(names[i]) != 0)
			rc = -1;
		free(names[i]);
	}
	free(names);
	return rc;
}

int
main(int argc, char **argv)
{
	const char *name = strrchr(argv[0], '/');
	int i, rc = 0;

	name = name ? name + 1 : argv[0];
	for (i = 1; i < argc; i++)
		if (run_path(argv[i]) != 0)
			rc = 1;
	printf("%s: %zu passed, %d failed\n", name, nrun, rc);
	return rc;
}
