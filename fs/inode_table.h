/*
 * inode_table.h - burnfs's inode numbers and the kernel's lookup counts.
 *
 * Numbers are computed, never allocated (pure functions):
 *
 *   1                          the root
 *   0x100 * (drive + 1) + s    the drive's fixed nodes: s = 0 the drive
 *                              directory, 1 tracks/, 2 disc/, 0x10 + i
 *                              the drive's i-th file, 0x80 + n disc/NN.wav
 *   (drive + 1) << 32 | id     a file in tracks/, by its spool id (stable
 *                              across renames, never reused in a mount)
 *   1 << 63 | (drive + 1) << 32 | id
 *                              a folder in tracks/, by its folder id
 *   1 << 62 | s << 56 | trash << 32 | id
 *                              the trash at the root: "drive" is the
 *                              index of a user's trash, s = 0 its
 *                              .Trash-<uid>, 1 files/, 2 info/, 3 the
 *                              file id of info/, 4 expunged/
 *
 * The table counts, per number, the lookups the kernel holds (every
 * entry reply adds one, forget takes n away) and gives each number a
 * generation when it gets its first lookup: a number that was forgotten
 * and comes back gets a new generation, so the kernel never takes the
 * new node for the old one.
 *
 * Lock: inode_table.lock protects the hash table and the generation
 * counter (leaf).
 */
#ifndef BURNFS_INODE_TABLE_H
#define BURNFS_INODE_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define INO_ROOT 1u
/* Slots in a drive's block of fixed numbers. */
#define INO_MAX_DRIVE_FILES 0x60u
#define INO_MAX_DISC_TRACK 99u
/* Drives that fit the layout above. */
#define INO_MAX_DRIVES 0xffffffu

enum ino_kind {
	INO_NONE, /* not a number burnfs gives out */
	INO_ROOT_DIR,
	INO_DRIVE_DIR,
	INO_TRACKS_DIR,
	INO_DISC_DIR,
	INO_DRIVE_FILE, /* arg: index of the drive's file */
	INO_DISC_TRACK, /* arg: track number 1..99 */
	INO_TRACK,	/* arg: spool id */
	INO_FOLDER,	/* arg: folder id (a folder in tracks/) */
	INO_TRASH_DIR,	/* drive: the trash's index */
	INO_TRASH_FILES,
	INO_TRASH_INFO,
	INO_TRASH_INFO_FILE, /* arg: its id */
	INO_TRASH_EXPUNGED,
};

struct ino_parts {
	enum ino_kind kind;
	uint32_t drive; /* index of the drive (not for the root) */
	uint32_t arg;
};

/* A number from its parts (pure); 0 when the parts are out of range. */
uint64_t ino_make(enum ino_kind kind, uint32_t drive, uint32_t arg);
/* The parts of a number (pure); kind INO_NONE when it is none of ours. */
struct ino_parts ino_split(uint64_t ino);

struct inode_table;

struct inode_table *inode_table_new(void);
void inode_table_free(struct inode_table *t);

/*
 * An entry reply about to be sent for ino: one more lookup.  Returns the
 * generation to reply with.  0 when out of memory (nothing counted).
 */
uint64_t inode_table_ref(struct inode_table *t, uint64_t ino);
/* forget: n lookups fewer; the number's entry goes at zero. */
void inode_table_forget(struct inode_table *t, uint64_t ino, uint64_t n);
/* The lookups the kernel holds on ino (0: unknown to the kernel). */
uint64_t inode_table_lookups(struct inode_table *t, uint64_t ino);
/* Numbers with lookups. */
size_t inode_table_count(struct inode_table *t);

#endif
