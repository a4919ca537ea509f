/* out.h - the output transaction: a build's site and EPUB appear in OUT
 * together, or not at all.
 *
 * Layer: write (includes base/ and write/fsx.h only).  OUT holds:
 *     site/              the website, with the EPUB inside (site/<name>.epub)
 *     <name>.epub        a symbolic link to site/<name>.epub, made once
 *     .folio-lock        flock()ed from out_begin to out_commit/out_abort
 *     .folio-state       what folio wrote (the site folders, the link names)
 *     .folio-tmp-*       a build in progress (the spare renamed, else mkdtemp)
 *     .folio-spare       the last build's private folder, kept for the next (out.c)
 * Because the EPUB lives inside the site, publishing both is one
 * renameat2(RENAME_EXCHANGE) of site/: a reader, a kill or a second build
 * never sees one build's site with another's EPUB.  folio replaces or
 * deletes only what it wrote: an OUT/site or OUT/<name>.epub of someone
 * else is refused before anything is written. */
#ifndef FOLIO_OUT_H
#define FOLIO_OUT_H

#include <stddef.h>

struct diags;
struct out_txn;

/* Start writing into `out` (created if missing) for an EPUB called
 * `epub_name` ("<slug>.epub").  Takes the lock on OUT, waiting for another
 * build of OUT to finish (said once on stderr); removes temporary folders
 * that killed builds left; refuses an OUT/site or OUT/<epub_name> that
 * folio did not write; makes the private folder for the new site.
 * Returns the transaction (the caller ends it with out_commit or
 * out_abort), or NULL after a diagnostic, with OUT as it was. */
struct out_txn *out_begin(struct diags *d, const char *out, const char *epub_name);

/* The folder the new site is written into (it exists, empty); the EPUB
 * goes inside it as <epub_name>.  Borrowed from `t`. */
const char *out_site_dir(const struct out_txn *t);

/* Write the new site's file `name` (relative to out_site_dir) from n
 * pieces, or as a copy of the regular file `from` (streamed).  Every file
 * of the new site goes through these (or out_make_room), from any number
 * of threads at once, each name once: the folder may be the spare, which
 * holds the site the last commit replaced.  A file of it that holds
 * these bytes already stays as it is; anything else there is moved aside
 * (put back should the build fail) and the file written, or hard-linked
 * from the published site when that one holds them (write_pieces_reusing:
 * no new inode for a file that did not change).  Returns 0, or -1 after
 * a diagnostic. */
int out_write_pieces(struct out_txn *t, struct diags *d, const char *name, const char *const *piece,
		     const size_t *len, size_t n);
int out_copy(struct out_txn *t, struct diags *d, const char *from, const char *name);
/* Make room for the file `name` that the caller writes itself (the EPUB),
 * always anew: it is removed should the build fail. */
int out_make_room(struct out_txn *t, struct diags *d, const char *name);

/* Publish the new site (and the EPUB in it) in one step, make the
 * OUT/<epub_name> link if it is not there, remove the links an earlier
 * build made under another title, release the lock and free `t`.
 * Returns 0, or -1 after a diagnostic (OUT as it was when the swap itself
 * failed). */
int out_commit(struct out_txn *t, struct diags *d);

/* Drop everything the build wrote, release the lock and free `t` (NULL is
 * fine).  OUT is left exactly as it was (removed again if out_begin
 * created it). */
void out_abort(struct out_txn *t);

/* folio serve's rebuilds update the published site in place instead
 * (write/fsx.h's update_file: only changed files, each renamed over the
 * old one), under the same lock.  out_update_begin takes the lock and
 * returns the update, whose out_site_dir is OUT/site itself, when OUT/site
 * is folio's and OUT/<epub_name> already is its link; otherwise NULL,
 * nothing changed (a whole build, out_begin, then says what is wrong).
 * out_update_end releases the lock and frees `t` (NULL is fine). */
struct out_txn *out_update_begin(struct diags *d, const char *out, const char *epub_name);
void out_update_end(struct out_txn *t);

#endif
