/*
 * test_fs_names.c - natural order and temporary-name rules of tracks/,
 * and the order of paths in its folders (a walk of the tree).
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

static int cmp_paths(const void *a, const void *b)
{
	return names_path_cmp(*(const char *const *)a, *(const char *const *)b);
}

/* The burn order of tracks in folders: folder by folder, each level in
 * natural order, a folder's tracks at the folder's place. */
static void test_paths(void)
{
	CHECK(names_path_cmp("a.wav", "a.wav") == 0);
	CHECK(names_path_cmp("Disc 2/1.wav", "Disc 10/1.wav") < 0);
	CHECK(names_path_cmp("A/10 x.wav", "A/2 y.wav") > 0);
	/* "Disc 1/" before "Disc 1 bonus.wav" would be byte order's
	 * accident: here the components "Disc 1" < "Disc 1 bonus.wav" */
	CHECK(names_path_cmp("Disc 1/9.wav", "Disc 1 bonus.wav") < 0);
	/* '/' is not a character of the name: "A-B" vs "A/B" by component */
	CHECK(names_path_cmp("A/z.wav", "A-B/a.wav") < 0);
	CHECK(names_path_cmp("A", "A/x.wav") < 0);
	CHECK(names_path_cmp("A/x.wav", "A") > 0);

	const char *list[] = {
	    "Artist/Album 10/1 a.wav", "2 top.wav",  "Artist/Album 2/10 c.wav",
	    "Artist/Album 2/2 b.wav",  "10 top.wav", "Artist/1 single.wav",
	    "Artist/Album 2/CD1/1.wav"};
	const char *want[] = {"2 top.wav",
			      "10 top.wav",
			      "Artist/1 single.wav",
			      "Artist/Album 2/2 b.wav",
			      "Artist/Album 2/10 c.wav",
			      "Artist/Album 2/CD1/1.wav",
			      "Artist/Album 10/1 a.wav"};
	qsort(list, 7, sizeof(list[0]), cmp_paths);
	for (int i = 0; i < 7; i++)
		CHECK_STR(list[i], want[i]);
}

int main(void)
{
	test_paths();
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
