/*
 * track_aside.c - files of a folder of tracks/ that are not audio (cover
 * art, a rip's log, a playlist, text): copying an album folder copies
 * them too, so they are accepted and kept aside instead of refused.  A
 * file kept aside is stored in the spool like a track (its bytes as
 * written, durable and checksummed once closed), read back as written,
 * listed in its folder, shown in toc as not burnt, and never burnt.  At
 * the top of tracks/ a file that is not audio is still refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio_sum.h"
#include "intake.h"
#include "names.h"
#include "staging_internal.h"

enum intake_verdict aside_verdict(struct staging *st, struct track *t,
				  const char *buf, size_t size, off_t off,
				  bool complete)
{
	uint64_t end = buf ? (uint64_t)off + size : 0;
	if (end < t->size)
		end = t->size;
	size_t len = end < HEAD_BYTES ? (size_t)end : HEAD_BYTES;
	if (len == 0)
		return complete ? INTAKE_NOT_AUDIO : INTAKE_NEED_MORE;
	uint8_t *head = calloc(1, len);
	if (!head)
		return INTAKE_NEED_MORE; /* judged again later */
	size_t have = t->size < len ? (size_t)t->size : len;
	int fd = t->fd;
	if (have > 0 && fd < 0) { /* nobody has it open (a rename) */
		char path[PATH_MAX];
		staging_audio_path(st, t, path, sizeof(path));
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	ssize_t got = have > 0 && fd >= 0 ? pread(fd, head, have, 0) : 0;
	if (fd >= 0 && fd != t->fd)
		close(fd);
	if (have > 0 && (fd < 0 || got != (ssize_t)have)) {
		free(head);
		return INTAKE_NEED_MORE; /* judged again later */
	}
	if (buf && (uint64_t)off < len) {
		size_t copy = len - (size_t)off;
		memcpy(head + off, buf, copy < size ? copy : size);
	}
	char why[256];
	enum intake_verdict v =
	    intake_check_header(head, len, why, sizeof(why));
	free(head);
	/* A whole file too short to be judged is not audio either. */
	if (v == INTAKE_NEED_MORE && complete)
		v = INTAKE_NOT_AUDIO;
	return v;
}

void aside_mark(struct staging *st, struct track *t, const char *why)
{
	char path[PATH_MAX];
	t->meta.aside = true;
	t->head_ok = true;
	t->rejected = false;
	staging_track_path(st, t, path, sizeof(path));
	drive_log_add(st->log, "%s: %s, kept aside in its folder: not burnt",
		      path, why);
}

int aside_keep(struct staging *st, struct track *t)
{
	struct track_meta before = t->meta;
	uint64_t size = 0, sum = 0;
	int rc = 0;
	if (t->fd < 0) {
		char audio[PATH_MAX];
		staging_audio_path(st, t, audio, sizeof(audio));
		t->fd = open(audio, O_RDWR | O_CLOEXEC);
		if (t->fd < 0)
			rc = -errno;
	}
	if (rc == 0 && fsync(t->fd) < 0)
		rc = -errno;
	if (rc == 0)
		rc = audio_sum_file(t->fd, &size, &sum);
	if (rc < 0) {
		drive_log_add(st->log, "spool: cannot keep %s: %s",
			      t->meta.name, strerror(-rc));
		return rc;
	}
	/* staged: complete, its size and checksum checked at mount. */
	t->meta.staged = true;
	memset(&t->meta.intake, 0, sizeof(t->meta.intake));
	snprintf(t->meta.intake.description, sizeof(t->meta.intake.description),
		 "%s", "not audio, kept aside");
	t->meta.audio_checked = true;
	t->meta.audio_size = size;
	t->meta.audio_sum = sum;
	rc = staging_save_meta_or_undo(st, t, &before);
	if (rc == 0)
		t->dirty = false;
	return rc;
}

static int cmp_path(const void *a, const void *b)
{
	return names_path_cmp(*(char *const *)a, *(char *const *)b);
}

void aside_lines(struct staging *st, struct textbuf *tb)
{
	size_t n = 0, i = 0;
	for (struct track *t = st->tracks; t; t = t->next)
		n += t->linked && t->meta.aside && !t->in_trash;
	if (n == 0)
		return;
	char **paths = calloc(n, sizeof(*paths));
	for (struct track *t = st->tracks; paths && t; t = t->next) {
		if (!t->linked || !t->meta.aside || t->in_trash)
			continue;
		char path[PATH_MAX];
		staging_track_path(st, t, path, sizeof(path));
		if (!(paths[i] = strdup(path)))
			break;
		i++;
	}
	if (paths)
		qsort(paths, i, sizeof(*paths), cmp_path);
	for (size_t k = 0; k < i; k++) {
		tb_printf(tb, "aside: ");
		tb_append_one_line(tb, paths[k], PATH_MAX);
		tb_printf(tb, ": not audio, kept aside, not burnt\n");
		free(paths[k]);
	}
	free(paths);
}
