/* out.h - the output transaction: a build's site and EPUB appear in OUT
 * together, or not at all.
 *
 * Layer: write (includes base/ and write/fsx.h only).  OUT holds:
 *     site/              the website, with the EPUB inside (site/<name>.epub)
 *     <name>.epub        a symbolic link to site/<name>.epub, made once
 *     .folio-lock        flock()ed from out_begin to out_commit/out_abort
 *     .folio-state       what folio wrote (the site folder, the link names)
 *     .folio-tmp-*       a build in progress (the spare renamed, else mkdtemp)
 *     .folio-spare       the last build's private folder, kept for the next (out.c)
 * Because the EPUB lives inside the site, publishing both is one
 * renameat2(RENAME_EXCHANGE) of site/: a reader, a kill or a second build
 * never sees one build's site with another's EPUB.  folio replaces or
 * deletes only what it wrote: an OUT/site or OUT/<name>.epub of someone
 * else is refused before anything is written. */
#ifndef FOLIO_OUT_H
#define FOLIO_OUT_H

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

/* The published site of the previous build (OUT/site, folio's), or NULL
 * when there is none: the unchanged files of the new site are hard-linked
 * from it (write_file_reusing, copy_file_reusing), which is safe because
 * folio never writes into an existing file and the swap replaces the
 * folder as a whole.  malloc'd. */
char *out_prev_site(const struct out_txn *t);

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
