/*
 * test_inode_table.c - burnfs's inode numbers (fixed ones, spool ids of
 * staged files) and the lookup counts and generations the kernel sees.
 */
#include <stdint.h>

#include "check.h"
#include "inode_table.h"

/* ino_make and ino_split are inverses on every kind of number. */
static void check_round_trip(enum ino_kind kind, uint32_t drive, uint32_t arg)
{
	uint64_t ino = ino_make(kind, drive, arg);
	struct ino_parts p = ino_split(ino);
	CHECK(ino != 0);
	CHECK_EQ(p.kind, kind);
	if (kind != INO_ROOT_DIR)
		CHECK_EQ(p.drive, drive);
	if (kind == INO_DRIVE_FILE || kind == INO_DISC_TRACK ||
	    kind == INO_TRACK || kind == INO_FOLDER ||
	    kind == INO_TRASH_INFO_FILE)
		CHECK_EQ(p.arg, arg);
}

static void test_layout(void)
{
	CHECK_EQ(ino_make(INO_ROOT_DIR, 0, 0), 1);
	CHECK_EQ(ino_split(1).kind, INO_ROOT_DIR);
	for (uint32_t d = 0; d < 3; d++) {
		check_round_trip(INO_DRIVE_DIR, d, 0);
		check_round_trip(INO_TRACKS_DIR, d, 0);
		check_round_trip(INO_DISC_DIR, d, 0);
		for (uint32_t i = 0; i < 20; i++)
			check_round_trip(INO_DRIVE_FILE, d, i);
		for (uint32_t n = 1; n <= 99; n++)
			check_round_trip(INO_DISC_TRACK, d, n);
		check_round_trip(INO_TRACK, d, 1);
		check_round_trip(INO_TRACK, d, 999999);
		check_round_trip(INO_TRACK, d, UINT32_MAX);
	}
	check_round_trip(INO_DRIVE_DIR, INO_MAX_DRIVES - 1, 0);
	check_round_trip(INO_TRACK, INO_MAX_DRIVES - 1, 7);
	/* Folders of tracks/: their own numbers, never a track's */
	for (uint32_t d = 0; d < 3; d++) {
		check_round_trip(INO_FOLDER, d, 1);
		check_round_trip(INO_FOLDER, d, UINT32_MAX);
		CHECK(ino_make(INO_FOLDER, d, 5) != ino_make(INO_TRACK, d, 5));
		CHECK_EQ(ino_split(ino_make(INO_FOLDER, d, 5)).arg, 5);
	}
	check_round_trip(INO_FOLDER, INO_MAX_DRIVES - 1, 9);
	CHECK_EQ(ino_make(INO_FOLDER, 0, 0), 0);
	/* The trash at the root: per user's trash, its directories and the
	 * files of info/ */
	for (uint32_t t = 0; t < 3; t++) {
		check_round_trip(INO_TRASH_DIR, t, 0);
		check_round_trip(INO_TRASH_FILES, t, 0);
		check_round_trip(INO_TRASH_INFO, t, 0);
		check_round_trip(INO_TRASH_EXPUNGED, t, 0);
		check_round_trip(INO_TRASH_INFO_FILE, t, 1);
		CHECK_EQ(ino_split(ino_make(INO_TRASH_INFO_FILE, t, 77)).arg,
			 77);
		CHECK(ino_make(INO_TRASH_DIR, t, 0) !=
		      ino_make(INO_FOLDER, t, 1));
		CHECK(ino_make(INO_TRASH_DIR, t, 0) !=
		      ino_make(INO_TRACK, t, 1));
	}
	CHECK_EQ(ino_make(INO_TRASH_FILES, 0, 5), 0); /* no arg there */

	/* Every number of two drives is different. */
	uint64_t seen[2 * 130];
	size_t n = 0;
	for (uint32_t d = 0; d < 2; d++) {
		seen[n++] = ino_make(INO_DRIVE_DIR, d, 0);
		seen[n++] = ino_make(INO_TRACKS_DIR, d, 0);
		seen[n++] = ino_make(INO_DISC_DIR, d, 0);
		for (uint32_t i = 0; i < 20; i++)
			seen[n++] = ino_make(INO_DRIVE_FILE, d, i);
		for (uint32_t k = 1; k <= 99; k++)
			seen[n++] = ino_make(INO_DISC_TRACK, d, k);
		seen[n++] = ino_make(INO_TRACK, d, 0);
		seen[n++] = ino_make(INO_TRACK, d, 1);
	}
	int dup = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			dup += seen[i] == seen[j] || seen[i] == INO_ROOT;
	CHECK_EQ(dup, 0);

	/* Out of range: no number. */
	CHECK_EQ(ino_make(INO_DRIVE_FILE, 0, INO_MAX_DRIVE_FILES), 0);
	CHECK_EQ(ino_make(INO_DISC_TRACK, 0, 0), 0);
	CHECK_EQ(ino_make(INO_DISC_TRACK, 0, 100), 0);
	CHECK_EQ(ino_make(INO_DRIVE_DIR, INO_MAX_DRIVES, 0), 0);
	CHECK_EQ(ino_make(INO_NONE, 0, 0), 0);
	/* Numbers burnfs never gives out. */
	CHECK_EQ(ino_split(0).kind, INO_NONE);
	CHECK_EQ(ino_split(2).kind, INO_NONE);
	CHECK_EQ(ino_split(0xff).kind, INO_NONE);
	CHECK_EQ(ino_split(0x100 + 0x03).kind, INO_NONE);
	CHECK_EQ(ino_split(0x100 + 0x80).kind, INO_NONE);
	CHECK_EQ(ino_split(0x100 + 0x80 + 100).kind, INO_NONE);
	CHECK_EQ(ino_split(UINT64_MAX).kind, INO_NONE);
}

static void test_lookups(void)
{
	struct inode_table *t = inode_table_new();
	CHECK(t != NULL);
	if (!t)
		return;
	uint64_t a = ino_make(INO_TRACK, 0, 5), b = ino_make(INO_TRACK, 1, 5);
	CHECK_EQ(inode_table_lookups(t, a), 0);
	uint64_t ga = inode_table_ref(t, a);
	CHECK(ga != 0);
	CHECK_EQ(inode_table_ref(t, a), ga); /* same node, same generation */
	CHECK_EQ(inode_table_lookups(t, a), 2);
	uint64_t gb = inode_table_ref(t, b);
	CHECK(gb != 0 && gb != ga);
	CHECK_EQ(inode_table_count(t), 2);

	inode_table_forget(t, a, 1);
	CHECK_EQ(inode_table_lookups(t, a), 1);
	inode_table_forget(t, a, 1);
	CHECK_EQ(inode_table_lookups(t, a), 0);
	CHECK_EQ(inode_table_count(t), 1);
	/* Forgotten and looked up again: a new generation. */
	uint64_t ga2 = inode_table_ref(t, a);
	CHECK(ga2 != ga && ga2 != gb);
	/* More forgets than lookups, or for unknown numbers: harmless. */
	inode_table_forget(t, a, 10);
	inode_table_forget(t, 12345, 1);
	CHECK_EQ(inode_table_lookups(t, a), 0);
	CHECK_EQ(inode_table_count(t), 1);

	/* Many numbers: the table grows and keeps every count. */
	for (uint32_t id = 1; id <= 5000; id++)
		inode_table_ref(t, ino_make(INO_TRACK, 2, id));
	for (uint32_t id = 1; id <= 5000; id += 2)
		inode_table_ref(t, ino_make(INO_TRACK, 2, id));
	CHECK_EQ(inode_table_count(t), 5001);
	int wrong = 0;
	for (uint32_t id = 1; id <= 5000; id++)
		wrong += inode_table_lookups(t, ino_make(INO_TRACK, 2, id)) !=
			 (id % 2 ? 2u : 1u);
	CHECK_EQ(wrong, 0);
	for (uint32_t id = 1; id <= 5000; id++)
		inode_table_forget(t, ino_make(INO_TRACK, 2, id), 2);
	CHECK_EQ(inode_table_count(t), 1);
	inode_table_free(t); /* frees what is left (b) */
}

int main(void)
{
	test_layout();
	test_lookups();
	return check_finish();
}
