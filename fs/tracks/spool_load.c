/*
 * spool_load.c - loading the tracks an earlier mount left in the spool
 * (after its folders, folder_table.c): damaged or unfinished leftovers
 * are removed or skipped, with a log line.
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

#include "audio_sum.h"
#include "intake.h"
#include "msf.h"
#include "names.h"
#include "spool.h"
#include "staging_internal.h"
#include "tao_layout.h"
#include "track_meta.h"

/*
 * Sets a track's spool files aside: tNNNNNN.<ext> becomes
 * tNNNNNN.<tag>.<ext>, which no mount loads or deletes (the user may
 * look at it, or delete it).  Logs where they went.
 */
static void set_aside(struct staging *st, uint32_t id, const char *name,
		      const char *tag, const char *why, char *first,
		      size_t first_len)
{
	static const char *const exts[] = {"audio", "meta", "cdda"};
	char from[PATH_MAX], to[PATH_MAX], ext[32];
	first[0] = '\0';
	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		spool_track_path(st->dir, id, exts[i], from, sizeof(from));
		snprintf(ext, sizeof(ext), "%s.%s", tag, exts[i]);
		spool_track_path(st->dir, id, ext, to, sizeof(to));
		if (rename(from, to) < 0) {
			if (errno != ENOENT)
				drive_log_add(st->log,
					      "spool: cannot set %s aside as "
					      "%s: %s",
					      from, to, strerror(errno));
			continue;
		}
		if (!first[0])
			snprintf(first, first_len, "%s", to);
	}
	drive_log_add(st->log, "spool: %s: %s; set aside as %s", name, why,
		      first[0] ? first : "(nothing to keep)");
}

/*
 * Of two spool files with one name (a crash between a rename's two
 * steps, or a file refused while it was renamed), which one is the
 * track: the one intake accepted, else the newer one.
 */
static bool prefer_new(const struct track *old, uint32_t id,
		       const struct track_meta *m)
{
	if (m->staged != old->meta.staged)
		return m->staged;
	return id > old->id;
}

/*
 * Whether a staged track's .audio is no longer what intake accepted: its
 * size or checksum differ from its .meta.  why gets a sentence.
 */
static bool audio_damaged(struct staging *st, uint32_t id,
			  const struct track_meta *m, const struct stat *sb,
			  char *why, size_t why_len)
{
	char path[PATH_MAX];
	uint64_t size = 0, sum = 0;
	if ((uint64_t)sb->st_size != m->audio_size) {
		snprintf(why, why_len,
			 "damaged in the spool since it was staged (its audio "
			 "file has %llu bytes, %llu were staged)",
			 (unsigned long long)sb->st_size,
			 (unsigned long long)m->audio_size);
		return true;
	}
	spool_track_path(st->dir, id, "audio", path, sizeof(path));
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = fd < 0 ? -errno : audio_sum_file(fd, &size, &sum);
	if (fd >= 0)
		close(fd);
	if (rc < 0) {
		snprintf(why, why_len,
			 "damaged in the spool: its audio file cannot be "
			 "read (%s)",
			 strerror(-rc));
		return true;
	}
	if (size != m->audio_size || sum != m->audio_sum) {
		snprintf(why, why_len,
			 "damaged in the spool since it was staged (its audio "
			 "bytes changed: checksum %016llx, %016llx when "
			 "staged)",
			 (unsigned long long)sum,
			 (unsigned long long)m->audio_sum);
		return true;
	}
	return false;
}

/* A line for the toc about a track set aside (staging_damaged). */
static void note_damaged(struct staging *st, const char *name, const char *why,
			 const char *aside)
{
	tb_append_one_line(&st->damaged, name, NAME_MAX + 1);
	tb_printf(&st->damaged, ": %s; set aside as %s, not burnt\n", why,
		  aside[0] ? aside : "(nothing left)");
}

static void load_one(struct staging *st, uint32_t id)
{
	char path[PATH_MAX], *text, why[512];
	size_t len;
	struct track_meta m;

	spool_track_path(st->dir, id, "meta", path, sizeof(path));
	int rc = spool_read_file(path, &text, &len);
	if (rc < 0) {
		drive_log_add(st->log, "spool: cannot read %s: %s", path,
			      strerror(-rc));
		return;
	}
	rc = track_meta_decode(text, len, &m);
	free(text);
	if (rc < 0) {
		drive_log_add(st->log, "spool: %s is damaged, left alone",
			      path);
		return;
	}
	struct stat sb;
	spool_track_path(st->dir, id, "audio", path, sizeof(path));
	if (stat(path, &sb) < 0) {
		drive_log_add(st->log, "spool: %s has no data, forgotten",
			      m.name);
		staging_unlink_spool(st, id, "meta");
		return;
	}
	char aside[PATH_MAX];
	if (!m.staged && !names_is_temporary(m.name)) {
		/* Its writer never got its close acknowledged: after a power
		 * cut its bytes may be any mix of what was written and zeros,
		 * which intake cannot tell from audio. */
		snprintf(why, sizeof(why),
			 "its copy was never finished (it was being written "
			 "or checked when burnfs stopped)");
		set_aside(st, id, m.name, "unfinished", why, aside,
			  sizeof(aside));
		note_damaged(st, m.name, why, aside);
		return;
	}
	if (m.staged && m.intake.convert) {
		struct stat cb;
		spool_track_path(st->dir, id, "cdda", path, sizeof(path));
		if (stat(path, &cb) < 0 ||
		    (uint64_t)cb.st_size != m.intake.pcm_bytes)
			m.staged = false; /* converted again below */
		spool_track_path(st->dir, id, "audio", path, sizeof(path));
	}
	if (m.audio_checked &&
	    audio_damaged(st, id, &m, &sb, why, sizeof(why))) {
		set_aside(st, id, m.name, "damaged", why, aside, sizeof(aside));
		note_damaged(st, m.name, why, aside);
		return;
	}
	if (m.folder != 0 && m.folder != STAGING_TRASH &&
	    !folder_by_id(st, m.folder)) {
		drive_log_add(st->log,
			      "spool: %s: the folder holding it is lost; "
			      "shown at the top of tracks/",
			      m.name);
		m.folder = 0;
	}
	struct track *old = staging_find_in(st, m.folder, m.name);
	if (old) {
		/* Never a deletion: the other file is set aside. */
		if (!prefer_new(old, id, &m)) {
			set_aside(st, id, m.name, "duplicate",
				  "two files with this name, the other one "
				  "kept",
				  aside, sizeof(aside));
			return;
		}
		set_aside(st, old->id, m.name, "duplicate",
			  "two files with this name, the other one kept", aside,
			  sizeof(aside));
		staging_unlist(st, old);
		track_destroy(old);
	}
	struct track *t = calloc(1, sizeof(*t));
	if (!t) {
		drive_log_add(st->log, "spool: out of memory loading %s",
			      m.name);
		return;
	}
	t->id = id;
	t->meta = m;
	t->size = (uint64_t)sb.st_size;
	t->fd = -1;
	t->linked = true;
	t->head_ok = m.staged;
	t->next = st->tracks;
	st->tracks = t;
}

int staging_load(struct staging *st)
{
	DIR *d = opendir(st->dir);
	if (!d)
		return -errno;
	struct id_list metas = {0}, audios = {0}, cddas = {0};
	struct dirent *de;
	int rc = 0;
	uint32_t max_id = 0;
	while ((de = readdir(d)) != NULL) {
		uint32_t id;
		const char *ext;
		size_t nl = strlen(de->d_name);
		if (nl > 4 && strcmp(de->d_name + nl - 4, ".tmp") == 0) {
			if (unlinkat(dirfd(d), de->d_name, 0) < 0)
				drive_log_add(st->log,
					      "spool: cannot remove %s: %s",
					      de->d_name, strerror(errno));
			continue;
		}
		if (!spool_parse_track_name(de->d_name, &id, &ext))
			continue;
		if (id > max_id)
			max_id = id;
		if (strcmp(ext, "meta") == 0)
			rc = id_list_add(&metas, id);
		else if (strcmp(ext, "audio") == 0)
			rc = id_list_add(&audios, id);
		else if (strcmp(ext, "cdda") == 0)
			rc = id_list_add(&cddas, id);
		if (rc < 0)
			break;
	}
	closedir(d);
	if (rc == 0) {
		pthread_mutex_lock(&st->lock);
		st->next_id = max_id + 1;
		folder_load_all(st);
		for (size_t i = 0; i < metas.n; i++)
			load_one(st, metas.ids[i]);
		for (size_t i = 0; i < audios.n; i++) {
			if (!id_list_has(&metas, audios.ids[i])) {
				/* Created, but its metadata never written. */
				staging_unlink_spool(st, audios.ids[i],
						     "audio");
			}
		}
		for (size_t i = 0; i < cddas.n; i++)
			if (!id_list_has(&metas, cddas.ids[i]))
				staging_unlink_spool(st, cddas.ids[i], "cdda");
		trash_mark(st);
		/* Staged tracks whose conversion was lost: converted again
		 * from their checked .audio. */
		struct track *t = st->tracks, *next;
		for (; t; t = next) {
			next = t->next;
			if (track_is_visible(t) && !t->meta.staged)
				staging_finalize(st, t);
		}
		size_t n = staging_count_tracks(st);
		if (n > 0)
			drive_log_add(st->log,
				      "%zu staged track%s found in "
				      "the spool",
				      n, n == 1 ? "" : "s");
		pthread_mutex_unlock(&st->lock);
	}
	free(metas.ids);
	free(audios.ids);
	free(cddas.ids);
	return rc;
}
