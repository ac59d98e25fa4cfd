/*
 * xattr_store.h - the user.* extended attributes of a staged file other
 * than the per-track options (user.isrc, user.pre_emphasis,
 * user.copy_permitted), kept so that cp -a and rsync -X find what they
 * stored.  They live in a small blob inside track_meta: entries of
 * name, NUL, 2-byte little-endian length, value.  Pure functions.
 */
#ifndef BURNFS_XATTR_STORE_H
#define BURNFS_XATTR_STORE_H

#include <stddef.h>
#include <stdint.h>

#define XATTR_STORE_BYTES 2048

struct xattr_store {
	uint8_t data[XATTR_STORE_BYTES];
	size_t len;
};

/* Value of name: its length (copied when size >= it), -ENODATA, -ERANGE. */
int xattr_store_get(const struct xattr_store *x, const char *name, void *value,
		    size_t size);
/*
 * Sets name (flags: XATTR_CREATE, XATTR_REPLACE).  0, -EEXIST, -ENODATA,
 * -ENOSPC (blob full), -E2BIG (value over 65535 bytes).
 */
int xattr_store_set(struct xattr_store *x, const char *name, const void *value,
		    size_t size, int flags);
/* 0 or -ENODATA. */
int xattr_store_remove(struct xattr_store *x, const char *name);
/*
 * Appends the names, each NUL-terminated, to list at *used (size 0:
 * only counts).  0 or -ERANGE.
 */
int xattr_store_list(const struct xattr_store *x, char *list, size_t size,
		     size_t *used);

/* Iterates: *at starts at 0; 1 with name/value set, 0 at the end. */
int xattr_store_next(const struct xattr_store *x, size_t *at, const char **name,
		     const uint8_t **value, size_t *size);

#endif
