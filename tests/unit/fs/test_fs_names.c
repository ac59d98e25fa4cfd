/*
 * test_fs_names.c - natural order and temporary-name rules of tracks/.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "names.h"

static int cmp_names(const void *a, const void *b)
{
	return names_natural_cmp(*(const char *const *)a,
				 *(const char *const *)b);
}

int main(void)
{
	CHECK(names_natural_cmp("2 b.wav", "10 a.wav") < 0);
	CHECK(names_natural_cmp("10 a.wav", "2 b.wav") > 0);
	CHECK(names_natural_cmp("track9.wav", "track10.wav") < 0);
	CHECK(names_natural_cmp("a.wav", "a.wav") == 0);
	CHECK(names_natural_cmp("a.wav", "b.wav") < 0);
	CHECK(names_natural_cmp("01 x.wav", "02 x.wav") < 0);

	const char *list[] = {"10 z.wav", "1 y.wav", "2 x.wav",
			      "03 w.wav", "b.wav",   "a.wav"};
	const char *want[] = {"03 w.wav", "1 y.wav", "2 x.wav",
			      "10 z.wav", "a.wav",   "b.wav"};
	qsort(list, 6, sizeof(list[0]), cmp_names);
	for (int i = 0; i < 6; i++)
		CHECK(strcmp(list[i], want[i]) == 0);

	CHECK(names_is_temporary(".a.wav.XyZ123"));
	CHECK(names_is_temporary(".goutputstream-ABCDEF"));
	CHECK(names_is_temporary("a.wav.part"));
	CHECK(names_is_temporary(".fuse_hidden0001"));
	CHECK(!names_is_temporary("a.wav"));
	CHECK(!names_is_temporary("part"));
	CHECK(names_is_temporary(".part"));
	CHECK(!names_is_temporary("a.partial"));

	CHECK(names_is_valid("a.wav"));
	CHECK(names_is_valid(".hidden"));
	CHECK(!names_is_valid(""));
	CHECK(!names_is_valid("."));
	CHECK(!names_is_valid(".."));
	CHECK(!names_is_valid("a/b"));
	return check_finish();
}
