/*
 * track_xattr.c - extended attributes of staged tracks: user.isrc,
 * user.pre_emphasis, user.copy_permitted, and other user.* attributes
 * kept in the track's metadata.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "intake.h"
#include "msf.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"
#include "tao_layout.h"
#include "track_meta.h"

enum xkey { X_ISRC, X_PRE_EMPHASIS, X_COPY_PERMITTED, X_NONE };

static enum xkey xattr_key(const char *attr)
{
	if (strcmp(attr, "user.isrc") == 0)
		return X_ISRC;
	if (strcmp(attr, "user.pre_emphasis") == 0)
		return X_PRE_EMPHASIS;
	if (strcmp(attr, "user.copy_permitted") == 0)
		return X_COPY_PERMITTED;
	return X_NONE;
}

static bool isrc_valid(const char *v, size_t n)
{
	if (n != 12)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = v[i];
		bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
		if (!alnum || (i >= 5 && !(c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static bool is_user_attr(const char *attr)
{
	return strncmp(attr, "user.", 5) == 0 && attr[5] != '\0';
}

/*
 * The log line of a refused change of attr on the file name (refusals
 * a user can act on; ENOENT, ENODATA, EEXIST and ENOTSUP are answers).
 */
static int log_refusal(struct staging *st, const char *name, const char *attr,
		       int rc, enum xkey k)
{
	const char *why = NULL;
	switch (rc) {
	case -EINVAL:
		why = k == X_ISRC ? "an ISRC is 12 characters CCOOOYYSSSSS: "
				    "country and owner letters or digits, "
				    "year and serial digits"
				  : "the value is 0 or 1";
		break;
	case -EBUSY:
		why = "being burnt, cannot be changed";
		break;
	case -ENOSPC:
	case -E2BIG:
		why = "the attributes of a file take at most 2048 bytes";
		break;
	default:
		break;
	}
	if (why)
		drive_log_add(st->log, "%s: %s refused: %s", name, attr, why);
	else if (rc < 0 && rc != -ENOENT && rc != -ENODATA && rc != -EEXIST &&
		 rc != -ENOTSUP && rc != -ERANGE)
		drive_log_add(st->log, "%s: %s refused: %s", name, attr,
			      strerror(-rc));
	return rc;
}

/* Any other user.* attribute: stored as given. */
static int set_other_xattr(struct staging *st, const char *name,
			   const char *attr, const char *value, size_t size,
			   int flags)
{
	if (!is_user_attr(attr))
		return -ENOTSUP;
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else {
		struct track_meta before = t->meta;
		rc = xattr_store_set(&t->meta.xattrs, attr, value, size, flags);
		if (rc == 0) {
			t->meta.ctime = staging_wall_now();
			rc = staging_save_meta_or_undo(st, t, &before);
		}
	}
	pthread_mutex_unlock(&st->lock);
	return log_refusal(st, name, attr, rc, X_NONE);
}

int staging_setxattr(struct staging *st, const char *name, const char *attr,
		     const char *value, size_t size, int flags)
{
	enum xkey k = xattr_key(attr);
	if (k == X_NONE)
		return set_other_xattr(st, name, attr, value, size, flags);
	while (size > 0 && (value[size - 1] == '\n' || value[size - 1] == 0))
		size--;
	if (k == X_ISRC && !isrc_valid(value, size))
		return log_refusal(st, name, attr, -EINVAL, k);
	if (k != X_ISRC && !(size == 1 && (value[0] == '0' || value[0] == '1')))
		return log_refusal(st, name, attr, -EINVAL, k);
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else {
		bool exists = k == X_ISRC	    ? t->meta.isrc[0] != '\0'
			      : k == X_PRE_EMPHASIS ? t->meta.pre_emphasis
						    : t->meta.copy_permitted;
		if ((flags & XATTR_CREATE) && exists)
			rc = -EEXIST;
		else if ((flags & XATTR_REPLACE) && !exists)
			rc = -ENODATA;
	}
	if (t && rc == 0) {
		struct track_meta before = t->meta;
		if (k == X_ISRC) {
			memcpy(t->meta.isrc, value, 12);
			t->meta.isrc[12] = '\0';
		} else if (k == X_PRE_EMPHASIS) {
			t->meta.pre_emphasis = value[0] == '1';
		} else {
			t->meta.copy_permitted = value[0] == '1';
		}
		t->meta.ctime = staging_wall_now();
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	pthread_mutex_unlock(&st->lock);
	return log_refusal(st, name, attr, rc, k);
}

/* The value of k for t ("" when not set). */
static const char *xattr_value(const struct track *t, enum xkey k)
{
	switch (k) {
	case X_ISRC:
		return t->meta.isrc;
	case X_PRE_EMPHASIS:
		return t->meta.pre_emphasis ? "1" : "";
	case X_COPY_PERMITTED:
		return t->meta.copy_permitted ? "1" : "";
	case X_NONE:
		break;
	}
	return "";
}

int staging_getxattr(struct staging *st, const char *name, const char *attr,
		     char *value, size_t size)
{
	enum xkey k = xattr_key(attr);
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (k == X_NONE) {
		rc = xattr_store_get(&t->meta.xattrs, attr, value, size);
	} else if (xattr_value(t, k)[0] == '\0') {
		rc = -ENODATA;
	} else {
		const char *v = xattr_value(t, k);
		size_t n = strlen(v);
		if (size == 0)
			rc = (int)n;
		else if (size < n)
			rc = -ERANGE;
		else {
			memcpy(value, v, n);
			rc = (int)n;
		}
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_listxattr(struct staging *st, const char *name, char *list,
		      size_t size)
{
	static const char *const names[] = {"user.isrc", "user.pre_emphasis",
					    "user.copy_permitted"};
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else {
		size_t used = 0;
		for (int k = 0; k < 3; k++) {
			if (xattr_value(t, (enum xkey)k)[0] == '\0')
				continue;
			size_t n = strlen(names[k]) + 1;
			if (size > 0 && used + n > size) {
				rc = -ERANGE;
				break;
			}
			if (size > 0)
				memcpy(list + used, names[k], n);
			used += n;
		}
		if (rc == 0)
			rc = xattr_store_list(&t->meta.xattrs, list, size,
					      &used);
		if (rc == 0)
			rc = (int)used;
	}
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int staging_removexattr(struct staging *st, const char *name, const char *attr)
{
	enum xkey k = xattr_key(attr);
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find(st, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else if (k == X_NONE) {
		struct track_meta before = t->meta;
		rc = xattr_store_remove(&t->meta.xattrs, attr);
		if (rc == 0) {
			t->meta.ctime = staging_wall_now();
			rc = staging_save_meta_or_undo(st, t, &before);
		}
	} else if (xattr_value(t, k)[0] == '\0') {
		rc = -ENODATA;
	} else {
		struct track_meta before = t->meta;
		if (k == X_ISRC)
			t->meta.isrc[0] = '\0';
		else if (k == X_PRE_EMPHASIS)
			t->meta.pre_emphasis = false;
		else
			t->meta.copy_permitted = false;
		t->meta.ctime = staging_wall_now();
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	pthread_mutex_unlock(&st->lock);
	return log_refusal(st, name, attr, rc, k);
}
