/* template.h - folio's Mustache engine.
 *
 * Follows the Mustache spec (github.com/mustache/spec): interpolation,
 * sections, inverted sections, comments, partials, set delimiters and
 * inheritance (parents and blocks); no lambdas.  Templates are compiled
 * once into an op list and rendered many times.  Rendering only reads the
 * compiled templates and the context, so one tpl_set may serve any number
 * of threads at once, as long as nobody adds to it meanwhile.
 *
 * Context values (struct tval) form a tree: each list or map owns its
 * members.  Falsy in a section: null, false, an empty list, a missing key;
 * everything else (empty string included, as in the spec) is truthy.
 * Interpolating a string writes it, true/false write "true"/"false", null,
 * lists and maps write nothing.
 *
 * Layer: site (includes base/, model/, render/, write/). */
#ifndef FOLIO_TEMPLATE_H
#define FOLIO_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

struct diags;

/* ---- context values ---------------------------------------------------- */

struct tval;

/* Each constructor returns a new value the caller owns (tv_free it, or
 * hand it to tv_push/tv_set). */
struct tval *tv_null(void);
struct tval *tv_bool(bool b);
/* Copies s; a NULL s gives a null value. */
struct tval *tv_str(const char *s);
/* Copies n bytes of s (which may hold NULs). */
struct tval *tv_strn(const char *s, size_t n);
/* Takes ownership of the malloc'd string s. */
struct tval *tv_str_own(char *s);
/* Borrows s (not copied, never freed): it must outlive the value. */
struct tval *tv_str_ref(const char *s);
/* A value that stands for `target` wherever it is looked up or iterated;
 * borrowed: target must outlive it, and freeing it leaves target alone.
 * For parts of a context that every page shares, made once. */
struct tval *tv_ref(const struct tval *target);
struct tval *tv_list(void);
struct tval *tv_map(void);

/* Append v to list; takes ownership of v. */
void tv_push(struct tval *list, struct tval *v);
/* Set map[key] = v, replacing (and freeing) an earlier value.  key is
 * copied, v is owned.  Keys keep their first insertion order. */
void tv_set(struct tval *map, const char *key, struct tval *v);
/* Shorthands: s is copied; a NULL s leaves the map unchanged. */
void tv_set_str(struct tval *map, const char *key, const char *s);
void tv_set_bool(struct tval *map, const char *key, bool b);
/* Number of items in a list (0 for anything else). */
size_t tv_len(const struct tval *list);
/* Free v and everything it owns; NULL is fine. */
void tv_free(struct tval *v);

/* ---- compiled templates ---------------------------------------------- */

/* Named compiled templates; partials and parents resolve by name. */
struct tpl_set;

/* A new empty set; compile and render errors go to `d` (borrowed). */
struct tpl_set *tpl_set_new(struct diags *d);
void tpl_set_free(struct tpl_set *set);
/* Compile src (len bytes, copied) under `name`, replacing a template of
 * that name.  `file` (copied) names the template in error positions.
 * Returns 0, or -1 after diag_error at the offending file:line:col (the
 * set is then unchanged). */
int tpl_set_add(struct tpl_set *set, const char *name, const char *src, size_t len,
		const char *file);
/* Compile every `*.mustache` file in dir (name = file name without the
 * extension), in byte-wise name order.  Returns 0, or -1 when the directory
 * cannot be read or any template fails (all are tried; errors are in diag). */
int tpl_set_load_dir(struct tpl_set *set, const char *dir);
bool tpl_set_has(const struct tpl_set *set, const char *name);
/* In a strict set, a partial ({{>name}}) or parent ({{<name}}) naming a
 * template the set does not have is an error at the tag (with the closest
 * name and the set's names), where the spec renders it as empty.  A site
 * generator wants strict: a misspelt partial must not publish empty pages.
 * Off by default (the spec vectors need it off). */
void tpl_set_strict(struct tpl_set *set, bool strict);
/* Report every partial and parent tag, in every template of the set, that
 * names a template the set does not have (diag_error at each tag), strict
 * or not.  Call it once all templates are added, before rendering.
 * Returns 0, or -1 when any is missing. */
int tpl_set_check(const struct tpl_set *set);

/* Render template `name` with context ctx (borrowed; NULL = empty),
 * appending to out.  Thread-safe.  A missing partial or parent renders as
 * empty (spec), or, in a strict set, is an error at its tag.  Returns 0;
 * -1 when `name` is unknown (no diagnostic: the caller knows what it
 * wanted), when a strict set lacks a partial or parent, or when partials
 * nest more than 100 deep or templates recurse without end (diag_error at
 * the tag); out may then hold part of the output. */
int tpl_render(const struct tpl_set *set, const char *name, const struct tval *ctx,
	       struct buf *out);

#endif
