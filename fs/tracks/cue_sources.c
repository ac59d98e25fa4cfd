/*
 * cue_sources.c - where a cue sheet and its audio come from when they
 * are not a .cue and audio files intake decodes (see cue_album.h): the
 * sheet a FLAC file carries in its metadata (read here, parsed by
 * audio/flac_cue.c), and raw CD audio without a header (FILE ...
 * BINARY or MOTOROLA).
 */
#include "cue_album.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "flac_cue.h"

/* pread of exactly len bytes at off: 0, -EIO at the end, -errno. */
static int read_at(int fd, uint8_t *buf, size_t len, off_t off)
{
	size_t got = 0;
	while (got < len) {
		ssize_t r = pread(fd, buf + got, len - got, off + (off_t)got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			return -EIO;
		got += (size_t)r;
	}
	return 0;
}

/*
 * The metadata blocks of the FLAC file at fd that flac_cue_find needs
 * ("fLaC", then STREAMINFO, VORBIS_COMMENT, CUESHEET with their
 * headers; the others skipped), into a malloc'd *out.  0, 1 (not a FLAC
 * file), -EINVAL with why (cut short), -errno.
 */
static int flac_metadata(int fd, uint8_t **out, size_t *out_len, char *why,
			 size_t why_len)
{
	uint8_t head[FLAC_MARKER_BYTES];
	*out = NULL;
	*out_len = 0;
	int rc = read_at(fd, head, sizeof(head), 0);
	if (rc == -EIO || (rc == 0 && !flac_is_flac(head, sizeof(head))))
		return 1;
	if (rc < 0)
		return rc;
	size_t len = FLAC_MARKER_BYTES, cap = 4096;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, head, FLAC_MARKER_BYTES);
	off_t at = FLAC_MARKER_BYTES;
	for (;;) {
		uint8_t h[FLAC_BLOCK_HEADER_BYTES];
		rc = read_at(fd, h, sizeof(h), at);
		if (rc < 0)
			break;
		struct flac_block b;
		flac_block_header(h, &b);
		at += FLAC_BLOCK_HEADER_BYTES;
		if (flac_cue_wanted(b.type)) {
			size_t need = len + sizeof(h) + b.length;
			if (need > cap) {
				uint8_t *n = realloc(buf, need);
				if (!n) {
					rc = -ENOMEM;
					break;
				}
				buf = n;
				cap = need;
			}
			memcpy(buf + len, h, sizeof(h));
			rc = read_at(fd, buf + len + sizeof(h), b.length, at);
			if (rc < 0)
				break;
			len = need;
		}
		at += b.length;
		if (b.last)
			break;
	}
	if (rc == -EIO) {
		snprintf(why, why_len,
			 "its FLAC metadata ends before its last block");
		rc = -EINVAL;
	}
	if (rc < 0) {
		free(buf);
		return rc;
	}
	*out = buf;
	*out_len = len;
	return 0;
}

/*
 * The cue sheet embedded in the FLAC file at path, whose name in
 * tracks/ is name: NULL with *none (no sheet, or not FLAC), or NULL
 * with a sentence in why (unreadable, malformed metadata), or a sheet
 * (->failed when malformed) whose one file is the FLAC itself.
 */
struct cue_sheet *cue_album_embedded_read(const char *path, const char *name,
					  bool *none, char *why, size_t why_len)
{
	*none = false;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(why, why_len, "cannot read it: %s", strerror(errno));
		return NULL;
	}
	uint8_t *meta = NULL;
	size_t meta_len = 0;
	char mwhy[200] = "";
	int rc = flac_metadata(fd, &meta, &meta_len, mwhy, sizeof(mwhy));
	close(fd);
	if (rc == 1) { /* not a FLAC file */
		*none = true;
		return NULL;
	}
	char *text = NULL;
	size_t text_len = 0;
	if (rc == 0)
		rc = flac_cue_find(meta, meta_len, name, &text, &text_len, mwhy,
				   sizeof(mwhy));
	free(meta);
	if (rc == 0) { /* no sheet */
		*none = true;
		return NULL;
	}
	if (rc < 0) {
		snprintf(why, why_len, "%s",
			 rc == -EINVAL ? mwhy : strerror(-rc));
		return NULL;
	}
	struct cue_sheet *s = cue_parse(text, text_len);
	free(text);
	if (!s) {
		snprintf(why, why_len, "out of memory");
		return NULL;
	}
	if (!s->failed && s->n_files != 1) {
		s->failed = true;
		snprintf(s->error.text, sizeof(s->error.text),
			 "it names %zu files; a sheet inside a FLAC file "
			 "describes that file alone",
			 s->n_files);
	}
	if (!s->failed) {
		snprintf(s->file[0].name, sizeof(s->file[0].name), "%s", name);
		s->file[0].type = CUE_FILE_FLAC;
	}
	return s;
}

int cue_album_embedded_check(const char *path, const char *name,
			     struct intake_result *r, char *why, size_t why_len)
{
	bool none = false;
	struct cue_sheet *s =
	    cue_album_embedded_read(path, name, &none, why, why_len);
	if (none)
		return 0;
	if (!s)
		return -EINVAL;
	int rc = 1;
	if (s->failed) {
		snprintf(why, why_len, "malformed cue sheet inside it: %s",
			 s->error.text);
		rc = -EINVAL;
	} else {
		r->embedded_cue = true;
		size_t used = strlen(r->description);
		snprintf(r->description + used, sizeof(r->description) - used,
			 ", with a cue sheet of %zu track%s", s->n_tracks,
			 s->n_tracks == 1 ? "" : "s");
	}
	cue_free(s);
	return rc;
}

int cue_album_raw_check(const char *path, struct intake_result *r, char *why,
			size_t why_len)
{
	struct stat sb;
	if (stat(path, &sb) < 0) {
		int e = errno;
		snprintf(why, why_len, "cannot read it: %s", strerror(e));
		return -e;
	}
	uint64_t bytes = (uint64_t)sb.st_size;
	if (bytes < 4) {
		snprintf(why, why_len, "an empty raw audio file");
		return -EINVAL;
	}
	memset(r, 0, sizeof(*r));
	r->raw = true;
	r->pcm_offset = 0;
	r->pcm_bytes = bytes - bytes % 4;
	r->frames = r->pcm_bytes / 4;
	uint64_t tenths = r->frames * 10 / 44100;
	snprintf(r->description, sizeof(r->description),
		 "raw CD audio without a header, %llu:%02llu.%llu; burnt as a "
		 "cue sheet in tracks/ says (FILE ... BINARY or MOTOROLA)",
		 (unsigned long long)(tenths / 600),
		 (unsigned long long)(tenths / 10 % 60),
		 (unsigned long long)(tenths % 10));
	return 0;
}
