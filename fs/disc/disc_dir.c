/*
 * disc_dir.c - the disc/ directory (see disc_dir.h).
 */
#include "disc_dir.h"
#include "q_control.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disc_wav.h"
#include "drive_log.h"
#include "msf.h"
#include "recorder.h"

struct disc_file {
	struct drive *d;
	char name[16];
	int32_t start;	  /* LBA of the first audio sector */
	uint32_t sectors; /* audio sectors */
	uint8_t header[DISC_WAV_HEADER_BYTES];

	pthread_mutex_t lock; /* the cache below */
	int32_t cache_lba;    /* first sector held */
	uint32_t cache_n;     /* sectors held */
	uint8_t *cache;	      /* DISC_DIR_READ_SECTORS sectors */
};

static bool is_audio(const struct media_track *t)
{
	return (t->control & Q_CTL_DATA) == 0 &&
	       disc_wav_sectors(t->length) > 0;
}

/* The audio track named name on the disc. */
static int find_track(struct drive *d, const char *name,
		      struct media_track *out)
{
	int n = disc_wav_parse_name(name);
	if (n < 0)
		return -ENOENT;
	struct media_info *m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	int rc = -ENOENT;
	if (drive_media_info(d, m) == 0) {
		for (size_t i = 0; i < m->n_tracks; i++) {
			if (m->tracks[i].number == n &&
			    is_audio(&m->tracks[i])) {
				*out = m->tracks[i];
				rc = 0;
				break;
			}
		}
	}
	free(m);
	return rc;
}

int disc_dir_readdir(struct drive *d,
		     int (*fill)(void *ctx, const char *name,
				 const struct stat *st),
		     void *ctx, const struct stat *tmpl)
{
	struct media_info *m = malloc(sizeof(*m));
	if (!m)
		return -ENOMEM;
	if (drive_media_info(d, m) == 0) {
		for (size_t i = 0; i < m->n_tracks; i++) {
			const struct media_track *t = &m->tracks[i];
			if (!is_audio(t))
				continue;
			char name[16];
			struct stat st = *tmpl;
			disc_wav_name(t->number, name, sizeof(name));
			st.st_size =
			    (off_t)disc_wav_size(disc_wav_sectors(t->length));
			if (fill(ctx, name, &st))
				break;
		}
	}
	free(m);
	return 0;
}

int disc_dir_getattr(struct drive *d, const char *name, struct stat *st)
{
	struct media_track t;
	int rc = find_track(d, name, &t);
	if (rc < 0)
		return rc;
	st->st_size = (off_t)disc_wav_size(disc_wav_sectors(t.length));
	return 0;
}

int disc_file_open(struct drive *d, const char *name, int flags,
		   struct disc_file **out)
{
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return -EROFS;
	struct media_track t;
	int rc = find_track(d, name, &t);
	if (rc < 0)
		return rc;
	if (drive_job_running(d))
		return -EBUSY;
	struct disc_file *f = calloc(1, sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->cache = malloc((size_t)DISC_DIR_READ_SECTORS * CD_SECTOR_BYTES);
	if (!f->cache) {
		free(f);
		return -ENOMEM;
	}
	f->d = d;
	snprintf(f->name, sizeof(f->name), "%s", name);
	f->start = t.start_lba;
	f->sectors = disc_wav_sectors(t.length);
	disc_wav_header(f->header, (uint64_t)f->sectors * CD_SECTOR_BYTES);
	pthread_mutex_init(&f->lock, NULL);
	*out = f;
	return 0;
}

off_t disc_file_size(const struct disc_file *f)
{
	return (off_t)disc_wav_size(f->sectors);
}

/* Makes sector s of the track (0-based) the cache's; with f->lock held. */
static int load(struct disc_file *f, uint32_t s)
{
	int32_t lba = f->start + (int32_t)s;
	if (f->cache_n && lba >= f->cache_lba &&
	    lba < f->cache_lba + (int32_t)f->cache_n)
		return 0;
	uint32_t n = f->sectors - s;
	if (n > DISC_DIR_READ_SECTORS)
		n = DISC_DIR_READ_SECTORS;
	char why[256] = "";
	f->cache_n = 0;
	int rc = recorder_read_audio(drive_recorder(f->d), lba, n, f->cache,
				     why, sizeof(why));
	if (rc == -EBUSY)
		return rc;
	if (rc < 0) {
		drive_log_add(drive_log_of(f->d), "disc/%s: %s", f->name, why);
		return -EIO;
	}
	f->cache_lba = lba;
	f->cache_n = n;
	return 0;
}

int disc_file_read(struct disc_file *f, char *buf, size_t size, off_t off)
{
	uint64_t total = disc_wav_size(f->sectors);
	if (off < 0)
		return -EINVAL;
	if ((uint64_t)off >= total || size == 0)
		return 0;
	if (size > total - (uint64_t)off)
		size = (size_t)(total - (uint64_t)off);
	if (size > INT32_MAX)
		size = INT32_MAX;
	size_t done = 0;
	uint64_t pos = (uint64_t)off;
	while (done < size && pos < DISC_WAV_HEADER_BYTES) {
		buf[done++] = (char)f->header[pos++];
	}
	pthread_mutex_lock(&f->lock);
	int rc = 0;
	while (done < size) {
		uint64_t a = pos - DISC_WAV_HEADER_BYTES;
		uint32_t s = (uint32_t)(a / CD_SECTOR_BYTES);
		rc = load(f, s);
		if (rc < 0)
			break;
		uint64_t from =
		    a - (uint64_t)(f->cache_lba - f->start) * CD_SECTOR_BYTES;
		uint64_t avail = (uint64_t)f->cache_n * CD_SECTOR_BYTES - from;
		size_t n = size - done < avail ? size - done : (size_t)avail;
		memcpy(buf + done, f->cache + from, n);
		done += n;
		pos += n;
	}
	pthread_mutex_unlock(&f->lock);
	if (rc < 0 && done == 0)
		return rc;
	return (int)done;
}

void disc_file_close(struct disc_file *f)
{
	if (!f)
		return;
	pthread_mutex_destroy(&f->lock);
	free(f->cache);
	free(f);
}
