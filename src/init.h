/* Command `init`: a new handbook from the skeleton/ files compiled into
 * the binary (config, topics, one example of each layout, .gitignore),
 * which builds and passes `check` as it is. */
#ifndef HB_INIT_H
#define HB_INIT_H

struct hb_diag;

/* Creates the handbook in dir (made when missing). Refuses a folder that
 * already has handbook.yml or content/, and never overwrites a file.
 * Returns 0, or -1 after reporting. */
int hb_init_run(const char *dir, struct hb_diag *d);

#endif
