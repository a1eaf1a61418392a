/* Foundation: `handbook --version`. Consumes each library's runtime
 * version API, produces the report a bug report should quote (as `git
 * version --build-options` does). The one file besides each library's
 * wrapper that includes the library headers: version queries only, no
 * library object is created here. */
#include <cmark-gfm.h>
#include <git2.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <microhttpd.h>
#include <yaml.h>
#ifdef HB_HAVE_CURL
#include <curl/curl.h>
#endif

#include "version.h"

#include <stdint.h>
#include <string.h>

/* Prints "name: runtime", and "(built with X)" when the headers the
 * binary was compiled against name another version: the runtime one is
 * what ran, the other explains a mismatch. */
static void
lib_line(FILE *fp, const char *name, const char *run, const char *built,
    const char *extra)
{
	fprintf(fp, "%s: %s", name, run);
	if (extra != NULL && extra[0] != '\0')
		fprintf(fp, " (%s)", extra);
	if (built != NULL && strcmp(run, built) != 0)
		fprintf(fp, " (built with %s)", built);
	fputc('\n', fp);
}

static void
libgit2_line(FILE *fp)
{
	char run[64], extra[64] = "";
	int major = 0, minor = 0, rev = 0, feat;

	git_libgit2_version(&major, &minor, &rev);
	snprintf(run, sizeof(run), "%d.%d.%d", major, minor, rev);
	feat = git_libgit2_features();
	snprintf(extra, sizeof(extra), "%s%s%s",
	    (feat & GIT_FEATURE_THREADS) ? "threads " : "",
	    (feat & GIT_FEATURE_HTTPS) ? "https " : "",
	    (feat & GIT_FEATURE_SSH) ? "ssh " : "");
	if (extra[0] != '\0')
		extra[strlen(extra) - 1] = '\0';
	lib_line(fp, "libgit2", run, LIBGIT2_VERSION, extra);
}

static void
pcre2_line(FILE *fp)
{
	char run[64] = "unknown", built[32];
	uint32_t jit = 0;

	/* PCRE2_CONFIG_VERSION writes "10.42 2022-12-11"; 64 code units
	 * is far more than any release string. */
	if (pcre2_config(PCRE2_CONFIG_VERSION, NULL) <= (int)sizeof(run))
		pcre2_config(PCRE2_CONFIG_VERSION, run);
	run[strcspn(run, " ")] = '\0';
	snprintf(built, sizeof(built), "%d.%d", PCRE2_MAJOR, PCRE2_MINOR);
	if (pcre2_config(PCRE2_CONFIG_JIT, &jit) != 0)
		jit = 0;
	lib_line(fp, "pcre2", run, built, jit ? "jit" : "no jit");
}

static void
mhd_line(FILE *fp)
{
	char built[32];
	unsigned long v = (unsigned long)MHD_VERSION;

	/* MHD_VERSION is 0xMMmmppbb, each field in BCD-looking hex. */
	snprintf(built, sizeof(built), "%lx.%lx.%lx", (v >> 24) & 0xff,
	    (v >> 16) & 0xff, (v >> 8) & 0xff);
	lib_line(fp, "libmicrohttpd", MHD_get_version(), built, NULL);
}

#ifdef HB_HAVE_CURL
static void
curl_line(FILE *fp)
{
	const curl_version_info_data *ci = curl_version_info(CURLVERSION_NOW);

	lib_line(fp, "libcurl", ci->version, LIBCURL_VERSION,
	    ci->ssl_version);
}
#endif

void
hb_version_print(FILE *fp)
{
	fprintf(fp, "handbook %s\n", HB_VERSION);
	lib_line(fp, "cmark-gfm", cmark_version_string(),
	    CMARK_GFM_VERSION_STRING, NULL);
	libgit2_line(fp);
	pcre2_line(fp);
	lib_line(fp, "libyaml", yaml_get_version_string(), NULL, NULL);
	mhd_line(fp);
#ifdef HB_HAVE_CURL
	curl_line(fp);
#endif
#if defined(__clang__)
	fprintf(fp, "compiler: clang %s\n", __clang_version__);
#elif defined(__GNUC__)
	fprintf(fp, "compiler: gcc %s\n", __VERSION__);
#endif
}
