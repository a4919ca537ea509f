/* links.h - the link stage: every recorded #fragment is checked against the
 * ids of its target page, and backlinks ("Referenced from") are computed. */
#ifndef FOLIO_LINKS_H
#define FOLIO_LINKS_H

#include "model/book.h"

/* Check all cross-link fragments (errors at the link) and fill each
 * chapter's backlinks in reading order.  Returns 0 or -1. */
int links_check(struct book *b);

#endif
