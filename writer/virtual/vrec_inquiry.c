/*
 * vrec_inquiry.c - INQUIRY of the virtual recorder: the standard data
 * (peripheral type 05h, removable, SPC-3, "BURNFS" / "Virtual CD-RW" /
 * "1.00") and the vital product data pages SPC-3 asks of a device that
 * claims it: 00h (supported pages), 80h (unit serial number: the drive's
 * name) and 83h (device identification: one T10 vendor ID designator).
 * Other pages: 05/24/00.  Pure.
 */
#include <string.h>

#include "bytes.h"
#include "vrec_internal.h"

#define VENDOR "BURNFS  "
#define PRODUCT "Virtual CD-RW   "
#define SERIAL_MAX 16

/* The serial number: the drive's name, at most 16 printable bytes. */
static size_t serial_of(const char *name, char out[SERIAL_MAX])
{
	size_t n = 0;
	for (; name && name[n] && n < SERIAL_MAX; n++)
		out[n] = name[n] > 0x20 && name[n] < 0x7F ? name[n] : '_';
	return n;
}

int vrec_inquiry(const char *name, bool evpd, uint8_t page, uint8_t *out,
		 size_t cap, size_t *len)
{
	if (cap < 64)
		return VS_INVALID_FIELD_CDB;
	memset(out, 0, 64);
	out[0] = 0x05; /* CD/DVD device */
	if (!evpd) {
		if (page)
			return VS_INVALID_FIELD_CDB;
		out[1] = 0x80; /* removable */
		out[2] = 0x05; /* SPC-3 */
		out[3] = 0x02;
		out[4] = 31;
		memcpy(out + 8, VENDOR PRODUCT "1.00", 28);
		*len = 36;
		return 0;
	}
	char serial[SERIAL_MAX];
	size_t sn = serial_of(name, serial);
	out[1] = page;
	switch (page) {
	case 0x00: {
		const uint8_t pages[3] = {0x00, 0x80, 0x83};
		out[3] = sizeof(pages);
		memcpy(out + 4, pages, sizeof(pages));
		*len = 4 + sizeof(pages);
		return 0;
	}
	case 0x80:
		out[3] = (uint8_t)sn;
		memcpy(out + 4, serial, sn);
		*len = 4 + sn;
		return 0;
	case 0x83: {
		/* T10 vendor ID designator: ASCII, LUN, vendor + product +
		 * serial number. */
		uint8_t *d = out + 4;
		size_t dl = 8 + 16 + sn;
		d[0] = 0x02;
		d[1] = 0x01;
		d[3] = (uint8_t)dl;
		memcpy(d + 4, VENDOR PRODUCT, 24);
		memcpy(d + 4 + 24, serial, sn);
		out[3] = (uint8_t)(4 + dl);
		*len = 4 + 4 + dl;
		return 0;
	}
	}
	return VS_INVALID_FIELD_CDB;
}
