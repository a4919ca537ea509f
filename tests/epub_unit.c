/* epub_unit.c - the EPUB writer on a small hand-made book, plus SHA-1,
 * UUIDv5 and DOS time vectors.
 *
 * Build (tests/t_epub.sh does this):
 *   cc -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra \
 *      -Igenerator -o epub_unit tests/epub_unit.c \
 *      generator/{epub,zipout,sha1,buf,xalloc,escape,diag,fsx,slug}.c \
 *      $(pkg-config --cflags --libs libzip) -pthread
 * Run:
 *   epub_unit THEME_DIR WORKDIR
 * writes WORKDIR/src/ (the book's files), WORKDIR/titlepage.epub (no cover
 * image, derived identifier) and WORKDIR/cover.epub (cover image, given
 * identifier); the times come from SOURCE_DATE_EPOCH (default 1700000000).
 * Prints "ok   NAME" / "FAIL NAME" lines and "N passed, N failed". */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "model/book.h"
#include "base/diag.h"
#include "epub/epub.h"
#include "write/fsx.h"
#include "base/sha1.h"
#include "base/slug.h"
#include "base/xalloc.h"
#include "write/zipout.h"

/* The tests' diagnostics sink (made in main). */
static struct diags *D;

static unsigned passed, failed;

static void check(int ok, const char *name, const char *detail)
{
	if (ok) {
		passed++;
		printf("ok   %s\n", name);
	} else {
		failed++;
		printf("FAIL %s\n", name);
		if (detail)
			printf("     %s\n", detail);
		diags_print(D, stdout), diags_clear(D);
	}
}

/* ---- SHA-1, UUIDv5, DOS time ------------------------------------------------ */

static void hex(const unsigned char *d, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void sha1_str(const char *s, size_t len, size_t chunk, char out[41])
{
	struct sha1 c;
	unsigned char d[20];
	sha1_init(&c);
	for (size_t i = 0; i < len; i += chunk)
		sha1_update(&c, s + i, len - i < chunk ? len - i : chunk);
	sha1_final(&c, d);
	hex(d, 20, out);
}

static void test_sha1(void)
{
	char out[41];
	sha1_str("abc", 3, 3, out);
	check(!strcmp(out, "a9993e364706816aba3e25717850c26c9cd0d89d"), "sha1: FIPS 180 \"abc\"", out);
	sha1_str("", 0, 1, out);
	check(!strcmp(out, "da39a3ee5e6b4b0d3255bfef95601890afd80709"), "sha1: empty message", out);
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha1_str(two, strlen(two), 7, out);
	check(!strcmp(out, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"), "sha1: FIPS 180 two-block message, fed in pieces", out);
	char *million = xmalloc(1000000);
	memset(million, 'a', 1000000);
	sha1_str(million, 1000000, 4096, out);
	free(million);
	check(!strcmp(out, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"), "sha1: one million 'a'", out);
}

static void test_uuid(void)
{
	char u[37];
	uuid_v5(uuid_ns_dns, "www.example.com", 15, u);
	check(!strcmp(u, "2ed6657d-e927-568b-95e1-2665a8aea6a2"), "uuid5: RFC 9562 DNS vector", u);
	const char *url = "https://example.org/hip-pain-guide";
	uuid_v5(uuid_ns_url, url, strlen(url), u);
	check(!strcmp(u, "8f7a6fb0-b68e-5dbd-9712-3ecf6210d0ad"), "uuid5: URL namespace vector", u);
}

static void test_dostime(void)
{
	unsigned short t, d;
	char msg[64];
	zipout_dostime(1700000000, &t, &d); /* 2023-11-14T22:13:20Z */
	snprintf(msg, sizeof msg, "time %04x date %04x", t, d);
	check(t == (22 << 11 | 13 << 5 | 10) && d == ((2023 - 1980) << 9 | 11 << 5 | 14), "zip: DOS time from UTC", msg);
	zipout_dostime(0, &t, &d);
	snprintf(msg, sizeof msg, "time %04x date %04x", t, d);
	check(t == 0 && d == (0 << 9 | 1 << 5 | 1), "zip: times before 1980 clamp to 1980-01-01", msg);
}

/* ---- a small book ----------------------------------------------------------- */

static const unsigned char png[] = {
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
	0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x26, 0x93, 0x09, 0x29, 0x00,
	0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38, 0x51, 0xa1, 0x01, 0x47, 0x0c, 0xc4,
	0x71, 0x00, 0x53, 0x52, 0x16, 0x81, 0xf1, 0xab, 0xa1, 0x40, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
	0x44, 0xae, 0x42, 0x60, 0x82,
};

static const char svg[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\" width=\"40\" height=\"20\">\n"
	"<title>Hip joint</title>\n<rect x=\"2\" y=\"2\" width=\"36\" height=\"16\" rx=\"4\"/>\n</svg>\n";

static struct toc_heading H(unsigned level, const char *id, const char *text)
{
	return (struct toc_heading){ level, id, text, 1 };
}

static const char intro_xhtml[] =
	"<p>Welcome to a <em>tiny</em> book about hips &amp; running &#8212; read <a href=\"c0002.xhtml#_5-tips\">the tips</a>.</p>\n"
	"<h2 id=\"how-to-read\">How to read this</h2>\n<p>In order.</p>\n";

static const char ch1_xhtml[] =
	"<p>Hip pain has causes<sup><a href=\"#fn-1\" id=\"fnref-1\" epub:type=\"noteref\" role=\"doc-noteref\">1</a></sup>.</p>\n"
	"<h2 id=\"strain\">Strain</h2>\n<p>See <a href=\"c0002.xhtml#rest\">rest</a>.</p>\n"
	"<p><img src=\"media/images/hip.png\" alt=\"A small orange square\" /></p>\n"
	"<h3 id=\"grade-1\">Grade 1</h3>\n<p>Mild.</p>\n"
	"<h3 id=\"grade-2\">Grade 2</h3>\n<p>Worse.</p>\n"
	"<h4 id=\"deep\">Too deep for the toc</h4>\n<p>Deep.</p>\n"
	"<h2 id=\"bursitis\">Bursitis</h2>\n<p>Outside of the hip.</p>\n"
	"<section class=\"footnotes\">\n"
	"<aside id=\"fn-1\" epub:type=\"footnote\" role=\"doc-footnote\">\n<p class=\"footnote-label\">1.</p>\n"
	"<p>Many causes, in fact.</p>\n<p class=\"footnote-back\"><a href=\"#fnref-1\" role=\"doc-backlink\">Back to text</a></p>\n"
	"</aside>\n</section>\n";

static const char ch2_xhtml[] =
	"<h3 id=\"orphan-h3\">An h3 before any h2</h3>\n<p>Goes at depth 2.</p>\n"
	"<h2 id=\"rest\">Rest</h2>\n<p>Back to <a href=\"c0001.xhtml#strain\">strain</a> or <a href=\"c0003.xhtml\">the map</a>.</p>\n"
	"<h2 id=\"_5-tips\">5 tips</h2>\n<ol>\n<li>Sleep</li>\n<li>Walk</li>\n</ol>\n"
	"<table>\n<thead>\n<tr><th scope=\"col\">Tip</th><th scope=\"col\">Why</th></tr>\n</thead>\n"
	"<tbody>\n<tr><td>Ice</td><td>Pain &lt; swelling</td></tr>\n</tbody>\n</table>\n";

static const char ch3_xhtml[] =
	"<p>An inline drawing:</p>\n"
	"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 40 20\" role=\"img\" aria-labelledby=\"map-title\">"
	"<title id=\"map-title\">Map of the hip</title><rect x=\"2\" y=\"2\" width=\"36\" height=\"16\"/></svg>\n"
	"<p>And the same as a file: <img src=\"media/images/hip-map.svg\" alt=\"Map of the hip\" /></p>\n"
	"<h2 id=\"regions\">Regions \xE2\x80\x94 \xC3\xA9t\xC3\xA9</h2>\n<p>Caf\xC3\xA9 &amp; cr\xC3\xA8me.</p>\n";

struct fixture {
	struct book b;
	struct chapter home, ch[3];
	struct chapter *order[3];
	struct chapter *bl1[2], *bl2[2], *bl3[1];
	struct toc_heading hh[1], h1[5], h2[3], h3[1];
	struct doc dhome, d[3];     /* what the parse and link stages would know */
	struct asset a[2];
	struct asset *assets[2];
	struct toc_item toc[3];     /* the load stage's table of contents: the three, flat */
	char *source;
};

static void fixture_init(struct fixture *f, const char *source)
{
	memset(f, 0, sizeof *f);
	f->source = xstrdup(source);
	struct book *b = &f->b;
	b->source = f->source;
	b->yaml_file = "book.yaml";
	b->diags = D;
	b->title = "Hips & \"Runners\" <A Guide>";
	b->subtitle = "Small, but complete";
	b->author = "The folio team";
	b->language = "en-GB";
	b->description = "A test book for the EPUB writer.";
	b->license = "CC BY 4.0";
	b->base_url = "https://example.org/hip-pain-guide";
	b->date = "2024-05-01";
	b->publisher = "folio tests";
	b->slug = "hips-runners";

	f->hh[0] = H(2, "how-to-read", "How to read this");
	f->dhome = (struct doc){ .headings = f->hh, .nheadings = 1 };
	f->home = (struct chapter){ .path = "index.md", .title = NULL, .xhtml = (char *)intro_xhtml,
				    .doc = &f->dhome, .epub_name = "intro.xhtml", .index = (size_t)-1 };
	f->h1[0] = H(2, "strain", "Strain");
	f->h1[1] = H(3, "grade-1", "Grade 1");
	f->h1[2] = H(3, "grade-2", "Grade 2");
	f->h1[3] = H(4, "deep", "Too deep for the toc");
	f->h1[4] = H(2, "bursitis", "Bursitis");
	f->h2[0] = H(3, "orphan-h3", "An h3 before any h2");
	f->h2[1] = H(2, "rest", "Rest");
	f->h2[2] = H(2, "5-tips", "5 tips"); /* written as _5-tips in the EPUB */
	f->h3[0] = H(2, "regions", "Regions \xE2\x80\x94 \xC3\xA9t\xC3\xA9");

	const char *titles[3] = { "Causes", "Rest & <recovery>", "Map" };
	const char *bodies[3] = { ch1_xhtml, ch2_xhtml, ch3_xhtml };
	struct toc_heading *hs[3] = { f->h1, f->h2, f->h3 };
	size_t nh[3] = { 5, 3, 1 };
	const char *ids[3] = { "causes", "rest-recovery", "map" };
	/* chapter 1 shows a picture, chapter 3 a picture and an inline SVG */
	unsigned features[3] = { F_IMAGE | F_FOOTNOTES, 0, F_IMAGE | F_SVG };
	static char names[3][16];
	for (int i = 0; i < 3; i++) {
		snprintf(names[i], sizeof names[i], "c%04d.xhtml", i + 1);
		f->d[i] = (struct doc){ .headings = hs[i], .nheadings = nh[i], .title_id = ids[i], .features = features[i] };
		f->ch[i] = (struct chapter){ .title = (char *)titles[i], .xhtml = (char *)bodies[i], .doc = &f->d[i],
					     .index = (size_t)i, .epub_name = names[i] };
		f->order[i] = &f->ch[i];
		f->ch[i].toc = (size_t)i;
		f->toc[i] = (struct toc_item){ .kind = TOC_PAGE, .ch = &f->ch[i], .parent = TOC_NONE };
	}
	b->toc = f->toc;
	b->ntoc = 3;
	f->home.toc = TOC_NONE;
	f->ch[0].summary = "Why hips hurt.";
	/* chapter 2 is linked from the introduction and chapter 1; 1 from 2; 3 from 2 */
	f->bl2[0] = &f->home;
	f->bl2[1] = &f->ch[0];
	f->ch[1].backlinks = f->bl2;
	f->ch[1].nbacklinks = 2;
	f->bl1[0] = &f->ch[1];
	f->ch[0].backlinks = f->bl1;
	f->ch[0].nbacklinks = 1;
	f->bl3[0] = &f->ch[1];
	f->ch[2].backlinks = f->bl3;
	f->ch[2].nbacklinks = 1;

	b->home = &f->home;
	b->chapters = f->order;
	b->nchapters = 3;
	f->a[0] = (struct asset){ .path = "images/hip-map.svg", .out = "media/images/hip-map.svg",
				  .media_type = "image/svg+xml", .is_image = true, .in_epub = true };
	f->a[1] = (struct asset){ .path = "images/hip.png", .out = "media/images/hip.png",
				  .media_type = "image/png", .is_image = true, .in_epub = true };
	f->assets[0] = &f->a[0];
	f->assets[1] = &f->a[1];
	b->assets = f->assets;
	b->nassets = 2;
}

static int write_sources(const char *src)
{
	char *p = path_join(src, "images/hip.png");
	char *q = path_join(src, "images/hip-map.svg");
	char *r = path_join(src, "cover.png");
	char *s = path_join(src, "cover.gif");
	int rc = write_file(D, p, png, sizeof png) || write_file(D, q, svg, strlen(svg)) ||
		 write_file(D, r, png, sizeof png) || write_file(D, s, "GIF89a", 6);
	free(p), free(q), free(r), free(s);
	return rc ? -1 : 0;
}

static time_t sde(void)
{
	const char *s = getenv("SOURCE_DATE_EPOCH");
	return s && *s ? (time_t)strtoll(s, NULL, 10) : (time_t)1700000000;
}

static int file_contains(const char *path, const char *needle)
{
	char *data;
	size_t len;
	if (read_file(path, &data, &len))
		return 0;
	size_t n = strlen(needle);
	int found = 0;
	for (size_t i = 0; !found && i + n <= len; i++)
		found = !memcmp(data + i, needle, n);
	free(data);
	return found;
}

int main(int argc, char **argv)
{
	D = diags_new(false);
	if (argc != 3) {
		fprintf(stderr, "usage: epub_unit THEME_DIR WORKDIR\n");
		return 2;
	}
	const char *theme = argv[1], *work = argv[2];
	slug_init();
	test_sha1();
	test_uuid();
	test_dostime();

	char *src = path_join(work, "src");
	check(write_sources(src) == 0, "epub: write the test book's files", NULL);
	struct fixture f;
	fixture_init(&f, src);
	time_t when = sde();

	/* 1: title page, identifier from base_url */
	char *p1 = path_join(work, "titlepage.epub");
	unsigned e0 = diags_errors(D);
	int rc = epub_write(&f.b, p1, when, theme);
	check(rc == 0 && diags_errors(D) == e0 && is_regular_file(p1), "epub: write a book with a generated title page", NULL);

	/* 2: cover image (also an asset? no: only book.yaml names it), given identifier, no home page */
	char *p2 = path_join(work, "cover.epub");
	f.b.cover = "./cover.png";
	f.b.identifier = "urn:uuid:0b7a4c3e-9d7c-5a8e-8f00-1c2d3e4f5a6b";
	f.b.home = NULL;
	f.ch[1].backlinks = f.bl2 + 1; /* the introduction is gone */
	f.ch[1].nbacklinks = 1;
	f.b.language = "en";
	f.b.date = "May 2024"; /* not W3CDTF: left out with a warning */
	unsigned w0 = diags_warnings(D);
	rc = epub_write(&f.b, p2, when, theme);
	check(rc == 0 && diags_errors(D) == e0 && is_regular_file(p2), "epub: write a book with a cover image", NULL);
	check(diags_warnings(D) == w0 + 1, "epub: a date that is not W3CDTF is a warning", NULL);
	check(file_contains(p2, "cover.png"), "epub: the cover image is stored", NULL);
	diags_print(D, stdout), diags_clear(D);
	f.b.date = NULL;

	/* a linked file readers cannot open stays on the website (not in_epub) */
	struct asset pdf = { .path = "files/notes.pdf", .out = "media/files/notes.pdf", .media_type = "application/pdf" };
	struct asset *with_pdf[3] = { f.assets[0], f.assets[1], &pdf };
	char *pdf_file = path_join(src, "files/notes.pdf");
	char *p5 = path_join(work, "pdf.epub");
	write_file(D, pdf_file, "%PDF-1.4\n%%EOF\n", 15);
	f.b.assets = with_pdf;
	f.b.nassets = 3;
	w0 = diags_warnings(D);
	rc = epub_write(&f.b, p5, when, theme);
	check(rc == 0 && diags_warnings(D) == w0 && !file_contains(p5, "notes.pdf"),
	      "epub: a linked file that is not an image stays out of the EPUB", NULL);
	diags_print(D, stdout), diags_clear(D);
	f.b.assets = f.assets;
	f.b.nassets = 2;
	free(pdf_file);
	free(p5);

	/* 3: errors leave no file behind */
	char *p3 = path_join(work, "bad.epub");
	f.b.language = "en_US";
	rc = epub_write(&f.b, p3, when, theme);
	check(rc == -1 && diags_errors(D) == e0 + 1 && access(p3, F_OK) != 0,
	      "epub: a malformed language tag is an error and writes nothing", NULL);
	f.b.language = "en";
	f.b.cover = "cover.gif";
	rc = epub_write(&f.b, p3, when, theme);
	check(rc == -1 && diags_errors(D) == e0 + 2 && access(p3, F_OK) != 0,
	      "epub: a GIF cover is an error and writes nothing", NULL);
	f.b.cover = "missing.png";
	rc = epub_write(&f.b, p3, when, theme);
	check(rc == -1 && diags_errors(D) == e0 + 3 && access(p3, F_OK) != 0,
	      "epub: a missing cover file is an error and writes nothing", NULL);
	f.b.cover = "../outside.png";
	rc = epub_write(&f.b, p3, when, theme);
	check(rc == -1 && diags_errors(D) == e0 + 4 && access(p3, F_OK) != 0,
	      "epub: a cover outside SOURCE is an error", NULL);
	f.b.cover = NULL;
	rc = epub_write(&f.b, p3, when, "/nonexistent-theme");
	check(rc == -1 && diags_errors(D) == e0 + 5 && access(p3, F_OK) != 0,
	      "epub: a theme without epub.css is an error", NULL);
	char *p4 = path_join(work, "no-such-dir/x.epub");
	rc = epub_write(&f.b, p4, when, theme);
	check(rc == -1 && diags_errors(D) == e0 + 6, "epub: an unwritable path is an error", NULL);
	diags_print(D, stdout), diags_clear(D); /* the expected errors */

	free(p1), free(p2), free(p3), free(p4);
	free(f.source);
	free(src);
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
