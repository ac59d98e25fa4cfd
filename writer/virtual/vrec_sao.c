/*
 * vrec_sao.c - Session-At-Once recording (page 05h Write Type 2): SEND
 * CUE SHEET (5Dh) checked as a drive checks it, then WRITE(10) of every
 * sector the host sends, in order, from the first address of the cue
 * sheet to the lead-out:
 *
 *   - the lead-in from its ATIP start, 96 bytes of R-W sub-channel a
 *     sector, when the lead-in entry has data form 41h (CD-TEXT; the
 *     packs are kept, vrec_cdtext.c); with data form 01h the drive makes
 *     the lead-in itself and the host starts at LBA -150;
 *   - from LBA -150, 2352 bytes of CD-DA a sector, except a pregap whose
 *     INDEX 00 entry has data form 01h (the drive makes its silence);
 *   - LBA -150..-1 (the pregap of track 1) is not kept: IMAGE.bin starts
 *     at LBA 0, and READ CD cannot read before it.
 *
 * When the last sector before the lead-out arrives the drive has written
 * the whole session: its tracks go into the disc model (vrec_sao_disc.c)
 * and the session is closed as page 05h Multi-session says; no CLOSE
 * SESSION is needed, and SYNCHRONIZE CACHE or CLOSE TRACK/SESSION after
 * it find nothing open.  With Test Write the same commands run and
 * nothing is stored.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bytes.h"
#include "mono_clock.h"
#include "msf.h"
#include "vrec_cmd.h"
#include "vrec_sao.h"

/* Refuses the parameter list with the byte at fault in the sense-key
 * specific field pointer. */
static int refuse_field(struct vrec *v, int vsense, uint32_t field)
{
	v->sense_field_valid = true;
	v->sense_field = (uint16_t)(field > 0xFFFF ? 0xFFFF : field);
	return vsense;
}

int vrec_cmd_send_cue_sheet(struct vrec *v, const struct scsi_cmd *c,
			    size_t *xfer)
{
	if (v->cfg.no_sao)
		return VS_INVALID_OPCODE; /* a drive without SAO */
	uint32_t len = get_be24(c->cdb + 6);
	if (len > c->data_len || (len && !c->data))
		return VS_INVALID_FIELD_CDB;
	if (vrec_p05_write_type(&v->mode) != 2)
		return VS_SEQUENCE_ERROR; /* page 05h is not set for SAO */
	if (v->sao && v->sao->started)
		return VS_SEQUENCE_ERROR; /* a session is being written */
	/* Only a blank disc: the model writes the first session SAO. */
	if (v->disc.ntracks > 0 || !vdisc_writable(&v->disc))
		return VS_SEQUENCE_ERROR;
	struct vrec_sao *s = v->sao ? v->sao : calloc(1, sizeof(*s));
	if (!s)
		return VSENSE(4, 0x44, 0x00); /* internal target failure */
	v->sao = NULL;
	memset(s, 0, sizeof(*s));
	struct mmc_cue_fault f;
	int rc = mmc_cue_sheet_parse(c->data, len, &s->sheet, &f);
	const struct vrec_media_info *mi = vrec_media_info(v->disc.media);
	if (rc == 0 && s->sheet.track[0].tno != 1) {
		rc = -EINVAL;
		f.asc = 0x26;
		f.ascq = 0;
		f.field = 0;
		const uint8_t *e = c->data;
		while (f.field + MMC_CUE_ENTRY_BYTES <= len &&
		       !((e[f.field] & 0x0F) == MMC_CUE_ADR_POSITION &&
			 e[f.field + 1]))
			f.field += MMC_CUE_ENTRY_BYTES;
		f.field++;
		snprintf(f.reason, sizeof(f.reason),
			 "the first track is numbered %u, not 1",
			 s->sheet.track[0].tno);
	}
	if (rc == 0 && s->sheet.leadout > mi->last_leadout) {
		rc = -EINVAL;
		f.asc = 0x26;
		f.ascq = 0;
		f.field = len - MMC_CUE_ENTRY_BYTES + 5;
		snprintf(f.reason, sizeof(f.reason),
			 "the lead-out at LBA %d is past the last possible "
			 "lead-out %d",
			 (int)s->sheet.leadout, (int)mi->last_leadout);
	}
	if (rc) {
		free(s);
		vrec_log(v,
			 "SEND CUE SHEET refused (05/%02X/%02X, byte %u): %s",
			 f.asc, f.ascq, (unsigned)f.field, f.reason);
		return refuse_field(v, VSENSE(5, f.asc, f.ascq), f.field);
	}
	s->leadin = mi->leadin;
	s->test_write = vrec_p05_test_write(&v->mode);
	s->next = vrec_sao_next_sent(
	    &s->sheet, s->leadin, s->sheet.cd_text ? s->leadin : SAO_FIRST_LBA);
	v->sao = s;
	*xfer = len;
	return 0;
}

/* The session is written: the drive records lead-in and lead-out. */
static int finish(struct vrec *v, bool complete)
{
	struct vrec_sao *s = v->sao;
	v->sao = NULL;
	struct vrec_stream_report r =
	    vrec_pace_end_stream(&v->pace, vrec_rate(v), mono_seconds());
	if (r.streamed && v->cfg.pace)
		vrec_log(v,
			 "SAO session: recorded in %.3f s at %ux, %u buffer "
			 "underrun%s, %.3f s without data",
			 r.seconds, v->write_x, r.underruns,
			 r.underruns == 1 ? "" : "s", r.starved_s);
	if (s->test_write || !s->started) {
		free(s);
		return 0;
	}
	if (s->dropped_audio)
		vrec_log(v, "audio sent for LBA -150..-1 (the pregap of track "
			    "1) is not kept");
	unsigned n = vdisc_record_sao(&v->disc, &s->sheet, s->next, complete,
				      vrec_p05_multisession(&v->mode));
	if (n)
		vrec_leadin_to_disc(&s->leadin_packs, &v->disc);
	if (s->leadin_packs.bad_crc)
		vrec_log(v, "%u CD-TEXT packs of the lead-in had a wrong CRC",
			 s->leadin_packs.bad_crc);
	int rc = 0;
	if (n) {
		/* Pregaps the drive made, and whatever follows the last
		 * sector sent, read as silence. */
		off_t end = (off_t)s->next * CD_SECTOR_BYTES;
		off_t size = lseek(v->bin_fd, 0, SEEK_END);
		if (size >= 0 && size < end && ftruncate(v->bin_fd, end) < 0)
			rc = VS_WRITE_ERROR;
		if (!rc && fdatasync(v->bin_fd) < 0)
			rc = VS_WRITE_ERROR;
		if (rc)
			vrec_log(v, "SAO session: %s: %s", v->bin_path,
				 strerror(errno));
		if (vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE |
				     VREC_SAVE_NRG) &&
		    !rc)
			rc = VS_WRITE_ERROR;
	}
	free(s);
	return rc;
}

/* Bytes the host sends for sectors [lba, lba + n), or -1 when one of
 * them is not the host's to send. */
static int64_t transfer_bytes(const struct vrec_sao *s, int32_t lba, uint32_t n)
{
	int64_t bytes = 0;
	for (uint32_t i = 0; i < n; i++) {
		switch (vrec_sao_sector_kind(&s->sheet, s->leadin,
					     lba + (int32_t)i)) {
		case VREC_SAO_LEAD_IN_TEXT:
			bytes += CDTEXT_SUBCHANNEL_BYTES;
			break;
		case VREC_SAO_AUDIO:
			bytes += CD_SECTOR_BYTES;
			break;
		default:
			return -1;
		}
	}
	return bytes;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Takes sectors [lba, lba + n) from data. */
static int take(struct vrec *v, const uint8_t *data, int32_t lba, uint32_t n)
{
	struct vrec_sao *s = v->sao;
	for (uint32_t i = 0; i < n;) {
		int32_t at = lba + (int32_t)i;
		if (at < SAO_FIRST_LBA) { /* lead-in: R-W sub-channel */
			vrec_leadin_take(&s->leadin_packs, data);
			data += CDTEXT_SUBCHANNEL_BYTES;
			i++;
			continue;
		}
		if (at < 0) { /* the pregap of track 1: not kept */
			if (!all_zero(data, CD_SECTOR_BYTES))
				s->dropped_audio = true;
			data += CD_SECTOR_BYTES;
			i++;
			continue;
		}
		/* A run of audio sectors at once. */
		uint32_t run = n - i;
		if (!s->test_write) {
			int rc = vrec_store(v, data,
					    (size_t)run * CD_SECTOR_BYTES, at);
			if (rc)
				return rc;
		}
		data += (size_t)run * CD_SECTOR_BYTES;
		i += run;
	}
	return 0;
}

int vrec_sao_write10(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	struct vrec_sao *s = v->sao;
	int32_t lba = (int32_t)get_be32(c->cdb + 2);
	uint32_t n = get_be16(c->cdb + 7);
	if (!s)
		return VS_SEQUENCE_ERROR; /* SAO needs a cue sheet first */
	if (n == 0)
		return 0;
	if ((int64_t)lba + n > s->sheet.leadout || lba < s->leadin)
		return VS_LBA_OUT_OF_RANGE;
	if (lba != s->next)
		return VS_INVALID_WRITE_ADDRESS;
	int64_t bytes = transfer_bytes(s, lba, n);
	if (bytes < 0)
		return VS_INVALID_WRITE_ADDRESS; /* the drive makes those */
	if (c->data_len < (size_t)bytes || !c->data)
		return VS_INVALID_FIELD_CDB;
	/* The laser needs a sector's worth of time for every sector, lead-in
	 * sectors included. */
	vrec_pace_update(&v->pace, vrec_rate(v), mono_seconds());
	if (v->pace.starved && !vrec_p05_bufe(&v->mode))
		return VS_LOSS_OF_STREAMING;
	if (!vrec_pace_accept(&v->pace, n * CD_SECTOR_BYTES, vrec_rate(v),
			      mono_seconds()))
		return VS_LONG_WRITE_IN_PROGRESS; /* buffer full: resend */
	int rc = take(v, c->data, lba, n);
	if (rc)
		return rc;
	s->started = true;
	s->next = vrec_sao_next_sent(&s->sheet, s->leadin, lba + (int32_t)n);
	*xfer = (size_t)bytes;
	if (s->next >= s->sheet.leadout)
		return finish(v, true);
	return 0;
}

void vrec_sao_stop(struct vrec *v, enum vrec_stop how)
{
	if (!v->sao)
		return;
	if (how == VREC_STOP_DISCARD || !v->sao->started) {
		free(v->sao);
		v->sao = NULL;
		return;
	}
	/* Broken off before the lead-out: the disc keeps what was written,
	 * in a session that was never closed. */
	finish(v, false);
}
