/*
 * mmc_cue_sheet.c - SEND CUE SHEET: the sheet built from a Session-At-
 * Once layout, its CDB, and the checks a drive applies to a sheet (see
 * mmc_cue_sheet.h).
 */
#include "mmc_cue_sheet.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bytes.h"
#include "mmc_cdb.h"
#include "q_control.h"
#include "unconst.h"

/* Building. */

static size_t track_entries(const struct sao_layout *l,
			    const struct mmc_cue_disc *d, size_t i)
{
	const struct sao_track_layout *t = &l->track[i];
	size_t n = t->last_index;
	if (i == 0 || t->index0 < t->index[1])
		n++; /* INDEX 00 */
	if (d->track[i].isrc[0])
		n += 2;
	return n;
}

size_t mmc_cue_sheet_length(const struct sao_layout *l,
			    const struct mmc_cue_disc *d)
{
	size_t n = 2; /* lead-in, lead-out */
	if (d->mcn[0])
		n += 2;
	for (size_t i = 0; i < l->n; i++)
		n += track_entries(l, d, i);
	return n * MMC_CUE_ENTRY_BYTES;
}

static uint8_t *entry(uint8_t *p, uint8_t ctl_adr, uint8_t tno, uint8_t index,
		      uint8_t data_form, uint8_t scms, int32_t lba)
{
	struct msf m = msf_from_lba(lba);
	p[0] = ctl_adr;
	p[1] = tno;
	p[2] = index;
	p[3] = data_form;
	p[4] = scms;
	p[5] = m.m;
	p[6] = m.s;
	p[7] = m.f;
	return p + MMC_CUE_ENTRY_BYTES;
}

size_t mmc_cue_sheet_build(const struct sao_layout *l,
			   const struct mmc_cue_disc *d, uint8_t *out,
			   size_t cap)
{
	size_t len = mmc_cue_sheet_length(l, d);
	unsigned first = d->first_tno ? d->first_tno : 1;
	if (len > cap || l->n == 0 || first + l->n - 1 > CD_MAX_TRACKS)
		return 0;
	uint8_t *p = out;
	if (d->mcn[0]) {
		p[0] = MMC_CUE_ADR_MCN;
		memcpy(p + 1, d->mcn, 7);
		p[8] = MMC_CUE_ADR_MCN;
		memcpy(p + 9, d->mcn + 7, 6);
		p[15] = 0;
		p += 2 * MMC_CUE_ENTRY_BYTES;
	}
	p = entry(p, MMC_CUE_ADR_POSITION, MMC_CUE_TNO_LEAD_IN, 0,
		  d->cd_text ? MMC_CUE_DF_LEAD_IN_CD_TEXT : MMC_CUE_DF_LEAD_IN,
		  0, SAO_FIRST_LBA);
	for (size_t i = 0; i < l->n; i++) {
		const struct sao_track_layout *t = &l->track[i];
		const struct mmc_cue_track_info *info = &d->track[i];
		uint8_t tno = (uint8_t)(first + i);
		uint8_t ctl = (uint8_t)((info->q_control & ~Q_CTL_DATA) << 4);
		uint8_t scms = info->scms ? MMC_CUE_SCMS : 0;
		if (info->isrc[0]) {
			p[0] = ctl | MMC_CUE_ADR_ISRC;
			p[1] = tno;
			memcpy(p + 2, info->isrc, 6);
			p[8] = ctl | MMC_CUE_ADR_ISRC;
			p[9] = tno;
			memcpy(p + 10, info->isrc + 6, 6);
			p += 2 * MMC_CUE_ENTRY_BYTES;
		}
		if (i == 0 || t->index0 < t->index[1])
			p = entry(p, ctl | MMC_CUE_ADR_POSITION, tno, 0,
				  MMC_CUE_DF_CDDA, scms, t->index0);
		for (unsigned k = 1; k <= t->last_index; k++)
			p = entry(p, ctl | MMC_CUE_ADR_POSITION, tno,
				  (uint8_t)k, MMC_CUE_DF_CDDA, scms,
				  t->index[k]);
	}
	entry(p, MMC_CUE_ADR_POSITION, MMC_CUE_TNO_LEAD_OUT, 1,
	      MMC_CUE_DF_CDDA_GENERATED, 0, l->leadout);
	return len;
}

void mmc_cdb_send_cue_sheet(struct scsi_cmd *c, const void *sheet, uint32_t len)
{
	memset(c, 0, sizeof(*c));
	c->cdb[0] = MMC_SEND_CUE_SHEET;
	c->cdb_len = 10;
	put_be24(c->cdb + 6, len);
	/* The transport only reads data[] for data-out commands. */
	c->dir = len ? SCSI_DIR_TO_DEVICE : SCSI_DIR_NONE;
	c->data = len ? unconst(sheet) : NULL;
	c->data_len = len;
	c->timeout_ms = MMC_TIMEOUT_DEFAULT_MS;
}

/* Parsing: one pass over the entries, a drive's checks on the way. */

struct parser {
	const uint8_t *sheet;
	size_t len;
	struct mmc_cue_sheet *out;
	struct mmc_cue_fault *fault;
	bool lead_in, lead_out;
	struct mmc_cue_sheet_track *cur; /* the track being read */
	char pending_isrc[13];		 /* ISRC for the next track */
	uint8_t pending_isrc_tno;
	bool cur_has_index0;
	int32_t last_lba;
};

static int fault(struct parser *p, size_t field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fault(struct parser *p, size_t field, const char *fmt, ...)
{
	struct mmc_cue_fault *f = p->fault;
	f->asc = 0x26; /* INVALID FIELD IN PARAMETER LIST */
	f->ascq = 0x00;
	f->field = (uint32_t)field;
	va_list ap;
	va_start(ap, fmt);
	int n =
	    snprintf(f->reason, sizeof(f->reason),
		     "cue sheet entry %zu: ", field / MMC_CUE_ENTRY_BYTES + 1);
	if (n > 0 && (size_t)n < sizeof(f->reason))
		vsnprintf(f->reason + n, sizeof(f->reason) - (size_t)n, fmt,
			  ap);
	va_end(ap);
	return -EINVAL;
}

static bool all(const uint8_t *s, size_t n, bool digits_only)
{
	for (size_t i = 0; i < n; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';
		bool upper = s[i] >= 'A' && s[i] <= 'Z';
		if (!digit && (digits_only || !upper))
			return false;
	}
	return true;
}

static int parse_mcn(struct parser *p, size_t o)
{
	const uint8_t *e = p->sheet + o;
	if (p->lead_in)
		return fault(p, o,
			     "the catalog number comes after the lead-in "
			     "entry");
	if (p->out->mcn[0])
		return fault(p, o, "a second catalog number");
	if (o + 2 * MMC_CUE_ENTRY_BYTES > p->len ||
	    (e[8] & 0x0F) != MMC_CUE_ADR_MCN)
		return fault(p, o, "the catalog number takes two entries");
	char mcn[14];
	memcpy(mcn, e + 1, 7);
	memcpy(mcn + 7, e + 9, 6);
	mcn[13] = '\0';
	if (!all((const uint8_t *)mcn, 13, true))
		return fault(p, o + 1, "the catalog number is not 13 digits");
	memcpy(p->out->mcn, mcn, sizeof(mcn));
	return 0;
}

static int parse_isrc(struct parser *p, size_t o)
{
	const uint8_t *e = p->sheet + o;
	if (!p->lead_in || p->lead_out)
		return fault(p, o, "an ISRC outside the tracks");
	if (o + 2 * MMC_CUE_ENTRY_BYTES > p->len ||
	    (e[8] & 0x0F) != MMC_CUE_ADR_ISRC || e[9] != e[1])
		return fault(p, o, "the ISRC takes two entries of one track");
	uint8_t expect = p->cur ? (uint8_t)(p->cur->tno + 1) : e[1];
	if (e[1] != expect || e[1] < 1 || e[1] > CD_MAX_TRACKS)
		return fault(p, o + 1,
			     "the ISRC is for track %u, the next track is %u",
			     e[1], expect);
	char isrc[13];
	memcpy(isrc, e + 2, 6);
	memcpy(isrc + 6, e + 10, 6);
	isrc[12] = '\0';
	/* country (2) and owner (3) letters or digits, year and serial */
	if (!all((const uint8_t *)isrc, 5, false) ||
	    !all((const uint8_t *)isrc + 5, 7, true))
		return fault(p, o + 2,
			     "the ISRC \"%s\" is not of the form "
			     "CCOOOYYNNNNN",
			     isrc);
	memcpy(p->pending_isrc, isrc, sizeof(isrc));
	p->pending_isrc_tno = e[1];
	return 0;
}

static int parse_lead_in(struct parser *p, size_t o)
{
	const uint8_t *e = p->sheet + o;
	if (p->lead_in)
		return fault(p, o + 1, "a second lead-in entry");
	if (e[0] >> 4 & Q_CTL_DATA)
		return fault(p, o,
			     "a data session: this recorder writes "
			     "audio sessions only");
	if (e[2] != 0)
		return fault(p, o + 2, "the lead-in entry has INDEX %02Xh",
			     e[2]);
	if (e[3] != MMC_CUE_DF_LEAD_IN && e[3] != MMC_CUE_DF_LEAD_IN_CD_TEXT)
		return fault(p, o + 3,
			     "lead-in data form %02Xh (audio: 01h, with "
			     "CD-TEXT 41h)",
			     e[3]);
	struct msf m = {e[5], e[6], e[7]};
	if (!(m.m == 0 && m.s == 0 && m.f == 0) && m.m < 90)
		return fault(p, o + 5,
			     "the lead-in entry is not at 00:00:00 "
			     "nor in the lead-in");
	p->lead_in = true;
	p->out->lead_in_data_form = e[3];
	p->out->cd_text = e[3] == MMC_CUE_DF_LEAD_IN_CD_TEXT;
	p->out->lead_in_at = m;
	return 0;
}

static int end_track(struct parser *p, size_t o, int32_t next)
{
	struct mmc_cue_sheet_track *t = p->cur;
	if (!t)
		return 0;
	if (t->last_index == 0)
		return fault(p, o, "track %u has no INDEX 01", t->tno);
	t->end = next;
	if (next - t->index[1] < CD_MIN_TRACK_SECTORS)
		return fault(p, o + 5,
			     "track %u lasts %d sectors from INDEX 01, less "
			     "than 4 s",
			     t->tno, next - t->index[1]);
	return 0;
}

static int start_track(struct parser *p, size_t o, int32_t lba)
{
	const uint8_t *e = p->sheet + o;
	struct mmc_cue_sheet *out = p->out;
	uint8_t tno = e[1];
	if (p->cur && tno != p->cur->tno + 1)
		return fault(p, o + 1, "track %u after track %u", tno,
			     p->cur->tno);
	if (out->n == CD_MAX_TRACKS)
		return fault(p, o + 1, "more than 99 tracks");
	int rc = end_track(p, o, lba);
	if (rc)
		return rc;
	if (p->pending_isrc[0] && p->pending_isrc_tno != tno)
		return fault(p, o + 1, "the ISRC before it is for track %u",
			     p->pending_isrc_tno);
	if (e[2] > 1)
		return fault(p, o + 2, "track %u starts with INDEX %02u", tno,
			     e[2]);
	if (out->n == 0 && (e[2] != 0 || lba != SAO_FIRST_LBA))
		return fault(p, o + 5,
			     "the first track's pregap does not "
			     "start at 00:00:00");
	p->cur = &out->track[out->n++];
	p->cur_has_index0 = false;
	memset(p->cur, 0, sizeof(*p->cur));
	p->cur->tno = tno;
	memcpy(p->cur->isrc, p->pending_isrc, sizeof(p->cur->isrc));
	p->pending_isrc[0] = '\0';
	return 0;
}

static int parse_index(struct parser *p, size_t o, int32_t lba)
{
	const uint8_t *e = p->sheet + o;
	struct mmc_cue_sheet_track *t = p->cur;
	uint8_t index = e[2];
	if (index > SAO_MAX_INDEX)
		return fault(p, o + 2, "INDEX %02Xh", index);
	if (index == 0) {
		if (t->last_index != 0 || p->cur_has_index0)
			return fault(p, o + 2,
				     "track %u: INDEX 00 after "
				     "INDEX %02u",
				     t->tno, t->last_index);
		if (e[3] != MMC_CUE_DF_CDDA &&
		    e[3] != MMC_CUE_DF_CDDA_GENERATED)
			return fault(p, o + 3,
				     "data form %02Xh: this recorder writes "
				     "audio (00h, or 01h for silence)",
				     e[3]);
		t->index[0] = lba;
		t->pregap_generated = e[3] == MMC_CUE_DF_CDDA_GENERATED;
		p->cur_has_index0 = true;
		return 0;
	}
	if (index != t->last_index + 1)
		return fault(p, o + 2, "track %u: INDEX %02u after INDEX %02u",
			     t->tno, index, t->last_index);
	if (e[3] != MMC_CUE_DF_CDDA)
		return fault(p, o + 3,
			     "data form %02Xh: this recorder writes audio "
			     "tracks only (00h)",
			     e[3]);
	if (index == 1) {
		if (p->out->n == 1 && lba < 0)
			return fault(p, o + 5,
				     "track %u starts before "
				     "00:02:00",
				     t->tno);
		if (!p->cur_has_index0)
			t->index[0] = lba;
		t->q_control = e[0] >> 4;
		t->scms = e[4] == MMC_CUE_SCMS;
	} else if (lba <= t->index[index - 1]) {
		return fault(p, o + 5,
			     "track %u: INDEX %02u does not come "
			     "after INDEX %02u",
			     t->tno, index, index - 1);
	}
	t->index[index] = lba;
	t->last_index = index;
	return 0;
}

static int parse_position(struct parser *p, size_t o)
{
	const uint8_t *e = p->sheet + o;
	uint8_t tno = e[1];
	if (e[6] >= 60 || e[7] >= CD_FRAMES_PER_SECOND)
		return fault(p, o + (e[6] >= 60 ? 6 : 7),
			     "%02u:%02u:%02u is not a time", e[5], e[6], e[7]);
	if (p->lead_out)
		return fault(p, o, "an entry after the lead-out");
	if (tno == MMC_CUE_TNO_LEAD_IN)
		return parse_lead_in(p, o);
	if (!p->lead_in)
		return fault(p, o, "the first entry is not the lead-in");
	if (e[0] >> 4 & Q_CTL_DATA)
		return fault(p, o,
			     "a data track: this recorder writes audio "
			     "tracks only");
	if (e[4] != 0 && e[4] != MMC_CUE_SCMS)
		return fault(p, o + 4, "SCMS %02Xh", e[4]);
	struct msf m = {e[5], e[6], e[7]};
	if (m.m >= 90)
		return fault(p, o + 5, "%02u:%02u:%02u lies in the lead-in",
			     m.m, m.s, m.f);
	int32_t lba = msf_to_lba(m);
	if (p->out->n > 0 && lba < p->last_lba)
		return fault(p, o + 5,
			     "%02u:%02u:%02u is before the entry "
			     "before it",
			     m.m, m.s, m.f);
	if (tno == MMC_CUE_TNO_LEAD_OUT) {
		if (!p->cur)
			return fault(p, o + 1, "a lead-out without tracks");
		if (e[2] != 1 || e[3] != MMC_CUE_DF_CDDA_GENERATED)
			return fault(p, o + 2,
				     "the lead-out entry is not "
				     "INDEX 01, data form 01h");
		int rc = end_track(p, o, lba);
		if (rc)
			return rc;
		p->lead_out = true;
		p->out->leadout = lba;
		return 0;
	}
	if (tno < 1 || tno > CD_MAX_TRACKS)
		return fault(p, o + 1, "TNO %02Xh", tno);
	if (!p->cur || tno != p->cur->tno) {
		int rc = start_track(p, o, lba);
		if (rc)
			return rc;
	}
	p->last_lba = lba;
	return parse_index(p, o, lba);
}

int mmc_cue_sheet_parse(const uint8_t *sheet, size_t len,
			struct mmc_cue_sheet *out, struct mmc_cue_fault *f)
{
	memset(out, 0, sizeof(*out));
	memset(f, 0, sizeof(*f));
	if (len == 0 || len % MMC_CUE_ENTRY_BYTES ||
	    len > MMC_CUE_MAX_ENTRIES * MMC_CUE_ENTRY_BYTES) {
		f->asc = 0x1A; /* PARAMETER LIST LENGTH ERROR */
		snprintf(f->reason, sizeof(f->reason),
			 "a cue sheet of %zu bytes is not a list of 8-byte "
			 "entries",
			 len);
		return -EINVAL;
	}
	struct parser p = {.sheet = sheet, .len = len, .out = out, .fault = f};
	for (size_t o = 0; o < len; o += MMC_CUE_ENTRY_BYTES) {
		int rc;
		switch (sheet[o] & 0x0F) {
		case MMC_CUE_ADR_POSITION:
			rc = parse_position(&p, o);
			break;
		case MMC_CUE_ADR_MCN:
			rc = parse_mcn(&p, o);
			o += MMC_CUE_ENTRY_BYTES;
			break;
		case MMC_CUE_ADR_ISRC:
			rc = parse_isrc(&p, o);
			o += MMC_CUE_ENTRY_BYTES;
			break;
		default:
			rc = fault(&p, o, "ADR %u", sheet[o] & 0x0F);
			break;
		}
		if (rc)
			return rc;
	}
	if (!p.lead_in)
		return fault(&p, 0, "no lead-in entry");
	if (!p.lead_out)
		return fault(&p, len - MMC_CUE_ENTRY_BYTES,
			     "the last entry is not the lead-out");
	return 0;
}
