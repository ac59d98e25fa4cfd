/*
 * vrec_nrg.c - IMAGE.nrg: a Nero v2 ("NER5") image of the disc, so that
 * readers which know sessions (libcdio's NRG driver, cd-info --nrg-file)
 * see every session's tracks at their LBAs.
 *
 * Layout: the sector data of the complete tracks, then chunks, then a
 * 12-byte trailer "NER5" + 64-bit offset of the first chunk.  Chunks (all
 * big-endian): one "ETN2" with a 32-byte entry per track (file offset,
 * byte length, mode 7 = audio 2352, start LSN, 0), one "SINF" per session
 * (number of tracks), "END!".  libcdio places track i (0-based) of ETN2
 * at start LSN + 150 * i, so the data of track k lies at
 * (start(k) - 150 * (k - 1)) * 2352: the tracks with their 2 run-out
 * sectors back to back, the 150-sector pregaps left out.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "atomic_file.h"
#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"

#define NRG_MAX_FOOTER 4096 /* libcdio refuses larger footers */

static void put_be64(uint8_t *p, uint64_t v)
{
	put_be32(p, (uint32_t)(v >> 32));
	put_be32(p + 4, (uint32_t)v);
}

static int32_t nrg_lsn(const struct vrec_disc *d, unsigned k)
{
	return d->tracks[k - 1].start - (int32_t)(CD_PREGAP_SECTORS * (k - 1));
}

uint64_t vrec_nrg_track_offset(const struct vrec_disc *d, unsigned k)
{
	return (uint64_t)nrg_lsn(d, k) * CD_SECTOR_BYTES;
}

static uint64_t track_bytes(const struct vrec_disc *d, unsigned k)
{
	return (uint64_t)(d->tracks[k - 1].length + CD_TAO_RUNOUT_SECTORS) *
	       CD_SECTOR_BYTES;
}

int vrec_nrg_footer(const struct vrec_disc *d, uint64_t data_end, uint8_t *out,
		    size_t cap)
{
	unsigned nc = vdisc_complete_tracks(d);
	unsigned ns = nc ? d->tracks[nc - 1].session : 0;
	size_t need = 8 + 32 * (size_t)nc + 8 + 12;
	bool sinf = need + 12 * (size_t)ns <= NRG_MAX_FOOTER;
	if (sinf)
		need += 12 * (size_t)ns;
	if (nc == 0 || need > cap)
		return -1;
	uint8_t *p = out;
	memcpy(p, "ETN2", 4);
	put_be32(p + 4, 32 * nc);
	p += 8;
	for (unsigned k = 1; k <= nc; k++) {
		memset(p, 0, 32);
		put_be64(p, vrec_nrg_track_offset(d, k));
		put_be64(p + 8, track_bytes(d, k));
		put_be32(p + 16, 7); /* audio, 2352-byte sectors */
		put_be32(p + 20, (uint32_t)nrg_lsn(d, k));
		p += 32;
	}
	for (unsigned s = 1; sinf && s <= ns; s++) {
		unsigned last = d->sessions[s - 1].last_track;
		if (last > nc)
			last = nc;
		memcpy(p, "SINF", 4);
		put_be32(p + 4, 4);
		put_be32(p + 8, last - d->sessions[s - 1].first_track + 1u);
		p += 12;
	}
	memcpy(p, "END!", 4);
	put_be32(p + 4, 0);
	p += 8;
	memcpy(p, "NER5", 4);
	put_be64(p + 4, data_end);
	p += 12;
	return (int)(p - out);
}

static int copy_range(int in, off_t in_off, int outfd, off_t out_off,
		      uint64_t len)
{
	static const size_t chunk = 1 << 20;
	uint8_t *buf = NULL;
	while (len > 0) {
		size_t n = len > chunk ? chunk : (size_t)len;
		ssize_t r = copy_file_range(in, &in_off, outfd, &out_off, n, 0);
		if (r > 0) {
			len -= (uint64_t)r;
			continue;
		}
		if (r == 0) /* source shorter than expected: leave a hole */
			break;
		if (errno == EINTR)
			continue;
		if (errno != EXDEV && errno != ENOSYS && errno != EINVAL &&
		    errno != EOPNOTSUPP) {
			free(buf);
			return -errno;
		}
		/* Fallback: plain reads and writes. */
		if (!buf && !(buf = malloc(chunk)))
			return -ENOMEM;
		ssize_t got = pread(in, buf, n, in_off);
		if (got < 0) {
			int e = errno;
			free(buf);
			return -e;
		}
		if (got == 0)
			break;
		ssize_t w = pwrite(outfd, buf, (size_t)got, out_off);
		if (w != got) {
			int e = w < 0 ? errno : EIO;
			free(buf);
			return -e;
		}
		in_off += got;
		out_off += got;
		len -= (uint64_t)got;
	}
	free(buf);
	return 0;
}

int vrec_nrg_write(const struct vrec_disc *d, int bin_fd, const char *path)
{
	unsigned nc = vdisc_complete_tracks(d);
	if (nc == 0)
		return -EINVAL;
	char tmp[4200];
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	int r = 0;
	for (unsigned k = 1; k <= nc && r == 0; k++)
		r = copy_range(
		    bin_fd, (off_t)d->tracks[k - 1].start * CD_SECTOR_BYTES, fd,
		    (off_t)vrec_nrg_track_offset(d, k), track_bytes(d, k));
	uint64_t data_end = vrec_nrg_track_offset(d, nc) + track_bytes(d, nc);
	uint8_t footer[NRG_MAX_FOOTER + 64];
	int flen =
	    r ? -1 : vrec_nrg_footer(d, data_end, footer, sizeof(footer));
	if (r == 0 && flen < 0)
		r = -EOVERFLOW;
	if (r == 0 && pwrite(fd, footer, (size_t)flen, (off_t)data_end) != flen)
		r = errno ? -errno : -EIO;
	if (r == 0 && fsync(fd) < 0)
		r = -errno;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r)
		unlink(tmp);
	else /* the new name on disk too, as atomic_file_write does */
		r = atomic_file_sync_parent(path);
	return r;
}
