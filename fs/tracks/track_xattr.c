/*
 * track_xattr.c - extended attributes of staged tracks: user.isrc,
 * user.pre_emphasis, user.copy_permitted, user.pregap (Session-At-Once:
 * the silence before the track, overriding the pregap control),
 * user.title, user.performer, user.songwriter, user.composer (CD-TEXT,
 * overriding the file's tags), and other user.* attributes, all kept in
 * the track's metadata.
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

enum xkey {
	X_ISRC,
	X_PRE_EMPHASIS,
	X_COPY_PERMITTED,
	X_PREGAP,
	X_TITLE, /* X_TITLE + enum track_text */
	X_PERFORMER,
	X_SONGWRITER,
	X_COMPOSER,
	X_NONE
};

static const char *const xkey_names[X_NONE] = {
    "user.isrc",  "user.pre_emphasis", "user.copy_permitted", "user.pregap",
    "user.title", "user.performer",    "user.songwriter",     "user.composer"};

static enum xkey xattr_key(const char *attr)
{
	for (int k = 0; k < X_NONE; k++)
		if (strcmp(attr, xkey_names[k]) == 0)
			return (enum xkey)k;
	return X_NONE;
}

static bool is_text(enum xkey k)
{
	return k >= X_TITLE && k <= X_COMPOSER;
}

/* One line of UTF-8 (no control characters), at most 160 bytes. */
static bool text_valid(const char *v, size_t n)
{
	if (n >= TRACK_TEXT_BYTES)
		return false;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)v[i];
		size_t len = c < 0x80		  ? 1
			     : (c & 0xE0) == 0xC0 ? 2
			     : (c & 0xF0) == 0xE0 ? 3
			     : (c & 0xF8) == 0xF0 ? 4
						  : 0;
		if (len == 0 || i + len > n || c < 0x20 || c == 0x7F ||
		    c == 0xC0 || c == 0xC1 || c > 0xF4)
			return false;
		for (size_t j = 1; j < len; j++)
			if (((unsigned char)v[i + j] & 0xC0) != 0x80)
				return false;
		i += len;
	}
	return true;
}

static const char *xattr_value(const struct track *t, enum xkey k,
			       char buf[16]);

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
		      : k == X_PREGAP
			  ? "a pregap is seconds (2, 0, 1.5) or mm:ss:ff "
			    "(minutes up to 59)"
		      : is_text(k) ? "a CD-TEXT text is one line of UTF-8 "
				     "without control characters, at most "
				     "160 bytes"
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
static int set_other_xattr(struct staging *st, uint32_t folder,
			   const char *name, const char *attr,
			   const char *value, size_t size, int flags)
{
	if (!is_user_attr(attr))
		return -ENOTSUP;
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
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

int staging_setxattr(struct staging *st, uint32_t folder, const char *name,
		     const char *attr, const char *value, size_t size,
		     int flags)
{
	enum xkey k = xattr_key(attr);
	if (k == X_NONE)
		return set_other_xattr(st, folder, name, attr, value, size,
				       flags);
	while (size > 0 && (value[size - 1] == '\n' || value[size - 1] == 0))
		size--;
	uint32_t pregap = 0;
	if (k == X_ISRC && !isrc_valid(value, size))
		return log_refusal(st, name, attr, -EINVAL, k);
	if (k == X_PREGAP && msf_parse_duration(value, size, &pregap) < 0)
		return log_refusal(st, name, attr, -EINVAL, k);
	if (is_text(k) && (size == 0 || !text_valid(value, size)))
		return log_refusal(st, name, attr, -EINVAL, k);
	if ((k == X_PRE_EMPHASIS || k == X_COPY_PERMITTED) &&
	    !(size == 1 && (value[0] == '0' || value[0] == '1')))
		return log_refusal(st, name, attr, -EINVAL, k);
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
	if (!t) {
		rc = -ENOENT;
	} else if (t->in_job) {
		rc = -EBUSY;
	} else {
		char buf[16];
		bool exists = xattr_value(t, k, buf)[0] != '\0';
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
		} else if (k == X_COPY_PERMITTED) {
			t->meta.copy_permitted = value[0] == '1';
		} else if (k == X_PREGAP) {
			t->meta.pregap_set = true;
			t->meta.pregap = pregap;
		} else {
			char *dst = t->meta.text[k - X_TITLE];
			memcpy(dst, value, size);
			dst[size] = '\0';
		}
		t->meta.ctime = staging_wall_now();
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	pthread_mutex_unlock(&st->lock);
	return log_refusal(st, name, attr, rc, k);
}

/* The value of k for t ("" when not set); buf holds a formatted one
 * (16 bytes). */
static const char *xattr_value(const struct track *t, enum xkey k, char buf[16])
{
	switch (k) {
	case X_ISRC:
		return t->meta.isrc;
	case X_PRE_EMPHASIS:
		return t->meta.pre_emphasis ? "1" : "";
	case X_COPY_PERMITTED:
		return t->meta.copy_permitted ? "1" : "";
	case X_PREGAP:
		if (!t->meta.pregap_set)
			return "";
		msf_format_duration(t->meta.pregap, buf, 16);
		return buf;
	case X_TITLE:
	case X_PERFORMER:
	case X_SONGWRITER:
	case X_COMPOSER:
		return t->meta.text[k - X_TITLE];
	case X_NONE:
		break;
	}
	return "";
}

int staging_getxattr(struct staging *st, uint32_t folder, const char *name,
		     const char *attr, char *value, size_t size)
{
	enum xkey k = xattr_key(attr);
	char buf[16];
	int rc;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
	if (!t) {
		rc = -ENOENT;
	} else if (k == X_NONE) {
		rc = xattr_store_get(&t->meta.xattrs, attr, value, size);
	} else if (xattr_value(t, k, buf)[0] == '\0') {
		rc = -ENODATA;
	} else {
		const char *v = xattr_value(t, k, buf);
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

int staging_listxattr(struct staging *st, uint32_t folder, const char *name,
		      char *list, size_t size)
{
	char buf[16];
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
	if (!t) {
		rc = -ENOENT;
	} else {
		size_t used = 0;
		for (int k = 0; k < X_NONE; k++) {
			if (xattr_value(t, (enum xkey)k, buf)[0] == '\0')
				continue;
			size_t n = strlen(xkey_names[k]) + 1;
			if (size > 0 && used + n > size) {
				rc = -ERANGE;
				break;
			}
			if (size > 0)
				memcpy(list + used, xkey_names[k], n);
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

int staging_removexattr(struct staging *st, uint32_t folder, const char *name,
			const char *attr)
{
	enum xkey k = xattr_key(attr);
	char buf[16];
	int rc = 0;
	pthread_mutex_lock(&st->lock);
	struct track *t = staging_find_in(st, folder, name);
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
	} else if (xattr_value(t, k, buf)[0] == '\0') {
		rc = -ENODATA;
	} else {
		struct track_meta before = t->meta;
		if (k == X_ISRC)
			t->meta.isrc[0] = '\0';
		else if (k == X_PRE_EMPHASIS)
			t->meta.pre_emphasis = false;
		else if (k == X_COPY_PERMITTED)
			t->meta.copy_permitted = false;
		else if (k == X_PREGAP)
			t->meta.pregap_set = false;
		else
			t->meta.text[k - X_TITLE][0] = '\0';
		t->meta.ctime = staging_wall_now();
		rc = staging_save_meta_or_undo(st, t, &before);
	}
	pthread_mutex_unlock(&st->lock);
	return log_refusal(st, name, attr, rc, k);
}
