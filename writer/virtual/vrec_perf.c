/*
 * vrec_perf.c - GET PERFORMANCE for the virtual recorder, as a CD-R/RW
 * recorder that lists feature 0107h (Real Time Streaming) answers it:
 *   type 00h  one performance descriptor over the whole disc, at the
 *             fastest read speed, or write speed with the Write bit;
 *   type 03h  one write speed descriptor per write speed the loaded
 *             medium allows (CLV, Exact), fastest first, read speed the
 *             drive's fastest.
 * Maximum Number of Descriptors (bytes 8-9) limits the descriptors sent;
 * the data length always describes all there are.  Pure.
 */
#include <string.h>

#include "bytes.h"
#include "cd_speed.h"
#include "vrec_internal.h"

#define PERF_HEADER 8
#define PERF_DESCRIPTOR 16

int vrec_get_performance(const struct vrec_speeds *read,
			 const struct vrec_speeds *write, uint32_t end_lba,
			 const uint8_t *cdb, uint8_t *out, size_t cap,
			 size_t *len)
{
	uint8_t type = cdb[10];
	uint16_t max = get_be16(cdb + 8);
	bool wbit = cdb[1] & 0x04;
	size_t n;
	if (type == 0x00)
		n = 1;
	else if (type == 0x03)
		n = write->n;
	else
		return VS_INVALID_FIELD_CDB;
	/* The data length tells how much there is, however few
	 * descriptors were asked for: a host asks for none first to learn
	 * how many to ask for. */
	size_t full = PERF_HEADER + n * PERF_DESCRIPTOR;
	if (n > max)
		n = max;
	size_t total = PERF_HEADER + n * PERF_DESCRIPTOR;
	if (total > cap)
		return VS_INVALID_FIELD_CDB;
	memset(out, 0, total);
	put_be32(out, (uint32_t)(full - 4));
	uint16_t top = speed_x_to_kbps(read->x[0]);
	if (type == 0x00) {
		out[4] = wbit ? 0x02 : 0x00;
		if (wbit)
			top = speed_x_to_kbps(write->x[0]);
		if (n) {
			uint8_t *d = out + PERF_HEADER;
			put_be32(d + 4, top);
			put_be32(d + 8, end_lba);
			put_be32(d + 12, top);
		}
	} else {
		for (size_t i = 0; i < n; i++) {
			uint8_t *d = out + PERF_HEADER + i * PERF_DESCRIPTOR;
			d[0] = 0x02; /* WRC 00b (CLV), Exact */
			put_be32(d + 4, end_lba);
			put_be32(d + 8, top);
			put_be32(d + 12, speed_x_to_kbps(write->x[i]));
		}
	}
	*len = total;
	return 0;
}
