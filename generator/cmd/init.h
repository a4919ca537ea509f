/* init.h - `folio init DIR`: start a new book.
 *
 * Layer: cmd (includes every stage: the programs built on them). */
#ifndef FOLIO_INIT_H
#define FOLIO_INIT_H

/* Write a small book that builds into DIR (missing or empty).  Returns the
 * exit status: 0, 1 (DIR not empty, cannot write) or 2 (bad language). */
int init_run(const char *dir, const char *title, const char *language);

#endif
