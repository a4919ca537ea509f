/* jsonld.c - schema.org HowTo and FAQPage objects (see jsonld.h). */
#include "render/jsonld.h"

#include <string.h>

#include "base/escape.h"

/* The plain text of a fragment, white space collapsed, as a JSON string. */
static void plain_json(struct buf *out, const struct node *fragment)
{
	struct buf p = BUF_INIT;
	if (fragment)
		doc_plain(fragment, &p);
	buf_squash(&p);
	esc_json(out, p.data, p.len);
	buf_release(&p);
}

/* The URL of an id on page ch: absolute with base_url, else relative. */
static void page_url(struct buf *out, const struct book *b, const struct chapter *ch, const char *id)
{
	struct buf u = BUF_INIT;
	if (b->base_url)
		buf_puts(&u, b->base_url);
	buf_puts(&u, ch->site_name);
	buf_putc(&u, '#');
	buf_puts(&u, id);
	esc_json(out, u.data, u.len);
	buf_release(&u);
}

void jsonld_duration(struct buf *b, long s)
{
	buf_puts(b, "PT");
	if (s / 3600)
		buf_printf(b, "%ldH", s / 3600);
	if (s % 3600 / 60)
		buf_printf(b, "%ldM", s % 3600 / 60);
	if (s % 60)
		buf_printf(b, "%ldS", s % 60);
}

void jsonld_howto(struct buf *out, const struct book *b, const struct chapter *ch, const struct steps *s)
{
	buf_puts(out, "{\"@context\":\"https://schema.org\",\"@type\":\"HowTo\",\"name\":");
	esc_json(out, s->name, strlen(s->name));
	if (s->summary) {
		buf_puts(out, ",\"description\":");
		plain_json(out, s->summary);
	}
	if (s->hold_s) {
		buf_puts(out, ",\"totalTime\":\"");
		jsonld_duration(out, s->hold_s * (s->repeat ? s->repeat : 1) * (s->sides == SIDES_BOTH ? 2 : 1));
		buf_puts(out, "\"");
	}
	buf_puts(out, ",\"step\":[");
	for (size_t i = 0; i < s->n; i++) {
		if (i)
			buf_putc(out, ',');
		buf_printf(out, "{\"@type\":\"HowToStep\",\"position\":%zu,\"text\":", i + 1);
		plain_json(out, s->step[i]);
		buf_puts(out, ",\"url\":");
		page_url(out, b, ch, s->step_id[i]);
		buf_putc(out, '}');
	}
	buf_puts(out, "]}");
}

void jsonld_faq_page(struct buf *out, const struct book *b, const struct chapter *ch)
{
	if (!ch->doc || !(ch->doc->features & F_FAQ))
		return;
	const struct node *root = ch->doc->root;
	bool in = true, first = true;
	buf_puts(out, "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
		      "\"@type\":\"FAQPage\",\"mainEntity\":[");
	for (const struct node *n = root; n; n = doc_next(root, n, &in)) {
		if (!in || n->type != N_FAQ)
			continue;
		const struct faq *f = n->u.faq;
		for (size_t i = 0; i < f->n; i++) {
			if (!first)
				buf_putc(out, ',');
			first = false;
			buf_puts(out, "{\"@type\":\"Question\",\"name\":");
			esc_json(out, f->item[i].q, strlen(f->item[i].q));
			buf_puts(out, ",\"url\":");
			page_url(out, b, ch, f->item[i].id);
			buf_puts(out, ",\"acceptedAnswer\":{\"@type\":\"Answer\",\"text\":");
			plain_json(out, f->item[i].answer);
			buf_puts(out, "}}");
		}
	}
	buf_puts(out, "]}</script>\n");
}
