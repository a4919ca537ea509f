/* standalone.c - replay inputs through a fuzz target without libFuzzer:
 * `fuzz_X_replay FILE...` runs LLVMFuzzerTestOneInput once per file, so the
 * regression inputs in tests/fuzz/regressions/ run in `make test` (and under
 * ASan/UBSan or valgrind) on machines without clang's libFuzzer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

int main(int argc, char **argv)
{
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		size_t cap = 1 << 16, n = 0, k;
		uint8_t *buf = malloc(cap);
		while (buf && (k = fread(buf + n, 1, cap - n, f)) > 0) {
			n += k;
			if (n == cap)
				buf = realloc(buf, cap *= 2);
		}
		fclose(f);
		if (!buf)
			return 3;
		/* an exact-size copy, so a read past the end is caught */
		uint8_t *data = malloc(n ? n : 1);
		for (size_t j = 0; j < n; j++)
			data[j] = buf[j];
		free(buf);
		LLVMFuzzerTestOneInput(data, n);
		free(data);
		printf("ok %s\n", argv[i]);
	}
	return 0;
}
