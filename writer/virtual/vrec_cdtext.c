/*
 * vrec_cdtext.c - the CD-TEXT of the virtual disc: the 18-byte packs the
 * host writes into the R-W sub-channel of the lead-in (SEND CUE SHEET
 * lead-in data form 41h, 96 bytes a sector, the packs repeated over the
 * whole lead-in), gathered once each by block and sequence number with
 * their CRC checked; READ TOC/PMA/ATIP format 5, which returns them;
 * IMAGE.cdtext, which keeps them across opens in the form of that answer
 * (4-byte header, then the packs: what cdrecord's and cdrskin's
 * textfile= read); and the TITLE/PERFORMER/SONGWRITER lines of IMAGE.cue.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "bytes.h"
#include "vrec_sao.h"

void vrec_leadin_take(struct vrec_leadin *l, const uint8_t *sub)
{
	uint8_t packs[CDTEXT_PACKS_PER_SECTOR * CDTEXT_PACK_BYTES];
	cdtext_subchannel_packs(sub, packs);
	l->sectors++;
	for (int i = 0; i < CDTEXT_PACKS_PER_SECTOR; i++) {
		const uint8_t *p = packs + i * CDTEXT_PACK_BYTES;
		if (p[0] < 0x80 || p[0] > 0x8F)
			continue; /* not a CD-TEXT pack (zeros: no text) */
		if (!cdtext_crc_ok(p)) {
			l->bad_crc++;
			continue;
		}
		unsigned block = (p[3] >> 4) & 0x07;
		unsigned at = block * CDTEXT_MAX_PACKS + p[2];
		if (l->have[at])
			continue;
		l->have[at] = true;
		memcpy(l->pack[at], p, CDTEXT_PACK_BYTES);
	}
}

void vrec_leadin_to_disc(const struct vrec_leadin *l, struct vrec_disc *d)
{
	d->cdtext_n = 0;
	for (unsigned i = 0; i < VREC_CDTEXT_MAX_PACKS; i++)
		if (l->have[i])
			memcpy(d->cdtext[d->cdtext_n++], l->pack[i],
			       VREC_CDTEXT_PACK_BYTES);
}

int vrec_toc_cdtext(const struct vrec_disc *d, uint8_t *out, size_t cap,
		    size_t *len)
{
	size_t n = 4 + (size_t)d->cdtext_n * VREC_CDTEXT_PACK_BYTES;
	if (cap < n)
		return VS_INVALID_FIELD_CDB;
	memset(out, 0, 4);
	put_be16(out, (uint16_t)(n - 2));
	for (unsigned i = 0; i < d->cdtext_n; i++)
		memcpy(out + 4 + (size_t)i * VREC_CDTEXT_PACK_BYTES,
		       d->cdtext[i], VREC_CDTEXT_PACK_BYTES);
	*len = n;
	return 0;
}

bool vrec_disc_cdtext(const struct vrec_disc *d, struct cdtext *out)
{
	if (d->cdtext_n == 0)
		return false;
	return cdtext_decode(&d->cdtext[0][0], d->cdtext_n, out, NULL) == 0;
}

/* A text as a quoted cue sheet string: ISO 8859-1 to UTF-8, a double
 * quote (which a cue sheet cannot hold) as a single one, controls out. */
static int quoted(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	if (cap < 3)
		return -1;
	out[n++] = '"';
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (n + 4 > cap)
			return -1;
		if (*p < 0x20 || *p == 0x7F)
			continue;
		if (*p == '"') {
			out[n++] = '\'';
		} else if (*p < 0x80) {
			out[n++] = (char)*p;
		} else {
			out[n++] = (char)(0xC0 | *p >> 6);
			out[n++] = (char)(0x80 | (*p & 0x3F));
		}
	}
	out[n++] = '"';
	out[n] = '\0';
	return (int)n;
}

int vrec_cue_texts(const struct cdtext *t, unsigned track, int indent,
		   char *out, size_t cap)
{
	static const struct {
		enum cdtext_field field;
		const char *keyword;
	} kinds[] = {
	    {CDTEXT_TITLE, "TITLE"},
	    {CDTEXT_PERFORMER, "PERFORMER"},
	    {CDTEXT_SONGWRITER, "SONGWRITER"},
	};
	size_t n = 0;
	if (track > CD_MAX_TRACKS)
		return 0;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *text = t->text[kinds[i].field][track];
		char q[CDTEXT_STORE_BYTES * 2];
		if (!text || !text[0])
			continue;
		if (quoted(text, q, sizeof(q)) < 0)
			return -1;
		int w = snprintf(out + n, cap - n, "%*s%s %s\n", indent, "",
				 kinds[i].keyword, q);
		if (w < 0 || (size_t)w >= cap - n)
			return -1;
		n += (size_t)w;
	}
	return (int)n;
}

int vrec_cdtext_save(struct vrec *v)
{
	const struct vrec_disc *d = &v->disc;
	if (d->cdtext_n == 0) {
		if (unlink(v->cdtext_path) < 0 && errno != ENOENT) {
			int e = -errno;
			vrec_log(v, "removing %s: %s", v->cdtext_path,
				 strerror(errno));
			return e;
		}
		return 0;
	}
	size_t cap = 4 + (size_t)d->cdtext_n * VREC_CDTEXT_PACK_BYTES, len;
	uint8_t *buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	int e = vrec_toc_cdtext(d, buf, cap, &len)
		    ? -EOVERFLOW
		    : atomic_file_write(v->cdtext_path, buf, len, 0644);
	free(buf);
	if (e)
		vrec_log(v, "saving %s: %s", v->cdtext_path, strerror(-e));
	return e;
}

int vrec_cdtext_load(struct vrec *v, char *err, size_t err_len)
{
	struct vrec_disc *d = &v->disc;
	d->cdtext_n = 0;
	int fd = open(v->cdtext_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, err_len, "%s: %s", v->cdtext_path,
			 strerror(errno));
		return -1;
	}
	size_t cap = 4 + (size_t)VREC_CDTEXT_MAX_PACKS * VREC_CDTEXT_PACK_BYTES;
	uint8_t *buf = malloc(cap + 1);
	size_t n = 0;
	int rc = buf ? 0 : -1;
	while (rc == 0 && n <= cap) {
		ssize_t r = read(fd, buf + n, cap + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			rc = -1;
		if (r <= 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (rc == 0 && (n < 4 || n > cap || (n - 4) % VREC_CDTEXT_PACK_BYTES ||
			get_be16(buf) != n - 2))
		rc = -2;
	if (rc == 0) {
		d->cdtext_n = (unsigned)((n - 4) / VREC_CDTEXT_PACK_BYTES);
		memcpy(d->cdtext, buf + 4, n - 4);
	}
	free(buf);
	if (rc == -1)
		snprintf(err, err_len, "%s: %s", v->cdtext_path,
			 strerror(errno ? errno : ENOMEM));
	else if (rc == -2)
		snprintf(err, err_len, "%s: not a list of CD-TEXT packs",
			 v->cdtext_path);
	return rc ? -1 : 0;
}
