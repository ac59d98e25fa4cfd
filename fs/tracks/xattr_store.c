/*
 * xattr_store.c - user.* extended attributes in a blob (see
 * xattr_store.h).
 */
#include "xattr_store.h"

#include <errno.h>
#include <string.h>
#include <sys/xattr.h>

int xattr_store_next(const struct xattr_store *x, size_t *at, const char **name,
		     const uint8_t **value, size_t *size)
{
	if (*at >= x->len)
		return 0;
	const uint8_t *p = x->data + *at;
	size_t left = x->len - *at;
	size_t nl = strnlen((const char *)p, left);
	if (nl + 3 > left)
		return 0; /* damaged: stop */
	size_t vl = (size_t)p[nl + 1] | (size_t)p[nl + 2] << 8;
	if (nl + 3 + vl > left)
		return 0;
	*name = (const char *)p;
	*value = p + nl + 3;
	*size = vl;
	*at += nl + 3 + vl;
	return 1;
}

/* Offset of name's entry and its length, or -1. */
static long find(const struct xattr_store *x, const char *name,
		 size_t *entry_len)
{
	size_t at = 0, start = 0;
	const char *n;
	const uint8_t *v;
	size_t vl;
	while (start = at, xattr_store_next(x, &at, &n, &v, &vl)) {
		if (strcmp(n, name) == 0) {
			*entry_len = at - start;
			return (long)start;
		}
	}
	return -1;
}

int xattr_store_get(const struct xattr_store *x, const char *name, void *value,
		    size_t size)
{
	size_t at = 0, vl;
	const char *n;
	const uint8_t *v;
	while (xattr_store_next(x, &at, &n, &v, &vl)) {
		if (strcmp(n, name) != 0)
			continue;
		if (size == 0)
			return (int)vl;
		if (size < vl)
			return -ERANGE;
		memcpy(value, v, vl);
		return (int)vl;
	}
	return -ENODATA;
}

int xattr_store_remove(struct xattr_store *x, const char *name)
{
	size_t el;
	long off = find(x, name, &el);
	if (off < 0)
		return -ENODATA;
	memmove(x->data + off, x->data + off + el, x->len - (size_t)off - el);
	x->len -= el;
	return 0;
}

int xattr_store_set(struct xattr_store *x, const char *name, const void *value,
		    size_t size, int flags)
{
	size_t el;
	long off = find(x, name, &el);
	if (off >= 0 && (flags & XATTR_CREATE))
		return -EEXIST;
	if (off < 0 && (flags & XATTR_REPLACE))
		return -ENODATA;
	if (size > 65535)
		return -E2BIG;
	size_t nl = strlen(name);
	size_t need = nl + 3 + size, have = x->len - (off >= 0 ? el : 0);
	if (have + need > sizeof(x->data))
		return -ENOSPC;
	if (off >= 0)
		xattr_store_remove(x, name);
	uint8_t *p = x->data + x->len;
	memcpy(p, name, nl + 1);
	p[nl + 1] = (uint8_t)(size & 0xff);
	p[nl + 2] = (uint8_t)(size >> 8);
	if (size)
		memcpy(p + nl + 3, value, size);
	x->len += need;
	return 0;
}

int xattr_store_list(const struct xattr_store *x, char *list, size_t size,
		     size_t *used)
{
	size_t at = 0, vl;
	const char *n;
	const uint8_t *v;
	while (xattr_store_next(x, &at, &n, &v, &vl)) {
		size_t nl = strlen(n) + 1;
		if (size > 0 && *used + nl > size)
			return -ERANGE;
		if (size > 0)
			memcpy(list + *used, n, nl);
		*used += nl;
	}
	return 0;
}
