/* fsx.h - paths, file reading and writing, and the atomic output swap.
 *
 * Layer: write (includes base/ only). */
#ifndef FOLIO_FSX_H
#define FOLIO_FSX_H

#include <stdbool.h>
#include <stddef.h>

struct diags;

/* "a" + "/" + "b" (no doubled slash); malloc'd. */
char *path_join(const char *a, const char *b);
/* The folder part of a '/'-separated relative path ("a/b.md" -> "a", "b.md" -> ""); malloc'd. */
char *path_dir(const char *path);

/* Resolve `rel` (a '/'-separated relative path, already percent-decoded)
 * against folder `dir` inside the source tree and collapse "." and "..".
 * Returns a malloc'd normalised path, or NULL if it is absolute or climbs
 * out of the tree. */
char *path_resolve(const char *dir, const char *rel);

/* The name a book file at `path` (relative to SOURCE) gets in the site and
 * the EPUB: "media/" + path, every byte outside [A-Za-z0-9._/-] written as
 * _XX, so names are plain ASCII without spaces (epubcheck PKG-010/012).
 * A segment that would pass 255 bytes (NAME_MAX), or a name that would
 * pass 1,000, is shortened: a readable prefix, "~", the FNV-1a 64 hash of
 * `path` in hex, the extension; the same path always gets the same name.
 * malloc'd. */
char *asset_out_name(const char *path);

/* Is `name` (an output file's path relative to the site or the EPUB's
 * folder, '/'-separated) too long to be written?  True when a segment
 * passes 255 bytes (NAME_MAX), or the whole passes 1,000 (so OUT and the
 * temporary folder still fit in PATH_MAX).  *why says which (static
 * text).  asset_out_name's names never are; pages' names must be checked
 * where they are made, so the error names the chapter, not a temporary
 * path. */
bool out_name_too_long(const char *name, const char **why);

/* Read a whole regular file; *data is NUL-terminated and malloc'd.
 * Nothing that is not a regular file (after following symbolic links) is
 * ever opened for reading, so a FIFO cannot block and /dev/zero cannot
 * fill memory.  Returns 0 or -1 with errno set (no diagnostic): EINVAL for
 * "not a regular file", EFBIG for a file larger than `max` bytes
 * (read_file: no cap); read_error() turns it into words. */
int read_file(const char *path, char **data, size_t *len);
int read_file_max(const char *path, size_t max, char **data, size_t *len);

/* The cap for the small files folio reads whole besides chapters:
 * book.yaml, ui.yaml and a theme's i18n files, templates, epub.css.  Real
 * ones are a few KB; a bigger one is an error ("too large"), not memory
 * filled (a 2 GB ui.yaml, a template linked to /dev/zero). */
#define SMALL_FILE_MAX ((size_t)4 << 20)

/* What `path` really is, for messages (static text): "a regular file",
 * "a folder", "a FIFO", "a device", "a socket", "a symbolic link loop",
 * "a symbolic link to nothing", "missing", "unreadable". */
const char *file_kind(const char *path);
/* The words for errno `err` after read_file* / copy_file failed on
 * `path`: "not a regular file (a FIFO)", "too large", or strerror(err)
 * (static text). */
const char *read_error(const char *path, int err);

/* Write `len` bytes to `path` as a new file, creating the folders above it
 * when missing; every write and close is checked.  A file already at
 * `path` is replaced (removed, then made anew), never written into: it may
 * be a hard link to a file of the previous output.  Returns 0, or -1
 * after a diagnostic naming the path. */
int write_file(struct diags *d, const char *path, const void *data, size_t len);
/* write_file for a file made of n pieces (piece[k], len[k] bytes), written
 * one after the other without joining them first; when `prev` (may be
 * NULL) is a regular file holding exactly these bytes, `path` becomes a
 * hard link to it instead: a rebuild pays no new inode and no data block
 * for a file that did not change.  Safe because nothing ever writes into
 * an existing file (write_file and copy_file replace). */
int write_pieces_reusing(struct diags *d, const char *path, const char *const *piece, const size_t *len, size_t n,
			 const char *prev);
/* Copy a regular file (refused otherwise, like read_file) by streaming
 * (copy_file_range, else 64 KB at a time), never holding it whole, into a
 * new file at `to` (replaced as by write_file).  Returns 0, or -1 after a
 * diagnostic naming the file that failed. */
int copy_file(struct diags *d, const char *from, const char *to);
/* copy_file, or a hard link to `prev` (may be NULL) when it holds the same
 * bytes as `from`. */
int copy_file_reusing(struct diags *d, const char *from, const char *to, const char *prev);
/* Updating a published folder in place (folio serve's rebuilds): `path`
 * may hold the previous build's file.  When it holds exactly the new bytes
 * nothing is written (*changed false); else the new version is written
 * beside it under a hidden name (".folio-new.NAME") and renamed over it,
 * so a reader sees the old file or the new one, never neither.  Return 0,
 * or -1 after a diagnostic. */
int update_file(struct diags *d, const char *path, const void *data, size_t len, bool *changed);
int update_pieces(struct diags *d, const char *path, const char *const *piece, const size_t *len, size_t n,
		  bool *changed);
/* The same for a copy of the regular file `from` at `to`. */
int update_copy(struct diags *d, const char *from, const char *to, bool *changed);
/* Rename the finished file `tmp` over `path` (tmp removed when that fails). */
int update_rename(struct diags *d, const char *tmp, const char *path);
/* Does the regular file `path` (not followed if a symbolic link) hold
 * exactly the n pieces, one after the other? */
bool file_holds_pieces(const char *path, const char *const *piece, const size_t *len, size_t n);
/* Are two regular files (not followed if symbolic links) byte for byte the
 * same?  Streams both. */
bool files_same(const char *a, const char *b);
/* Create `dir` and the folders above it ("" is an error). */
int mkdir_p(struct diags *d, const char *dir);
/* Remove a tree (like rm -rf); symlinks are removed, never followed. */
int remove_tree(const char *path);

bool is_regular_file(const char *path);
bool is_directory(const char *path);
/* Does `path` (after following every symbolic link) lie inside folder
 * `root`?  False when either cannot be resolved. */
bool path_is_inside(const char *root, const char *path);

/* The absolute, symlink-free form of `path`, which need not exist: the
 * deepest existing ancestor goes through realpath(), the rest is appended
 * with "." and ".." collapsed.  malloc'd; NULL when nothing of it resolves. */
char *path_real_lenient(const char *path);

/* Would writing the outputs into `out` (out/site/, out/<epub_name>, the
 * temporary out/.folio-tmp-*) delete or replace anything of the book in
 * `source`?  True when the source folder is `out` itself, or lies inside
 * one of the paths a build replaces.  `epub_name` may be NULL (not known
 * yet).  On true, *why says what overlaps (static text). */
bool out_overlaps_source(const char *source, const char *out, const char *epub_name, const char **why);

/* The output transaction (out_begin, out_commit, out_abort) is in
 * write/out.h. */

#endif
