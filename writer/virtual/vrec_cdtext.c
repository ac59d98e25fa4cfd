/*
 * vrec_cdtext.c - the CD-TEXT of the virtual disc: the 18-byte packs the
 * host writes into the R-W sub-channel of the lead-in (SEND CUE SHEET
 * lead-in data form 41h, 96 bytes a sector, the packs repeated over the
 * whole lead-in), gathered once each by block and sequence number with
 * their CRC checked; READ TOC/PMA/ATIP format 5, which returns them;
 * IMAGE.cdtext, which keeps them across opens in the form of that answer
 * (4-byte header, then the packs: what cdrecord's and cdrskin's
 * textfile= read); and the TITLE/PERFORMER/SONGWRITER lines of IMAGE.cue.
 * The corrupt_cdtext key's misread of format 5 is here too.
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

void vrec_cdtext_misread(unsigned pack, uint8_t *answer, size_t len)
{
	size_t at = 4 + (size_t)pack * VREC_CDTEXT_PACK_BYTES;
	if (len < at + VREC_CDTEXT_PACK_BYTES)
		return;
	uint8_t *p = answer + at;
	p[4] ^= 0x01;
	put_be16(p + 16, cdtext_crc(p));
}

bool vrec_disc_cdtext(const struct vrec_disc *d, struct cdtext *out)
{
	if (d->cdtext_n == 0)
		return false;
	return cdtext_decode(&d->cdtext[0][0], d->cdtext_n, out, NULL) == 0;
}

/* ISO 8859-1 to UTF-8, cut at a whole character to fit cap. */
static void latin1_to_utf8(const char *text, char *out, size_t cap)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		size_t need = *p < 0x80 ? 1 : 2;
		if (n + need + 1 > cap)
			break;
		if (*p < 0x80) {
			out[n++] = (char)*p;
		} else {
			out[n++] = (char)(0xC0 | *p >> 6);
			out[n++] = (char)(0x80 | (*p & 0x3F));
		}
	}
	out[n] = '\0';
}

void vrec_cue_texts(const struct cdtext *t, unsigned track,
		    char out[CUE_TEXTS][VREC_CUE_TEXT_BYTES])
{
	static const enum cdtext_field field[CUE_TEXTS] = {
	    [CUE_TITLE] = CDTEXT_TITLE,
	    [CUE_PERFORMER] = CDTEXT_PERFORMER,
	    [CUE_SONGWRITER] = CDTEXT_SONGWRITER,
	};
	for (unsigned i = 0; i < CUE_TEXTS; i++) {
		const char *text =
		    track <= CD_MAX_TRACKS ? t->text[field[i]][track] : NULL;
		latin1_to_utf8(text ? text : "", out[i], VREC_CUE_TEXT_BYTES);
	}
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
