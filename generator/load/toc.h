/* toc.h - the book's hierarchy: its table of contents, reading order and
 * output names.
 *
 * The table of contents comes from a TOC file when the book has one
 * (SUMMARY.md, in the format mdBook and GitBook/HonKit share), else from
 * the folder tree (a folder's index page is the parent of its other pages;
 * order: front matter order:/weight:/sidebar_position:/nav_order:, then a
 * natural sort of names, a folder's page first).
 *
 * Layer: load (includes base/, model/, write/fsx.h). */
#ifndef FOLIO_TOC_H
#define FOLIO_TOC_H

#include "model/book.h"

/* A folder's page: index.md, _index.md or README.md (in that order of
 * precedence when a folder has more than one).  Returns the rank (1-3),
 * or 0 for another name.  `base` is the file name without folders. */
int toc_index_rank(const char *base);

/* SUMMARY.md, read: the lines of its table of contents (b->toc, every
 * TOC_PAGE line's ch still NULL) and, for each line, the listed file's path
 * from SOURCE (NULL for lines without one), in *paths (b->ntoc entries).
 * Errors at their line and column.  Returns 0 or -1. */
int toc_read_summary(struct book *b, const char *file, char ***paths);

/* book.yaml's toc: (the list `toc`), read into the same lines as
 * SUMMARY.md gives: each entry a file name ("intro.md"), a mapping
 * {file: (or path:), title:, children: (or sections:)}, MkDocs' form
 * {Title: file.md} or {Title: [entries]}, a part {part: (or caption:)
 * Title, chapters: [entries]} at the top, or "---"; an entry with a title
 * and children but no file is a heading.  Paths are from SOURCE.  Errors
 * at the entry.  Returns 0 or -1. */
int toc_read_yaml(struct book *b, const struct ynode *toc, char ***paths);

/* With every chapter loaded (`all`, sorted by path; home and 404 page
 * excluded): set each TOC_PAGE line's chapter (SUMMARY.md) or make the
 * lines from the folder tree (no TOC file, b->ntoc == 0 and paths NULL),
 * then the reading order (b->chapters), parents, numbers and output
 * names. */
void toc_build(struct book *b, struct chapter **all, size_t nall, char **paths);

/* The page's output path from the site root (chapter->site_name): the
 * source path with .html for .md ("causes/strain.html"), a folder's page
 * as its folder's index.html, `slug:` renaming the last name (for a
 * folder's page, its folder's); a folder name that is not a plain file
 * name is made one.  malloc'd. */
char *toc_site_name(const struct book *b, const struct chapter *ch);

/* Compare file or folder names the way people count: "2-x" before "10-x". */
int toc_natural_cmp(const char *a, const char *b);

#endif
