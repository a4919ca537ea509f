/* fuzz_template.c - the Mustache engine: compile the input (tpl_set_add)
 * beside a fixed partial and parent, then render it with a small context
 * (tpl_render).  The input can reach the fixed templates but not itself
 * (its name never appears in it), and the one list with more than one
 * item ("toc") may be named at most 3 times, so output stays bounded: a
 * theme is trusted, this hunts memory errors, not exponential templates. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/diag.h"
#include "fuzz_common.h"
#include "site/template.h"

#define SELF "zq9"

static struct tval *ctx;

static struct tval *item(const char *title, bool cur)
{
	struct tval *m = tv_map();
	tv_set_str(m, "title", title);
	tv_set_str(m, "href", "a.html?x=1&y=\"2\"");
	tv_set_bool(m, "current", cur);
	return m;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	ctx = tv_map();
	tv_set_str(ctx, "title", "<script>alert('x')</script> & \"q\" ]]> \xE2\x80\xA8");
	tv_set_str(ctx, "lang", "en");
	tv_set_str(ctx, "empty", "");
	tv_set_bool(ctx, "yes", true);
	tv_set_bool(ctx, "no", false);
	tv_set(ctx, "nil", tv_null());
	struct tval *l = tv_list();
	tv_push(l, item("One", false));
	tv_push(l, item("Two <b>", true));
	tv_set(ctx, "toc", l);
	tv_set(ctx, "none", tv_list());
	struct tval *m = tv_map();
	tv_set_str(m, "name", "nested");
	struct tval *deep = tv_map();
	tv_set_str(deep, "v", "deep");
	tv_set(m, "deep", deep);
	tv_set(ctx, "page", m);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	size_t lists = 0;
	if (size > 8192)
		return 0;
	for (size_t i = 0; i + 3 <= size; i++) {
		if (!memcmp(s + i, SELF, 3))
			return 0;
		lists += !memcmp(s + i, "toc", 3);
	}
	if (lists > 3)
		return 0;
	struct diags *d = diags_new(false);
	struct tpl_set *set = tpl_set_new(d);
	static const char part[] = "<li>{{title}}{{$extra}}default{{/extra}}</li>\n";
	static const char parent[] = "<main lang=\"{{lang}}\">{{$body}}[body]{{/body}}{{> part}}</main>\n";
	if (tpl_set_add(set, "part", part, sizeof part - 1, "part.mustache") ||
	    tpl_set_add(set, "parent", parent, sizeof parent - 1, "parent.mustache"))
		abort();
	if (tpl_set_add(set, SELF, s, size, SELF ".mustache") == 0) {
		struct buf out = BUF_INIT;
		tpl_render(set, SELF, ctx, &out);
		if (out.data[out.len] != '\0')
			abort();
		buf_release(&out);
		if (!tpl_set_has(set, SELF))
			abort();
	}
	tpl_set_free(set);
	diags_free(d);
	return 0;
}
