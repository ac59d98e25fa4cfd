/*
 * vrec_format.c - READ FORMAT CAPACITIES (23h) as a CD-RW recorder
 * answers it (MMC-5): a 4-byte header with the capacity list length,
 * the Current/Maximum Capacity Descriptor, and for a CD-RW one
 * Formattable Capacity Descriptor.
 *
 *   no medium        descriptor type 11b, the largest capacity the drive
 *                    handles (an 80-minute disc), block length 2048;
 *   blank medium     01b (unformatted): the maximum formattable capacity
 *                    on CD-RW, the free blocks up to the last possible
 *                    lead-out on CD-R;
 *   recorded medium  10b (formatted): the recorded capacity (READ
 *                    CAPACITY's last LBA + 1);
 *   CD-RW            format type 10h (full format, fixed packets of 32
 *                    blocks): the user blocks of packets of 32 + 7 link
 *                    blocks after a 150-block pregap, packet size 32 in
 *                    the type-dependent parameter.
 * Pure.
 */
#include <string.h>

#include "bytes.h"
#include "msf.h"
#include "vrec_internal.h"

#define FC_HEADER 4
#define FC_DESCRIPTOR 8
#define FC_BLOCK 2048
#define FC_PACKET 32	 /* user blocks of a fixed packet */
#define FC_PACKET_LINK 7 /* link, run-in and run-out blocks of one */

enum { FC_UNFORMATTED = 1, FC_FORMATTED = 2, FC_NO_MEDIUM = 3 };

static void descriptor(uint8_t *p, uint32_t blocks, uint8_t byte4,
		       uint32_t param)
{
	put_be32(p, blocks);
	p[4] = byte4;
	p[5] = (uint8_t)(param >> 16);
	p[6] = (uint8_t)(param >> 8);
	p[7] = (uint8_t)param;
}

/* User blocks of a CD-RW formatted with fixed packets of 32 blocks. */
static uint32_t packet_capacity(int32_t last_leadout)
{
	int32_t area = last_leadout - CD_PREGAP_SECTORS;
	if (area <= 0)
		return 0;
	return (uint32_t)(area / (FC_PACKET + FC_PACKET_LINK)) * FC_PACKET;
}

int vrec_read_format_capacities(const struct vrec_disc *d, uint8_t *out,
				size_t cap, size_t *len)
{
	size_t n = FC_HEADER + FC_DESCRIPTOR;
	bool rw = d && vdisc_erasable(d);
	if (rw)
		n += FC_DESCRIPTOR;
	if (cap < n)
		return VS_INVALID_FIELD_CDB;
	memset(out, 0, n);
	out[3] = (uint8_t)(n - FC_HEADER);
	uint8_t *cur = out + FC_HEADER;
	if (!d || !vdisc_present(d)) {
		const struct vrec_media_info *mi =
		    vrec_media_info(VREC_MEDIA_CDR80);
		descriptor(cur, (uint32_t)mi->last_leadout, FC_NO_MEDIUM,
			   FC_BLOCK);
		*len = n;
		return 0;
	}
	int32_t last = vrec_media_info(d->media)->last_leadout;
	uint32_t full = packet_capacity(last);
	if (vdisc_complete_tracks(d) == 0) {
		uint32_t blocks = rw ? full : (uint32_t)last;
		descriptor(cur, blocks, FC_UNFORMATTED, FC_BLOCK);
	} else {
		uint8_t rc[8];
		size_t rl;
		vrec_read_capacity(d, rc, sizeof(rc), &rl);
		descriptor(cur, get_be32(rc) + 1, FC_FORMATTED, FC_BLOCK);
	}
	if (rw)
		descriptor(cur + FC_DESCRIPTOR, full, 0x10 << 2, FC_PACKET);
	*len = n;
	return 0;
}
