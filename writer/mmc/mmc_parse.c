/*
 * mmc_parse.c - parsers for MMC response data and the builder of the
 * Write Parameters mode page (see mmc_parse.h).
 *
 * Conventions: every parser first computes "avail", the number of bytes
 * it may look at: the bytes received, further limited by the response's
 * own length field.  Fields are read only below avail.  A response too
 * short for its mandatory fields, or whose structure contradicts itself,
 * yields -EBADMSG.  mmc_mode_sense10_find_page returns -ENOENT when the
 * response is well-formed but lacks the page.
 */
#include "mmc_parse.h"

#include <errno.h>
#include <string.h>

#include "bytes.h"
#include "mmc_cdb.h"
#include "msf.h"

/* Clips len to the length announced in a 2-byte length field at buf[0]
 * that counts the bytes after itself. */
static size_t clip16(const uint8_t *buf, size_t len)
{
	size_t total = 2 + (size_t)get_be16(buf);
	return total < len ? total : len;
}

/* Copies a space-padded ASCII field, stopping at NUL, trimming blanks and
 * replacing unprintable bytes. */
static void copy_ascii(char *dst, size_t cap, const uint8_t *src, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 1 < cap; i++) {
		uint8_t ch = src[i];
		if (ch == 0)
			break;
		dst[k++] = (ch >= 0x20 && ch < 0x7F) ? (char)ch : '?';
	}
	while (k > 0 && dst[k - 1] == ' ')
		k--;
	dst[k] = '\0';
}

/* MSF field -> LBA.  Returns 1 for FF:FF:FF ("not valid"), -EBADMSG for
 * seconds or frames out of range, 0 otherwise. */
static int msf_field(const uint8_t *p, int32_t *lba)
{
	if (p[0] == 0xFF && p[1] == 0xFF && p[2] == 0xFF)
		return 1;
	if (p[1] >= 60 || p[2] >= CD_FRAMES_PER_SECOND)
		return -EBADMSG;
	struct msf m = {p[0], p[1], p[2]};
	*lba = msf_to_lba(m);
	return 0;
}

/* ---- INQUIRY ---------------------------------------------------------- */

int mmc_parse_inquiry(const uint8_t *buf, size_t len, struct mmc_inquiry *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 5)
		return -EBADMSG;
	size_t total = 5 + (size_t)buf[4];
	size_t avail = total < len ? total : len;
	if (avail < 36)
		return -EBADMSG;
	out->peripheral_device_type = buf[0] & 0x1F;
	out->rmb = (buf[1] & 0x80) != 0;
	copy_ascii(out->vendor, sizeof(out->vendor), buf + 8, 8);
	copy_ascii(out->product, sizeof(out->product), buf + 16, 16);
	copy_ascii(out->revision, sizeof(out->revision), buf + 32, 4);
	return 0;
}

/* ---- GET CONFIGURATION ------------------------------------------------ */

static void decode_feature(struct mmc_configuration *out,
			   const struct mmc_feature *f)
{
	if (f->code == 0x0000) {
		/* Profile List: 4 bytes per profile descriptor. */
		for (size_t i = 0; i + 4 <= f->additional_length; i += 4) {
			if (out->n_profiles >= MMC_MAX_PROFILES)
				break;
			out->profiles[out->n_profiles].profile =
			    get_be16(f->data + i);
			out->profiles[out->n_profiles].current =
			    (f->data[i + 2] & 0x01) != 0;
			out->n_profiles++;
		}
	} else if (f->code == 0x002D && f->additional_length >= 4) {
		/* CD Track at Once. */
		out->tao_present = true;
		out->tao_current = f->current;
		out->tao_buf = (f->data[0] & 0x40) != 0;
		out->tao_test_write = (f->data[0] & 0x04) != 0;
		out->tao_cd_rw = (f->data[0] & 0x02) != 0;
		out->tao_data_block_types = get_be16(f->data + 2);
	} else if (f->code == 0x002E && f->additional_length >= 4) {
		/* CD Mastering: Session at Once and raw writing. */
		out->mastering_present = true;
		out->mastering_current = f->current;
		out->sao_buf = (f->data[0] & 0x40) != 0;
		out->sao = (f->data[0] & 0x20) != 0;
		out->sao_test_write = (f->data[0] & 0x04) != 0;
		out->sao_cd_rw = (f->data[0] & 0x02) != 0;
		out->sao_rw_subcode = (f->data[0] & 0x01) != 0;
		out->sao_max_cue_sheet = get_be24(f->data + 1);
	}
}

int mmc_parse_get_configuration(const uint8_t *buf, size_t len,
				struct mmc_configuration *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 8)
		return -EBADMSG;
	uint32_t data_length = get_be32(buf);
	if (data_length < 4)
		return -EBADMSG; /* the header alone is 8 bytes */
	size_t avail = len;
	if ((uint64_t)data_length + 4 < avail)
		avail = (size_t)data_length + 4;
	out->current_profile = get_be16(buf + 6);

	size_t off = 8;
	while (off + 4 <= avail) {
		struct mmc_feature f;
		f.code = get_be16(buf + off);
		f.version = (buf[off + 2] >> 2) & 0x0F;
		f.persistent = (buf[off + 2] & 0x02) != 0;
		f.current = (buf[off + 2] & 0x01) != 0;
		f.additional_length = buf[off + 3];
		f.data = buf + off + 4;
		if (off + 4 + f.additional_length > avail)
			break; /* cut off by the allocation length */
		decode_feature(out, &f);
		if (out->n_features < MMC_MAX_FEATURES)
			out->features[out->n_features++] = f;
		off += 4 + (size_t)f.additional_length;
	}
	return 0;
}

/* ---- MODE SENSE(10) --------------------------------------------------- */

int mmc_mode_sense10_find_page(const uint8_t *buf, size_t len,
			       uint8_t page_code, const uint8_t **page,
			       size_t *page_len)
{
	*page = NULL;
	*page_len = 0;
	if (!buf || len < 8)
		return -EBADMSG;
	size_t avail = clip16(buf, len);
	if (avail < 8)
		return -EBADMSG;
	size_t off = 8 + (size_t)get_be16(buf + 6); /* skip block descriptors */
	if (off > avail)
		return -EBADMSG;
	while (off + 2 <= avail) {
		const uint8_t *p = buf + off;
		size_t plen;
		if (p[0] & 0x40) {
			/* Sub-page format: 2-byte page length in bytes 2-3. */
			if (off + 4 > avail)
				break;
			plen = 4 + (size_t)get_be16(p + 2);
		} else {
			plen = 2 + (size_t)p[1];
		}
		if ((p[0] & 0x3F) == (page_code & 0x3F) && !(p[0] & 0x40)) {
			*page = p;
			*page_len = (off + plen <= avail) ? plen : avail - off;
			return 0;
		}
		off += plen;
	}
	return -ENOENT;
}

/* ---- Write Parameters page 05h ---------------------------------------- */

int mmc_parse_write_parameters(const uint8_t *page, size_t len,
			       struct mmc_write_parameters *out)
{
	memset(out, 0, sizeof(*out));
	if (!page || len < 2)
		return -EBADMSG;
	if ((page[0] & 0x3F) != MMC_PAGE_WRITE_PARAMETERS)
		return -EBADMSG;
	size_t avail = 2 + (size_t)page[1];
	if (avail > len)
		avail = len;
	if (avail < 16)
		return -EBADMSG; /* up to Audio Pause Length is mandatory */
	out->ps = (page[0] & 0x80) != 0;
	out->page_length = page[1];
	out->bufe = (page[2] & 0x40) != 0;
	out->ls_v = (page[2] & 0x20) != 0;
	out->test_write = (page[2] & 0x10) != 0;
	out->write_type = page[2] & 0x0F;
	out->multi_session = (page[3] >> 6) & 0x03;
	out->fp = (page[3] & 0x20) != 0;
	out->copy = (page[3] & 0x10) != 0;
	out->track_mode = page[3] & 0x0F;
	out->data_block_type = page[4] & 0x0F;
	out->link_size = page[5];
	out->host_application_code = page[7] & 0x3F;
	out->session_format = page[8];
	out->packet_size = get_be32(page + 10);
	out->audio_pause_length = get_be16(page + 14);
	if (avail >= 30 && (page[16] & 0x80)) {
		out->mcval = true;
		copy_ascii(out->mcn, sizeof(out->mcn), page + 17, 13);
	}
	if (avail >= 45 && (page[32] & 0x80)) {
		out->tcval = true;
		copy_ascii(out->isrc, sizeof(out->isrc), page + 33, 12);
	}
	return 0;
}

int mmc_build_write_parameters(const struct mmc_write_parameters *wp,
			       uint8_t *out, size_t cap)
{
	uint8_t plen = wp->page_length ? wp->page_length : 0x32;
	size_t total = 2 + (size_t)plen;
	if (plen < 14 || !out || cap < total)
		return -EINVAL;
	memset(out, 0, total);
	out[0] = MMC_PAGE_WRITE_PARAMETERS; /* PS is reserved in MODE SELECT */
	out[1] = plen;
	out[2] =
	    (uint8_t)((wp->bufe ? 0x40 : 0) | (wp->ls_v ? 0x20 : 0) |
		      (wp->test_write ? 0x10 : 0) | (wp->write_type & 0x0F));
	out[3] =
	    (uint8_t)((wp->multi_session & 0x03) << 6 | (wp->fp ? 0x20 : 0) |
		      (wp->copy ? 0x10 : 0) | (wp->track_mode & 0x0F));
	out[4] = wp->data_block_type & 0x0F;
	out[5] = wp->link_size;
	out[7] = wp->host_application_code & 0x3F;
	out[8] = wp->session_format;
	put_be32(out + 10, wp->packet_size);
	put_be16(out + 14, wp->audio_pause_length);
	if (wp->mcval && total >= 32) {
		out[16] = 0x80;
		memcpy(out + 17, wp->mcn, strnlen(wp->mcn, 13));
	}
	if (wp->tcval && total >= 48) {
		out[32] = 0x80;
		memcpy(out + 33, wp->isrc, strnlen(wp->isrc, 12));
	}
	return (int)total;
}

int mmc_build_mode_select10_params(const uint8_t *page, size_t page_len,
				   uint8_t *out, size_t cap)
{
	size_t total = 8 + page_len;
	if (!page || page_len < 2 || !out || cap < total || total > 0xFFFF)
		return -EINVAL;
	memset(out, 0, 8);
	memcpy(out + 8, page, page_len);
	out[8] &= 0x7F; /* PS is reserved in MODE SELECT */
	return (int)total;
}

/* ---- Capabilities page 2Ah -------------------------------------------- */

int mmc_parse_capabilities(const uint8_t *page, size_t len,
			   struct mmc_capabilities *out)
{
	memset(out, 0, sizeof(*out));
	if (!page || len < 2)
		return -EBADMSG;
	if ((page[0] & 0x3F) != MMC_PAGE_CAPABILITIES)
		return -EBADMSG;
	size_t avail = 2 + (size_t)page[1];
	if (avail > len)
		avail = len;
	if (avail < 18)
		return -EBADMSG; /* page length below 10h: pre-MMC */
	out->page_length = page[1];
	out->read_cd_r = (page[2] & 0x01) != 0;
	out->read_cd_rw = (page[2] & 0x02) != 0;
	out->write_cd_r = (page[3] & 0x01) != 0;
	out->write_cd_rw = (page[3] & 0x02) != 0;
	out->test_write = (page[3] & 0x04) != 0;
	out->audio_play = (page[4] & 0x01) != 0;
	out->multi_session = (page[4] & 0x40) != 0;
	out->buf = (page[4] & 0x80) != 0;
	out->cd_da_commands = (page[5] & 0x01) != 0;
	out->isrc = (page[5] & 0x20) != 0;
	out->upc = (page[5] & 0x40) != 0;
	out->lock = (page[6] & 0x01) != 0;
	out->lock_state = (page[6] & 0x02) != 0;
	out->eject = (page[6] & 0x08) != 0;
	out->loading_mechanism = (page[6] >> 5) & 0x07;
	out->max_read_speed_kbps = get_be16(page + 8);
	out->buffer_size_kb = get_be16(page + 12);
	out->current_read_speed_kbps = get_be16(page + 14);
	if (avail >= 20)
		out->max_write_speed_kbps = get_be16(page + 18);
	if (avail >= 22)
		out->current_write_speed_kbps = get_be16(page + 20);
	if (avail >= 28)
		out->rotation_control = page[27] & 0x03;
	if (avail >= 30)
		out->current_write_speed_kbps = get_be16(page + 28);
	if (avail >= 32) {
		size_t n = get_be16(page + 30);
		for (size_t i = 0; i < n; i++) {
			size_t off = 32 + 4 * i;
			if (off + 4 > avail ||
			    out->n_write_speeds >=
				sizeof(out->write_speeds) /
				    sizeof(out->write_speeds[0]))
				break;
			out->write_speeds[out->n_write_speeds]
			    .rotation_control = page[off + 1] & 0x03;
			out->write_speeds[out->n_write_speeds].kbps =
			    get_be16(page + off + 2);
			out->n_write_speeds++;
		}
	}
	return 0;
}

/* ---- READ DISC INFORMATION -------------------------------------------- */

int mmc_parse_disc_information(const uint8_t *buf, size_t len,
			       struct mmc_disc_information *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 2)
		return -EBADMSG;
	size_t avail = clip16(buf, len);
	if (avail < 24)
		return -EBADMSG; /* through Last Possible Lead-out */
	out->erasable = (buf[2] & 0x10) != 0;
	out->last_session_state = (buf[2] >> 2) & 0x03;
	out->disc_status = buf[2] & 0x03;
	out->first_track = buf[3];
	out->n_sessions = (uint16_t)(buf[9] << 8 | buf[4]);
	out->first_track_last_session = (uint16_t)(buf[10] << 8 | buf[5]);
	out->last_track_last_session = (uint16_t)(buf[11] << 8 | buf[6]);
	out->did_v = (buf[7] & 0x80) != 0;
	out->dbc_v = (buf[7] & 0x40) != 0;
	out->uru = (buf[7] & 0x20) != 0;
	out->disc_type = buf[8];
	out->disc_id = get_be32(buf + 12);
	int r = msf_field(buf + 17, &out->last_session_leadin_lba);
	if (r < 0)
		return r;
	out->leadin_valid = (r == 0);
	r = msf_field(buf + 21, &out->last_possible_leadout_lba);
	if (r < 0)
		return r;
	out->leadout_valid = (r == 0);
	return 0;
}

/* ---- READ TRACK INFORMATION ------------------------------------------- */

int mmc_parse_track_information(const uint8_t *buf, size_t len,
				struct mmc_track_information *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 2)
		return -EBADMSG;
	size_t avail = clip16(buf, len);
	if (avail < 20)
		return -EBADMSG; /* through Free Blocks */
	out->track_number = buf[2];
	out->session_number = buf[3];
	out->damage = (buf[5] & 0x20) != 0;
	out->copy = (buf[5] & 0x10) != 0;
	out->track_mode = buf[5] & 0x0F;
	out->rt = (buf[6] & 0x80) != 0;
	out->blank = (buf[6] & 0x40) != 0;
	out->packet = (buf[6] & 0x20) != 0;
	out->fp = (buf[6] & 0x10) != 0;
	out->data_mode = buf[6] & 0x0F;
	out->lra_v = (buf[7] & 0x02) != 0;
	out->nwa_v = (buf[7] & 0x01) != 0;
	out->track_start = (int32_t)get_be32(buf + 8);
	out->next_writable_address = (int32_t)get_be32(buf + 12);
	out->free_blocks = get_be32(buf + 16);
	if (avail >= 24)
		out->fixed_packet_size = get_be32(buf + 20);
	if (avail >= 28)
		out->track_size = get_be32(buf + 24);
	if (avail >= 32)
		out->last_recorded_address = (int32_t)get_be32(buf + 28);
	if (avail >= 34) {
		out->track_number |= (uint16_t)(buf[32] << 8);
		out->session_number |= (uint16_t)(buf[33] << 8);
	}
	return 0;
}

/* ---- READ TOC/PMA/ATIP ------------------------------------------------ */

int mmc_parse_toc_formatted(const uint8_t *buf, size_t len, bool msf,
			    struct mmc_toc *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 4)
		return -EBADMSG;
	size_t announced = 2 + (size_t)get_be16(buf);
	if (announced < 4 || (announced - 4) % 8 != 0)
		return -EBADMSG;
	size_t avail = announced < len ? announced : len;
	out->first = buf[2];
	out->last = buf[3];
	size_t n = (avail - 4) / 8;
	if (n > sizeof(out->entries) / sizeof(out->entries[0]))
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *d = buf + 4 + 8 * i;
		struct mmc_toc_track *e = &out->entries[i];
		e->adr = d[1] >> 4;
		e->control = d[1] & 0x0F;
		e->track = d[2];
		if (msf) {
			int r = msf_field(d + 5, &e->lba);
			if (r != 0)
				return -EBADMSG;
		} else {
			e->lba = (int32_t)get_be32(d + 4);
		}
	}
	out->n = n;
	return 0;
}

int mmc_parse_toc_full(const uint8_t *buf, size_t len, struct mmc_full_toc *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 4)
		return -EBADMSG;
	size_t announced = 2 + (size_t)get_be16(buf);
	if (announced < 4 || (announced - 4) % 11 != 0)
		return -EBADMSG;
	size_t avail = announced < len ? announced : len;
	out->first_session = buf[2];
	out->last_session = buf[3];
	size_t n = (avail - 4) / 11;
	if (n > sizeof(out->entries) / sizeof(out->entries[0]))
		return -EBADMSG;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *d = buf + 4 + 11 * i;
		struct mmc_full_toc_entry *e = &out->entries[i];
		e->session = d[0];
		e->adr = d[1] >> 4;
		e->control = d[1] & 0x0F;
		e->tno = d[2];
		e->point = d[3];
		e->min = d[4];
		e->sec = d[5];
		e->frame = d[6];
		e->zero = d[7];
		e->pmin = d[8];
		e->psec = d[9];
		e->pframe = d[10];
	}
	out->n = n;
	return 0;
}

int mmc_parse_atip(const uint8_t *buf, size_t len, struct mmc_atip *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 2)
		return -EBADMSG;
	size_t avail = clip16(buf, len);
	if (avail < 15)
		return -EBADMSG; /* through the lead-out MSF */
	const uint8_t *d = buf + 4;
	out->indicative_target_writing_power = (d[0] >> 4) & 0x07;
	out->reference_speed = d[0] & 0x07;
	out->uru = (d[1] & 0x40) != 0;
	out->disc_type_rw = (d[2] & 0x40) != 0;
	out->disc_sub_type = (d[2] >> 3) & 0x07;
	out->a1_v = (d[2] & 0x04) != 0;
	out->a2_v = (d[2] & 0x02) != 0;
	out->a3_v = (d[2] & 0x01) != 0;
	out->leadin_start_msf.m = d[4];
	out->leadin_start_msf.s = d[5];
	out->leadin_start_msf.f = d[6];
	if (d[4] == 0 && d[5] == 0 && d[6] == 0 && d[8] == 0 && d[9] == 0 &&
	    d[10] == 0)
		return -EBADMSG; /* no ATIP at all */
	if (msf_field(d + 4, &out->leadin_start_lba) != 0 ||
	    msf_field(d + 8, &out->last_possible_leadout_lba) != 0)
		return -EBADMSG;
	if (out->a1_v && avail >= 19) {
		out->lowest_clv = (d[12] >> 4) & 0x07;
		out->highest_clv = d[12] & 0x0F;
	}
	return 0;
}

/* ---- READ BUFFER CAPACITY / READ CAPACITY ----------------------------- */

int mmc_parse_buffer_capacity(const uint8_t *buf, size_t len,
			      struct mmc_buffer_capacity *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 12)
		return -EBADMSG;
	if (get_be16(buf) < 10)
		return -EBADMSG;
	out->length_of_buffer = get_be32(buf + 4);
	out->available_length = get_be32(buf + 8);
	return 0;
}

int mmc_parse_read_capacity(const uint8_t *buf, size_t len,
			    struct mmc_capacity *out)
{
	memset(out, 0, sizeof(*out));
	if (!buf || len < 8)
		return -EBADMSG;
	out->last_lba = get_be32(buf);
	out->block_length = get_be32(buf + 4);
	if (out->block_length == 0)
		return -EBADMSG;
	return 0;
}
