/* guard.c - one linear scan of a chapter's Markdown for the shapes on
 * which cmark-gfm 0.29 is quadratic (see guard.h).
 *
 * Every count is an upper bound of cmark's work, so the scan may refuse
 * more than cmark would struggle with, never less:
 *   - a paragraph is a run of non-blank lines (a line of spaces, tabs and
 *     '>' only is blank; lines end at \n, \r or \r\n as cmark's do);
 *     every inline parse and every table lies inside one;
 *   - each ']' that may close a link (followed by '(' or '[', or any ']'
 *     when the text has a reference definition) may walk back over every
 *     '![' still open in the paragraph: it costs their number.  A '![' is
 *     open unless it is a whole image on one line, "![alt]" with none of
 *     [ ] ` \ < > ( ) " ' in alt and no '\' before it (cmark then pushes
 *     and pops it, or sees neither, whatever code span, link title or raw
 *     HTML it stands in); escapes and code spans are not told apart
 *     otherwise: they only add;
 *   - each '<?', '<![CDATA[' and '<!' + letter may scan up to its closer
 *     ('?>', ']]>', '>') or the paragraph's end: it costs that distance;
 *   - once a line shaped like a table's delimiter row ('|', '-', ':' and
 *     blanks, at least one '-') follows a line of the paragraph, every later
 *     line of the paragraph may be a row: each costs its cells to parse
 *     (its '|' + 1, less a leading and a trailing one) and the widest
 *     delimiter row's cells to hold; the header may be the whole paragraph
 *     before it.
 * The two quadratic costs get a budget linear in the bytes scanned (real
 * chapters use a few steps per byte at most); tables get limits.h's. */
#include "parse/guard.h"

#include <string.h>

/* cmark's steps allowed per byte scanned, and for any chapter: at 6 ns a
 * bracket step and 1 ns a byte of HTML scan, a 4 MB chapter costs at most
 * about 0.4 s more than its plain parse. */
#define BRACKET_STEPS_PER_BYTE 16
#define HTML_STEPS_PER_BYTE 64
#define STEPS_FLOOR (1ull << 20)

/* '<!--' is not among them: 0.29.0.gfm.6 scans comments in linear time
 * (measured; the quadratic comment scan of CVE-2023-22484 came later) */
enum { H_PI, H_CDATA, H_DECL, NHTML };
static const struct {
	const char *open, *close;
} S_html[NHTML] = {
	[H_PI] = { "<?", "?>" },
	[H_CDATA] = { "<![CDATA[", "]]>" },
	[H_DECL] = { "<!", ">" },
};

struct where {
	unsigned line, col;
};

/* One paragraph's counts. */
struct para {
	bool open;                    /* a non-blank line was seen */
	unsigned long long images;    /* '![' so far */
	unsigned long long closers;   /* ']' after the first '![' */
	unsigned long long brackets;  /* the walks' bound */
	struct where first_image;
	unsigned long long pending[NHTML], sum[NHTML]; /* openers not yet closed, their offsets summed */
	unsigned long long openers[NHTML], html[NHTML];
	struct where first_open[NHTML];
	size_t header_cells;          /* cells of the lines before a delimiter row, and one a line */
	unsigned header_line;         /* the last of them */
	bool table;
	size_t columns;               /* the widest delimiter row's cells */
};

/* A line of these only is blank for cmark (spaces, tabs), or blank inside
 * block quotes, or an empty quote: either way no paragraph runs across it. */
static bool S_is_blank_char(char c)
{
	return c == ' ' || c == '\t' || c == '>';
}

/* Is the line a table delimiter row ('|', '-', ':' and blanks, at least
 * one '-', after any '>' of block quotes)?  *cells: its cells with a '-'. */
static bool S_is_delimiter_row(const char *s, size_t n, size_t *cells)
{
	size_t i = 0, k = 0;
	bool dash = false, any = false;
	while (i < n && S_is_blank_char(s[i]))
		i++;
	for (; i < n; i++) {
		char c = s[i];
		if (c == '-') {
			dash = any = true;
		} else if (c == '|') {
			k += dash;
			dash = false;
		} else if (c != ':' && c != ' ' && c != '\t' && c != '\v' && c != '\f') {
			return false;
		}
	}
	*cells = k + dash;
	return any;
}

static unsigned long long S_budget(const struct guard *g, unsigned per_byte)
{
	return (unsigned long long)g->bytes * per_byte + STEPS_FLOOR;
}

/* The paragraph ends at offset `end`: the scans still open run to it. */
static int S_para_end(struct guard *g, struct diags *d, struct para *p, size_t end, guard_pos_fn at, const void *ctx)
{
	if (!p->open)
		return 0;
	int worst = 0;
	for (int k = 0; k < NHTML; k++) {
		p->html[k] += p->pending[k] * end - p->sum[k];
		g->html += p->html[k];
		if (p->html[k] > p->html[worst])
			worst = k;
	}
	g->brackets += p->brackets;
	int rc = 0;
	if (g->brackets > S_budget(g, BRACKET_STEPS_PER_BYTE))
		rc = diag_error(d, at(ctx, p->first_image.line, p->first_image.col),
				"this paragraph has %llu image openers '![' left open and %llu ']' after them: the Markdown "
				"parser (cmark-gfm 0.29) would take time quadratic in their number (CVE-2023-24824); write "
				"each image whole, ![text](file), or escape the others as '\\!['", p->images, p->closers);
	else if (g->html > S_budget(g, HTML_STEPS_PER_BYTE))
		rc = diag_error(d, at(ctx, p->first_open[worst].line, p->first_open[worst].col),
				"this paragraph has %llu '%s' that the Markdown parser (cmark-gfm 0.29) would each scan to "
				"the paragraph's end for a '%s', taking time quadratic in their number; close them with '%s' "
				"or escape them as '\\%s'", p->openers[worst], S_html[worst].open, S_html[worst].close,
				S_html[worst].close, S_html[worst].open);
	memset(p, 0, sizeof *p);
	return rc;
}

int guard_scan(struct guard *g, struct diags *d, const char *text, size_t len, guard_pos_fn at, const void *ctx)
{
	struct para p = { 0 };
	const struct limits *lim = g->lim;
	unsigned line = 1;
	/* without a reference definition ("[x]: …", "[^1]: …") only ']' then
	 * '(' or '[' makes a link */
	bool refs = false;
	for (const char *q = text; !refs && (q = memchr(q, ']', len - (size_t)(q - text))); q++)
		refs = (size_t)(q - text) + 1 < len && q[1] == ':';
	g->bytes += len;
	for (size_t ls = 0; ls < len;) {
		size_t le = ls; /* lines end at \n, \r or \r\n, as cmark's do */
		while (le < len && text[le] != '\n' && text[le] != '\r')
			le++;
		size_t b = ls;
		while (b < le && S_is_blank_char(text[b]))
			b++;
		if (b == le) { /* a blank line ends the paragraph */
			if (S_para_end(g, d, &p, ls, at, ctx))
				return -1;
			goto next;
		}
		size_t pipes = 0, lead = text[b] == '|', trail = 0;
		for (size_t e = le; e > b; e--)
			if (!strchr(" \t\v\f", text[e - 1])) { /* cmark's trailing white space */
				trail = e - 1 > b && text[e - 1] == '|';
				break;
			}
		for (size_t i = ls; i < le; i++) {
			char c = text[i];
			if (c == '|') {
				pipes++;
			} else if (c == '!' && i + 1 < le && text[i + 1] == '[') {
				size_t j = i + 2;
				while (j < le && !strchr("[]`\\<>()\"'", text[j]))
					j++;
				if (j < le && text[j] == ']' && !(i > ls && text[i - 1] == '\\')) {
					i = j; /* a whole image: its ']' closes its '![', which walks nothing */
					continue;
				}
				if (!p.images++)
					p.first_image = (struct where){ line, (unsigned)(i - ls + 1) };
				i++;
			} else if (c == ']' && (refs || (i + 1 < le && (text[i + 1] == '(' || text[i + 1] == '[')))) {
				p.brackets += p.images; /* may make a link: the walk */
				p.closers += p.images > 0;
			} else if (c == '<') {
				for (int k = 0; k < NHTML; k++) {
					size_t n = strlen(S_html[k].open);
					if (len - i < n || memcmp(text + i, S_html[k].open, n) != 0)
						continue;
					if (k == H_DECL && !(i + 2 < len && ((text[i + 2] | 0x20) >= 'a' && (text[i + 2] | 0x20) <= 'z')))
						continue;
					if (!p.openers[k])
						p.first_open[k] = (struct where){ line, (unsigned)(i - ls + 1) };
					p.pending[k]++;
					p.openers[k]++;
					p.sum[k] += i;
				}
			} else if (c == '>') {
				for (int k = 0; k < NHTML; k++) {
					size_t n = strlen(S_html[k].close);
					if (i + 1 < n || memcmp(text + i + 1 - n, S_html[k].close, n) != 0)
						continue;
					p.html[k] += p.pending[k] * i - p.sum[k];
					p.pending[k] = p.sum[k] = 0;
				}
			}
		}
		/* tables: a row's cells are its '|' + 1, less a leading and a trailing one */
		size_t cells = pipes + 1 - lead - trail, dcells;
		bool delim = S_is_delimiter_row(text + ls, le - ls, &dcells);
		size_t col = 1;
		const char *bar = memchr(text + ls, '|', le - ls);
		if (bar)
			col = (size_t)(bar - (text + ls)) + 1;
		if (!p.table && delim && p.open) {
			p.table = true;
			p.columns = dcells;
			if (p.header_cells > lim->table_columns)
				return diag_error(d, at(ctx, p.header_line, 1),
						  "this table's header has %zu cells; the limit is %zu (book.yaml: limits: "
						  "table_columns)", p.header_cells, lim->table_columns);
			g->cells += p.columns;
		} else if (!p.table) {
			/* cmark may take every line so far as the header: the bound adds them up */
			p.header_cells += (p.open ? 1 : 0) + cells;
			p.header_line = line;
		} else {
			if (delim && dcells > p.columns)
				p.columns = dcells;
			g->cells += p.columns;
		}
		if (p.table && cells > lim->table_columns)
			return diag_error(d, at(ctx, line, (unsigned)col),
					  "this table row has %zu cells; the limit is %zu (book.yaml: limits: table_columns)",
					  cells, lim->table_columns);
		if (p.table && g->cells > lim->table_cells)
			return diag_error(d, at(ctx, line, 1),
					  "the tables of this chapter reach %zu cells here (rows times columns, short rows "
					  "filled in); the limit is %zu (book.yaml: limits: table_cells)",
					  g->cells, lim->table_cells);
		p.open = true;
next:
		ls = le + 1 + (le + 1 < len && text[le] == '\r' && text[le + 1] == '\n');
		line++;
	}
	return S_para_end(g, d, &p, len, at, ctx);
}
