/*
 * inode_table.c - inode number layout and the kernel's lookup counts
 * (see inode_table.h).
 */
#include "inode_table.h"

#include <pthread.h>
#include <stdlib.h>

#define SLOT_DRIVE 0x00u
#define SLOT_TRACKS 0x01u
#define SLOT_DISC 0x02u
#define SLOT_FILE 0x10u
#define SLOT_DISC_TRACK 0x80u
#define BLOCK 0x100u
#define MIN_BUCKETS 64u
#define FOLDER_BIT (1ull << 63)
#define TRASH_BIT (1ull << 62)

/* The trash's numbers (kinds INO_TRASH_DIR to INO_TRASH_INFO_FILE). */
static uint64_t trash_ino(enum ino_kind kind, uint32_t trash, uint32_t arg)
{
	uint64_t s = (uint64_t)(kind - INO_TRASH_DIR);
	if (trash >= INO_MAX_DRIVES || (kind != INO_TRASH_INFO_FILE && arg))
		return 0;
	return TRASH_BIT | s << 56 | (uint64_t)trash << 32 | arg;
}

static struct ino_parts trash_split(uint64_t ino)
{
	struct ino_parts p = {INO_NONE, 0, 0};
	unsigned s = (unsigned)(ino >> 56) & 0x3fu;
	if (s > 4)
		return p;
	p.kind = (enum ino_kind)(INO_TRASH_DIR + s);
	p.drive = (uint32_t)(ino >> 32) & 0xffffffu;
	p.arg = (uint32_t)ino;
	if (p.kind != INO_TRASH_INFO_FILE && p.arg)
		p.kind = INO_NONE;
	return p;
}

uint64_t ino_make(enum ino_kind kind, uint32_t drive, uint32_t arg)
{
	if (kind == INO_ROOT_DIR)
		return INO_ROOT;
	if (drive >= INO_MAX_DRIVES)
		return 0;
	uint64_t base = (uint64_t)BLOCK * (drive + 1u);
	switch (kind) {
	case INO_DRIVE_DIR:
		return base + SLOT_DRIVE;
	case INO_TRACKS_DIR:
		return base + SLOT_TRACKS;
	case INO_DISC_DIR:
		return base + SLOT_DISC;
	case INO_DRIVE_FILE:
		return arg < INO_MAX_DRIVE_FILES ? base + SLOT_FILE + arg : 0;
	case INO_DISC_TRACK:
		return arg >= 1 && arg <= INO_MAX_DISC_TRACK
			   ? base + SLOT_DISC_TRACK + arg
			   : 0;
	case INO_TRACK:
		return ((uint64_t)drive + 1u) << 32 | arg;
	case INO_FOLDER:
		return arg ? FOLDER_BIT | ((uint64_t)drive + 1u) << 32 | arg
			   : 0;
	case INO_TRASH_DIR:
	case INO_TRASH_FILES:
	case INO_TRASH_INFO:
	case INO_TRASH_INFO_FILE:
	case INO_TRASH_EXPUNGED:
		return trash_ino(kind, drive, arg);
	default:
		return 0;
	}
}

struct ino_parts ino_split(uint64_t ino)
{
	struct ino_parts p = {INO_NONE, 0, 0};
	if (ino == INO_ROOT) {
		p.kind = INO_ROOT_DIR;
		return p;
	}
	if ((ino & TRASH_BIT) && !(ino & FOLDER_BIT))
		return trash_split(ino);
	if (ino >> 32) {
		bool folder = (ino & FOLDER_BIT) != 0;
		uint64_t drive = ((ino & ~FOLDER_BIT) >> 32) - 1u;
		if (folder && (uint32_t)ino == 0)
			return p;
		if (drive < INO_MAX_DRIVES) {
			p.kind = folder ? INO_FOLDER : INO_TRACK;
			p.drive = (uint32_t)drive;
			p.arg = (uint32_t)ino;
		}
		return p;
	}
	if (ino < BLOCK || ino / BLOCK - 1u >= INO_MAX_DRIVES)
		return p;
	uint32_t drive = (uint32_t)(ino / BLOCK - 1u), slot = ino % BLOCK;
	p.drive = drive;
	if (slot == SLOT_DRIVE) {
		p.kind = INO_DRIVE_DIR;
	} else if (slot == SLOT_TRACKS) {
		p.kind = INO_TRACKS_DIR;
	} else if (slot == SLOT_DISC) {
		p.kind = INO_DISC_DIR;
	} else if (slot >= SLOT_FILE &&
		   slot < SLOT_FILE + INO_MAX_DRIVE_FILES) {
		p.kind = INO_DRIVE_FILE;
		p.arg = slot - SLOT_FILE;
	} else if (slot > SLOT_DISC_TRACK &&
		   slot <= SLOT_DISC_TRACK + INO_MAX_DISC_TRACK) {
		p.kind = INO_DISC_TRACK;
		p.arg = slot - SLOT_DISC_TRACK;
	}
	return p;
}

struct entry {
	uint64_t ino;
	uint64_t lookups;
	uint64_t generation;
	struct entry *next;
};

struct inode_table {
	pthread_mutex_t lock;
	struct entry **buckets;
	size_t n_buckets; /* a power of two */
	size_t count;
	uint64_t last_generation;
};

struct inode_table *inode_table_new(void)
{
	struct inode_table *t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->buckets = calloc(MIN_BUCKETS, sizeof(*t->buckets));
	if (!t->buckets || pthread_mutex_init(&t->lock, NULL) != 0) {
		free(t->buckets);
		free(t);
		return NULL;
	}
	t->n_buckets = MIN_BUCKETS;
	return t;
}

void inode_table_free(struct inode_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_buckets; i++) {
		for (struct entry *e = t->buckets[i], *next; e; e = next) {
			next = e->next;
			free(e);
		}
	}
	free(t->buckets);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

static size_t bucket_of(uint64_t ino, size_t n_buckets)
{
	/* Fibonacci hashing spreads both the small fixed numbers and the
	 * spool ids in the low bits of the tracks' numbers. */
	return (size_t)((ino * 0x9e3779b97f4a7c15ull) >> 32) & (n_buckets - 1);
}

static struct entry **find(struct inode_table *t, uint64_t ino)
{
	struct entry **pp = &t->buckets[bucket_of(ino, t->n_buckets)];
	while (*pp && (*pp)->ino != ino)
		pp = &(*pp)->next;
	return pp;
}

/* Doubles the buckets when the chains grow long; keeps them otherwise. */
static void grow(struct inode_table *t)
{
	if (t->count < t->n_buckets * 2)
		return;
	size_t n = t->n_buckets * 2;
	struct entry **b = calloc(n, sizeof(*b));
	if (!b)
		return; /* longer chains, still correct */
	for (size_t i = 0; i < t->n_buckets; i++) {
		for (struct entry *e = t->buckets[i], *next; e; e = next) {
			next = e->next;
			size_t k = bucket_of(e->ino, n);
			e->next = b[k];
			b[k] = e;
		}
	}
	free(t->buckets);
	t->buckets = b;
	t->n_buckets = n;
}

uint64_t inode_table_ref(struct inode_table *t, uint64_t ino)
{
	uint64_t gen = 0;
	pthread_mutex_lock(&t->lock);
	struct entry **pp = find(t, ino);
	if (*pp) {
		(*pp)->lookups++;
		gen = (*pp)->generation;
	} else {
		struct entry *e = malloc(sizeof(*e));
		if (e) {
			e->ino = ino;
			e->lookups = 1;
			e->generation = gen = ++t->last_generation;
			e->next = NULL;
			*pp = e;
			t->count++;
			grow(t);
		}
	}
	pthread_mutex_unlock(&t->lock);
	return gen;
}

void inode_table_forget(struct inode_table *t, uint64_t ino, uint64_t n)
{
	pthread_mutex_lock(&t->lock);
	struct entry **pp = find(t, ino);
	struct entry *e = *pp;
	if (e) {
		e->lookups = e->lookups > n ? e->lookups - n : 0;
		if (e->lookups == 0) {
			*pp = e->next;
			free(e);
			t->count--;
		}
	}
	pthread_mutex_unlock(&t->lock);
}

uint64_t inode_table_lookups(struct inode_table *t, uint64_t ino)
{
	pthread_mutex_lock(&t->lock);
	struct entry *e = *find(t, ino);
	uint64_t n = e ? e->lookups : 0;
	pthread_mutex_unlock(&t->lock);
	return n;
}

size_t inode_table_count(struct inode_table *t)
{
	pthread_mutex_lock(&t->lock);
	size_t n = t->count;
	pthread_mutex_unlock(&t->lock);
	return n;
}
