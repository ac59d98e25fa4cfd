/*
 * sense.c - decoding SCSI sense data (see sense.h).
 *
 * Understands fixed-format sense (response codes 70h current, 71h
 * deferred) and descriptor-format sense (72h, 73h).  The tables below
 * name the sense keys and the ASC/ASCQ pairs that occur while recording
 * CDs; mmc.c uses them for log text, errno mapping and retry decisions.
 */
#include "sense.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"

/* Fixed format: SKSV progress while NOT READY (or NO SENSE on REQUEST
 * SENSE during a long operation). */
static bool progress_key(uint8_t key)
{
	return key == SENSE_NOT_READY || key == SENSE_NO_SENSE;
}

static bool decode_fixed(const uint8_t *s, size_t len, struct sense_info *out)
{
	/* Key is in byte 2; without it the data is useless. */
	if (len < 3)
		return false;
	/* Byte 7 says how many bytes follow; never trust more than arrived. */
	if (len >= 8) {
		size_t total = 8 + (size_t)s[7];
		if (total < len)
			len = total;
	}
	out->key = s[2] & 0x0F;
	if (len >= 7 && (s[0] & 0x80)) {
		out->info_valid = true;
		out->information = get_be32(s + 3);
	}
	if (len >= 13)
		out->asc = s[12];
	if (len >= 14)
		out->ascq = s[13];
	if (len >= 18 && (s[15] & 0x80) && progress_key(out->key)) {
		out->progress_valid = true;
		out->progress = get_be16(s + 16);
	}
	return true;
}

static bool decode_descriptor(const uint8_t *s, size_t len,
			      struct sense_info *out)
{
	if (len < 4)
		return false;
	out->key = s[1] & 0x0F;
	out->asc = s[2];
	out->ascq = s[3];
	if (len < 8)
		return true;
	size_t total = 8 + (size_t)s[7];
	if (total < len)
		len = total;
	/* Walk the descriptors: type, additional length, payload. */
	size_t off = 8;
	while (off + 2 <= len) {
		uint8_t type = s[off];
		size_t dlen = 2 + (size_t)s[off + 1];
		if (off + dlen > len)
			break; /* truncated descriptor: ignore it */
		const uint8_t *d = s + off;
		if (type == 0x00 && dlen >= 12) {
			/* Information: byte 2 b7 VALID, bytes 4-11. */
			if (d[2] & 0x80) {
				out->info_valid = true;
				out->information = get_be32(d + 8);
			}
		} else if (type == 0x02 && dlen >= 8) {
			/* Sense key specific: byte 4 b7 SKSV, 5-6 progress. */
			if ((d[4] & 0x80) && progress_key(out->key)) {
				out->progress_valid = true;
				out->progress = get_be16(d + 5);
			}
		}
		off += dlen;
	}
	return true;
}

bool sense_decode(const uint8_t *sense, size_t len, struct sense_info *out)
{
	memset(out, 0, sizeof(*out));
	if (!sense || len < 1)
		return false;
	bool ok;
	switch (sense[0] & 0x7F) {
	case 0x70:
	case 0x71:
		ok = decode_fixed(sense, len, out);
		break;
	case 0x72:
	case 0x73:
		ok = decode_descriptor(sense, len, out);
		break;
	default:
		ok = false;
		break;
	}
	if (!ok)
		memset(out, 0, sizeof(*out));
	out->valid = ok;
	return ok;
}

void sense_build_fixed(uint8_t out[18], uint8_t key, uint8_t asc, uint8_t ascq)
{
	memset(out, 0, 18);
	out[0] = 0x70;
	out[2] = key & 0x0F;
	out[7] = 0x0A;
	out[12] = asc;
	out[13] = ascq;
}

void sense_set_information(uint8_t out[18], uint32_t information)
{
	out[0] |= 0x80;
	put_be32(out + 3, information);
}

void sense_set_progress(uint8_t out[18], uint16_t progress)
{
	out[15] = 0x80;
	put_be16(out + 16, progress);
}

const char *sense_key_name(uint8_t key)
{
	static const char *const names[16] = {
	    "NO SENSE",	       "RECOVERED ERROR", "NOT READY",
	    "MEDIUM ERROR",    "HARDWARE ERROR",  "ILLEGAL REQUEST",
	    "UNIT ATTENTION",  "DATA PROTECT",	  "BLANK CHECK",
	    "VENDOR SPECIFIC", "COPY ABORTED",	  "ABORTED COMMAND",
	    "EQUAL",	       "VOLUME OVERFLOW", "MISCOMPARE",
	    "COMPLETED",
	};
	return names[key & 0x0F];
}

struct asc_entry {
	uint8_t asc, ascq;
	const char *text;
};

/* SPC/MMC additional sense codes relevant to CD recording. */
static const struct asc_entry asc_table[] = {
    {0x00, 0x00, "no additional sense information"},
    {0x00, 0x16, "operation in progress"},
    {0x02, 0x00, "no seek complete"},
    {0x04, 0x00, "logical unit not ready, cause not reportable"},
    {0x04, 0x01, "logical unit is in process of becoming ready"},
    {0x04, 0x02, "logical unit not ready, initializing command required"},
    {0x04, 0x03, "logical unit not ready, manual intervention required"},
    {0x04, 0x04, "logical unit not ready, format in progress"},
    {0x04, 0x07, "logical unit not ready, operation in progress"},
    {0x04, 0x08, "logical unit not ready, long write in progress"},
    {0x05, 0x00, "logical unit does not respond to selection"},
    {0x06, 0x00, "no reference position found"},
    {0x08, 0x00, "logical unit communication failure"},
    {0x08, 0x01, "logical unit communication time-out"},
    {0x08, 0x02, "logical unit communication parity error"},
    {0x09, 0x00, "track following error"},
    {0x09, 0x01, "tracking servo failure"},
    {0x09, 0x02, "focus servo failure"},
    {0x09, 0x03, "spindle servo failure"},
    {0x0C, 0x00, "write error"},
    {0x0C, 0x07, "write error - recovery needed"},
    {0x0C, 0x08, "write error - recovery failed"},
    {0x0C, 0x09, "write error - loss of streaming"},
    {0x0C, 0x0A, "write error - padding blocks added"},
    {0x11, 0x00, "unrecovered read error"},
    {0x11, 0x05, "L-EC uncorrectable error"},
    {0x11, 0x06, "CIRC unrecovered error"},
    {0x15, 0x00, "random positioning error"},
    {0x1A, 0x00, "parameter list length error"},
    {0x20, 0x00, "invalid command operation code"},
    {0x21, 0x00, "logical block address out of range"},
    {0x21, 0x01, "invalid element address"},
    {0x21, 0x02, "invalid address for write"},
    {0x21, 0x03, "invalid write crossing layer jump"},
    {0x24, 0x00, "invalid field in CDB"},
    {0x25, 0x00, "logical unit not supported"},
    {0x26, 0x00, "invalid field in parameter list"},
    {0x26, 0x01, "parameter not supported"},
    {0x26, 0x02, "parameter value invalid"},
    {0x27, 0x00, "write protected"},
    {0x28, 0x00, "not ready to ready change, medium may have changed"},
    {0x28, 0x01, "import or export element accessed"},
    {0x29, 0x00, "power on, reset, or bus device reset occurred"},
    {0x29, 0x01, "power on occurred"},
    {0x29, 0x02, "SCSI bus reset occurred"},
    {0x29, 0x03, "bus device reset function occurred"},
    {0x29, 0x04, "device internal reset"},
    {0x2A, 0x00, "parameters changed"},
    {0x2A, 0x01, "mode parameters changed"},
    {0x2C, 0x00, "command sequence error"},
    {0x2E, 0x00, "insufficient time for operation"},
    {0x30, 0x00, "incompatible medium installed"},
    {0x30, 0x01, "cannot read medium - unknown format"},
    {0x30, 0x02, "cannot read medium - incompatible format"},
    {0x30, 0x03, "cleaning cartridge installed"},
    {0x30, 0x04, "cannot write medium - unknown format"},
    {0x30, 0x05, "cannot write medium - incompatible format"},
    {0x30, 0x06, "cannot format medium - incompatible medium"},
    {0x30, 0x07, "cleaning failure"},
    {0x31, 0x00, "medium format corrupted"},
    {0x34, 0x00, "enclosure failure"},
    {0x39, 0x00, "saving parameters not supported"},
    {0x3A, 0x00, "medium not present"},
    {0x3A, 0x01, "medium not present - tray closed"},
    {0x3A, 0x02, "medium not present - tray open"},
    {0x3B, 0x0D, "medium destination element full"},
    {0x3B, 0x0E, "medium source element empty"},
    {0x3E, 0x00, "logical unit has not self-configured yet"},
    {0x3E, 0x01, "logical unit failure"},
    {0x3E, 0x02, "timeout on logical unit"},
    {0x3F, 0x00, "target operating conditions have changed"},
    {0x3F, 0x01, "microcode has been changed"},
    {0x3F, 0x03, "inquiry data has changed"},
    {0x44, 0x00, "internal target failure"},
    {0x4E, 0x00, "overlapped commands attempted"},
    {0x51, 0x00, "erase failure"},
    {0x53, 0x00, "media load or eject failed"},
    {0x53, 0x02, "medium removal prevented"},
    {0x55, 0x00, "system resource failure"},
    {0x57, 0x00, "unable to recover table-of-contents"},
    {0x5A, 0x01, "operator medium removal request"},
    {0x5D, 0x00, "failure prediction threshold exceeded"},
    {0x63, 0x00, "end of user area encountered on this track"},
    {0x63, 0x01, "packet does not fit in available space"},
    {0x64, 0x00, "illegal mode for this track"},
    {0x64, 0x01, "invalid packet size"},
    {0x6F, 0x00,
     "copy protection key exchange failure - authentication failure"},
    {0x72, 0x00, "session fixation error"},
    {0x72, 0x01, "session fixation error writing lead-in"},
    {0x72, 0x02, "session fixation error writing lead-out"},
    {0x72, 0x03, "session fixation error - incomplete track in session"},
    {0x72, 0x04, "empty or partially written reserved track"},
    {0x72, 0x05, "no more track reservations allowed"},
    {0x73, 0x00, "CD control error"},
    {0x73, 0x01, "power calibration area almost full"},
    {0x73, 0x02, "power calibration area is full"},
    {0x73, 0x03, "power calibration area error"},
    {0x73, 0x04, "program memory area update failure"},
    {0x73, 0x05, "program memory area is full"},
    {0x73, 0x06, "RMA/PMA is almost full"},
};

const char *sense_asc_text(uint8_t asc, uint8_t ascq)
{
	for (size_t i = 0; i < sizeof(asc_table) / sizeof(asc_table[0]); i++)
		if (asc_table[i].asc == asc && asc_table[i].ascq == ascq)
			return asc_table[i].text;
	return NULL;
}

char *sense_describe(const struct sense_info *s, char *buf, size_t len)
{
	if (!buf || len == 0)
		return buf;
	if (!s || !s->valid) {
		snprintf(buf, len, "no usable sense data");
		return buf;
	}
	const char *text = sense_asc_text(s->asc, s->ascq);
	if (text)
		snprintf(buf, len, "%s %02X/%02X/%02X: %s",
			 sense_key_name(s->key), s->key, s->asc, s->ascq, text);
	else
		snprintf(buf, len, "%s %02X/%02X/%02X", sense_key_name(s->key),
			 s->key, s->asc, s->ascq);
	return buf;
}

int sense_to_errno(const struct sense_info *s)
{
	if (!s || !s->valid)
		return EIO;
	switch (s->key) {
	case SENSE_NOT_READY:
		if (s->asc == 0x3A)
			return ENOMEDIUM;
		if (s->asc == 0x04)
			return EBUSY;
		return EIO;
	case SENSE_DATA_PROTECT:
		return EROFS;
	case SENSE_ILLEGAL_REQUEST:
		switch (s->asc) {
		case 0x30:
			return EMEDIUMTYPE;
		case 0x21:
		case 0x24:
		case 0x26:
			return EINVAL;
		case 0x63:
			return ENOSPC;
		default:
			return EIO;
		}
	case SENSE_UNIT_ATTENTION:
		return EAGAIN;
	case SENSE_MEDIUM_ERROR:
	case SENSE_HARDWARE_ERROR:
	default:
		return EIO;
	}
}

bool sense_is_retryable(const struct sense_info *s)
{
	if (!s || !s->valid)
		return false;
	if (s->key == SENSE_NOT_READY && s->asc == 0x04)
		return s->ascq == 0x01 || s->ascq == 0x04 || s->ascq == 0x07 ||
		       s->ascq == 0x08;
	if (s->key == SENSE_UNIT_ATTENTION)
		return (s->asc == 0x28 && s->ascq == 0x00) || s->asc == 0x29;
	return false;
}
