/*
 * vrec.c - the virtual CD recorder as a struct scsi_transport: opening
 * and persisting the image, the command dispatcher, sense data, tray and
 * lock, and the Immed/busy model.  Recording commands are in
 * vrec_record.c, reading commands in vrec_read.c, the answers about the
 * disc in vrec_report.c.  See doc/virtual-recorder.md for what is
 * modelled and which sense each refusal carries.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "bytes.h"
#include "mono_clock.h"
#include "msf.h"
#include "sense.h"
#include "vrec_cmd.h"
#include "vrec_device.h"
#include "vrec_fault.h"
#include "vrec_sao.h"

/* Operations answered with Immed stay busy this long, or this many
 * answers, whichever ends first. */
#define VREC_IMMED_SECONDS 0.1
#define VREC_IMMED_POLLS 3

/* Fixed-format sense for a VSENSE code (writer/mmc's builder); SKSV
 * progress when progress >= 0. */
static void build_sense(uint8_t out[18], int vsense, int progress)
{
	sense_build_fixed(out, VSENSE_KEY(vsense), VSENSE_ASC(vsense),
			  VSENSE_ASCQ(vsense));
	if (progress >= 0)
		sense_set_progress(out, (uint16_t)progress);
}

/* True (and v->progress set) while an Immed operation is running. */
static bool busy_check(struct vrec *v)
{
	if (!v->busy)
		return false;
	double now = mono_seconds();
	if (now >= v->busy_end || v->busy_polls == 0) {
		v->busy = false;
		return false;
	}
	v->busy_polls--;
	double span = v->busy_end - v->busy_start;
	double f = span > 0 ? (now - v->busy_start) / span : 1;
	if (f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	v->progress = (int)(f * 65535);
	return true;
}

static bool present(const struct vrec *v)
{
	return !v->tray_open && vdisc_present(&v->disc) &&
	       !vrec_fault_medium_removed(v);
}

static int no_medium(const struct vrec *v)
{
	if (vrec_fault_medium_removed(v))
		return VS_NO_MEDIUM;
	return v->tray_open ? VS_NO_MEDIUM_TRAY_OPEN : VS_NO_MEDIUM_TRAY_CLOSED;
}

/* Copies min(alloc, len, data_len) bytes of v->resp to the host. */
static int reply(const struct scsi_cmd *c, const uint8_t *resp, size_t len,
		 size_t alloc, size_t *xfer)
{
	size_t n = len < alloc ? len : alloc;
	if (n > c->data_len)
		n = c->data_len;
	if (n && !c->data)
		return VS_INVALID_FIELD_CDB;
	if (n)
		memcpy(c->data, resp, n);
	*xfer = n;
	return 0;
}

static int cmd_test_unit_ready(struct vrec *v)
{
	if (v->ua_pending && present(v)) {
		v->ua_pending = false;
		return VS_MEDIUM_CHANGED;
	}
	if (!present(v))
		return no_medium(v);
	if (busy_check(v))
		return VS_LONG_WRITE_IN_PROGRESS;
	return 0;
}

static int cmd_request_sense(struct vrec *v, const struct scsi_cmd *c,
			     size_t *xfer)
{
	int s = 0;
	v->progress = -1;
	if (!present(v))
		s = no_medium(v);
	else if (busy_check(v))
		s = VS_LONG_WRITE_IN_PROGRESS;
	uint8_t sense[18];
	build_sense(sense, s, s ? v->progress : -1);
	v->progress = -1;
	return reply(c, sense, sizeof(sense), c->cdb[4], xfer);
}

static int cmd_inquiry(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	if (c->cdb[1] & 0x02) /* CmdDt (obsolete) */
		return VS_INVALID_FIELD_CDB;
	size_t len;
	int s = vrec_inquiry(v->cfg.name, c->cdb[1] & 0x01, c->cdb[2], v->resp,
			     sizeof(v->resp), &len);
	return s ? s : reply(c, v->resp, len, get_be16(c->cdb + 3), xfer);
}

static void caps_of(struct vrec *v, struct vrec_caps *caps,
		    struct vrec_speeds *ws)
{
	vrec_write_speeds(v, ws);
	caps->speeds = &v->speeds;
	caps->write_speeds = ws;
	caps->write_x = vrec_write_x(v);
	caps->read_x = v->read_x;
	caps->buffer_bytes = v->cfg.buffer_bytes;
	caps->prevent = v->prevent;
}

static int cmd_mode_sense(struct vrec *v, const struct scsi_cmd *c, bool ten,
			  size_t *xfer)
{
	struct vrec_caps caps;
	struct vrec_speeds ws;
	size_t len;
	if (c->cdb[3]) /* subpages */
		return VS_INVALID_FIELD_CDB;
	caps_of(v, &caps, &ws);
	int s =
	    vrec_mode_sense(&v->mode, &caps, ten, c->cdb[2] >> 6,
			    c->cdb[2] & 0x3F, v->resp, sizeof(v->resp), &len);
	if (s)
		return s;
	size_t alloc = ten ? get_be16(c->cdb + 7) : c->cdb[4];
	return reply(c, v->resp, len, alloc, xfer);
}

static int cmd_mode_select(struct vrec *v, const struct scsi_cmd *c, bool ten,
			   size_t *xfer)
{
	size_t plen = ten ? get_be16(c->cdb + 7) : c->cdb[4];
	if (plen > c->data_len || (plen && !c->data))
		return VS_INVALID_FIELD_CDB;
	int s = vrec_mode_select(&v->mode, ten, c->data, plen);
	if (s == 0)
		*xfer = plen;
	return s;
}

static int cmd_start_stop_unit(struct vrec *v, const struct scsi_cmd *c)
{
	bool loej = c->cdb[4] & 0x02, start = c->cdb[4] & 0x01;
	if (!loej)
		return 0; /* spin up / down: nothing to model */
	if (!start) {	  /* eject */
		if (v->prevent)
			return VS_REMOVAL_PREVENTED;
		if (v->tray_open)
			return 0;
		/* An open track ends where its data stopped. */
		vrec_stop_recording(v, VREC_STOP_END_TRACK);
		v->play.status = VREC_AUDIO_NONE;
		v->head = 0;
		v->tray_open = true;
		v->media_event = vdisc_present(&v->disc) ? 3 : 0;
		vrec_save(v, VREC_SAVE_STATE | VREC_SAVE_CUE);
		return 0;
	}
	if (!v->tray_open)
		return 0;
	v->tray_open = false;
	if (vdisc_present(&v->disc)) {
		v->ua_pending = true;
		v->media_event = 2;
	}
	vrec_save(v, VREC_SAVE_STATE);
	return 0;
}

static int cmd_get_event_status(struct vrec *v, const struct scsi_cmd *c,
				size_t *xfer)
{
	if (!(c->cdb[1] & 0x01)) /* only polled operation */
		return VS_INVALID_FIELD_CDB;
	uint8_t *p = v->resp;
	size_t len;
	if (c->cdb[4] & 0x10) {
		memset(p, 0, 8);
		put_be16(p, 6);
		p[2] = 0x04; /* media class */
		p[3] = 0x10; /* supported: media */
		p[4] = v->media_event;
		p[5] = (uint8_t)((present(v) ? 0x02 : 0) |
				 (v->tray_open ? 0x01 : 0));
		len = 8;
		if (c->cdb[8] || c->cdb[7])
			v->media_event = 0;
	} else {
		memset(p, 0, 4);
		put_be16(p, 2);
		p[2] = 0x80; /* no event available */
		p[3] = 0x10;
		len = 4;
	}
	return reply(c, p, len, get_be16(c->cdb + 7), xfer);
}

static int cmd_read_buffer_capacity(struct vrec *v, const struct scsi_cmd *c,
				    size_t *xfer)
{
	uint8_t *p = v->resp;
	uint32_t free_bytes =
	    vrec_pace_free(&v->pace, vrec_rate(v), mono_seconds());
	memset(p, 0, 12);
	put_be16(p, 10);
	if (c->cdb[1] & 0x01) {
		put_be32(p + 8, free_bytes / CD_SECTOR_BYTES);
	} else {
		put_be32(p + 4, v->cfg.buffer_bytes);
		put_be32(p + 8, free_bytes);
	}
	return reply(c, p, 12, get_be16(c->cdb + 7), xfer);
}

static int cmd_set_cd_speed(struct vrec *v, const struct scsi_cmd *c)
{
	v->read_x = vrec_speed_clamp(&v->speeds, get_be16(c->cdb + 2));
	/* The speed asked for, as the drive's; the loaded medium narrows
	 * it down (vrec_write_x). */
	unsigned w = vrec_speed_clamp(&v->speeds, get_be16(c->cdb + 4));
	if (w != v->write_x) {
		/* Keep the buffer level; drain at the old speed so far. */
		vrec_pace_update(&v->pace, vrec_rate(v), mono_seconds());
		v->write_x = w;
	}
	return 0;
}

/* Commands that need a medium and wait for a running operation. */
static bool media_command(uint8_t op)
{
	switch (op) {
	case MMC_READ_CAPACITY:
	case MMC_READ10:
	case MMC_WRITE10:
	case MMC_SYNCHRONIZE_CACHE:
	case MMC_READ_TOC_PMA_ATIP:
	case MMC_READ_DISC_INFORMATION:
	case MMC_READ_TRACK_INFORMATION:
	case MMC_SEND_OPC_INFORMATION:
	case MMC_CLOSE_TRACK_SESSION:
	case MMC_SEND_CUE_SHEET:
	case MMC_BLANK:
	case MMC_READ_CD:
	case MMC_READ_CD_MSF:
	case MMC_READ_SUB_CHANNEL:
	case MMC_PLAY_AUDIO10:
	case MMC_PLAY_AUDIO_MSF:
	case MMC_PAUSE_RESUME:
	case MMC_STOP_PLAY_SCAN:
		return true;
	}
	return false;
}

static int dispatch(struct vrec *v, const struct scsi_cmd *c, size_t *xfer)
{
	const uint8_t *cdb = c->cdb;
	uint8_t op = cdb[0];
	size_t len = 0;
	int s;

	if (media_command(op)) {
		if (!present(v))
			return no_medium(v);
		if (busy_check(v))
			return VS_LONG_WRITE_IN_PROGRESS;
	}
	v->progress = -1;
	struct vrec_disc *d = vrec_cur(v);

	switch (op) {
	case MMC_TEST_UNIT_READY:
		return cmd_test_unit_ready(v);
	case MMC_REQUEST_SENSE:
		return cmd_request_sense(v, c, xfer);
	case MMC_INQUIRY:
		return cmd_inquiry(v, c, xfer);
	case 0x01: /* REZERO UNIT */
		return 0;
	case MMC_MODE_SENSE6:
		return cmd_mode_sense(v, c, false, xfer);
	case MMC_MODE_SENSE10:
		return cmd_mode_sense(v, c, true, xfer);
	case MMC_MODE_SELECT6:
		return cmd_mode_select(v, c, false, xfer);
	case MMC_MODE_SELECT10:
		return cmd_mode_select(v, c, true, xfer);
	case MMC_START_STOP_UNIT:
		return cmd_start_stop_unit(v, c);
	case MMC_PREVENT_ALLOW_MEDIUM_REMOVAL:
		v->prevent = cdb[4] & 0x01;
		return 0;
	case MMC_GET_CONFIGURATION:
		s = vrec_get_configuration_sao(d, v->tray_open, !v->cfg.no_sao,
					       cdb[1] & 0x03, get_be16(cdb + 2),
					       v->resp, sizeof(v->resp), &len);
		return s ? s : reply(c, v->resp, len, get_be16(cdb + 7), xfer);
	case MMC_GET_EVENT_STATUS_NOTIFICATION:
		return cmd_get_event_status(v, c, xfer);
	case MMC_READ_DISC_INFORMATION:
		if (cdb[1] & 0x07)
			return VS_INVALID_FIELD_CDB;
		s = vrec_read_disc_information(d, v->resp, sizeof(v->resp),
					       &len);
		return s ? s : reply(c, v->resp, len, get_be16(cdb + 7), xfer);
	case MMC_READ_TRACK_INFORMATION:
		s = vrec_read_track_information(d, cdb[1] & 0x03,
						get_be32(cdb + 2),
						vrec_p05_track_mode(&v->mode),
						v->resp, sizeof(v->resp), &len);
		return s ? s : reply(c, v->resp, len, get_be16(cdb + 7), xfer);
	case MMC_READ_TOC_PMA_ATIP: {
		uint8_t fmt = cdb[2] & 0x0F;
		if (fmt == 0 && (cdb[9] >> 6)) /* SFF-8020 format field */
			fmt = cdb[9] >> 6;
		s = vrec_read_toc(d, fmt, cdb[1] & 0x02, cdb[6], v->resp,
				  sizeof(v->resp), &len);
		if (!s && fmt == 5 && v->cfg.corrupt_cdtext_set)
			vrec_cdtext_misread(v->cfg.corrupt_cdtext, v->resp,
					    len);
		return s ? s : reply(c, v->resp, len, get_be16(cdb + 7), xfer);
	}
	case 0x23: /* READ FORMAT CAPACITIES: answers without a medium */
		s = vrec_read_format_capacities(present(v) ? d : NULL, v->resp,
						sizeof(v->resp), &len);
		return s ? s : reply(c, v->resp, len, get_be16(cdb + 7), xfer);
	case MMC_READ_CAPACITY:
		s = vrec_read_capacity(d, v->resp, sizeof(v->resp), &len);
		return s ? s : reply(c, v->resp, len, 8, xfer);
	case MMC_READ_BUFFER_CAPACITY:
		return cmd_read_buffer_capacity(v, c, xfer);
	case MMC_SET_CD_SPEED:
		return cmd_set_cd_speed(v, c);
	case MMC_SET_STREAMING:
		return 0;
	case MMC_GET_PERFORMANCE: {
		const struct vrec_media_info *mi = vrec_media_info(d->media);
		uint32_t end = present(v) && mi->last_leadout > 0
				   ? (uint32_t)mi->last_leadout - 1
				   : 0;
		struct vrec_speeds ws;
		vrec_write_speeds(v, &ws);
		s = vrec_get_performance(&v->speeds, &ws, end, cdb, v->resp,
					 sizeof(v->resp), &len);
		return s ? s : reply(c, v->resp, len, c->data_len, xfer);
	}
	case MMC_SEND_OPC_INFORMATION:
		return 0;
	case MMC_READ_BUFFER:
		return VS_INVALID_FIELD_CDB;
	case MMC_WRITE10:
		return vrec_cmd_write10(v, c, xfer);
	case MMC_SYNCHRONIZE_CACHE:
		return vrec_cmd_synchronize_cache(v, c);
	case MMC_CLOSE_TRACK_SESSION:
		return vrec_cmd_close_track_session(v, c);
	case MMC_SEND_CUE_SHEET:
		return vrec_cmd_send_cue_sheet(v, c, xfer);
	case MMC_BLANK:
		return vrec_cmd_blank(v, c);
	case MMC_READ10:
		return vrec_cmd_read10(v, c, xfer);
	case MMC_READ_CD:
		return vrec_cmd_read_cd(v, c, xfer);
	case MMC_READ_CD_MSF:
		return vrec_cmd_read_cd_msf(v, c, xfer);
	case MMC_READ_SUB_CHANNEL:
		return vrec_cmd_read_subchannel(v, c, xfer);
	case MMC_PLAY_AUDIO10:
		return vrec_cmd_play_audio10(v, c);
	case MMC_PLAY_AUDIO_MSF:
		return vrec_cmd_play_audio_msf(v, c);
	case MMC_PAUSE_RESUME:
		return vrec_cmd_pause_resume(v, c);
	case MMC_STOP_PLAY_SCAN:
		return vrec_cmd_stop_play_scan(v, c);
	}
	return VS_INVALID_OPCODE;
}

static int vrec_execute(struct scsi_transport *t, const struct scsi_cmd *cmd,
			struct scsi_result *res)
{
	struct vrec *v = (struct vrec *)t;
	memset(res, 0, sizeof(*res));
	res->resid = cmd->data_len;
	if (cmd->cdb_len < 6 || cmd->cdb_len > SCSI_CDB_MAX) {
		res->transport_errno = EINVAL;
		return EINVAL;
	}
	size_t xfer = 0;
	v->progress = -1;
	v->sense_info_valid = false;
	v->sense_field_valid = false;
	int s, te;
	if (vrec_fault_before(v, cmd, &s, &te)) {
		if (te) {
			res->transport_errno = te;
			return te;
		}
	} else {
		s = dispatch(v, cmd, &xfer);
	}
	vrec_fault_after(v, cmd, s, &xfer);
	if (s) {
		uint8_t sense[18];
		int progress =
		    VSENSE_KEY(s) == SENSE_NOT_READY ? v->progress : -1;
		build_sense(sense, s, progress);
		if (v->sense_info_valid)
			sense_set_information(sense, v->sense_info);
		if (v->sense_field_valid) { /* SKSV, C/D = 0: parameter list */
			sense[15] = 0x80;
			put_be16(sense + 16, v->sense_field);
		}
		res->status = SCSI_STATUS_CHECK_CONDITION;
		memcpy(res->sense, sense, sizeof(sense));
		res->sense_len = sizeof(sense);
		xfer = 0;
	}
	res->resid =
	    cmd->data_len - (xfer < cmd->data_len ? xfer : cmd->data_len);
	return 0;
}

static void vrec_destroy(struct scsi_transport *t)
{
	struct vrec *v = (struct vrec *)t;
	if (!v)
		return;
	if (v->bin_fd >= 0)
		close(v->bin_fd);
	free(v->sao);
	free(v);
}

static const struct scsi_transport_ops vrec_ops = {
    .execute = vrec_execute,
    .destroy = vrec_destroy,
};

bool vrec_is_virtual(const struct scsi_transport *t)
{
	return t && t->ops == &vrec_ops;
}

static int load_state(struct vrec *v, char *err, size_t err_len)
{
	int fd = open(v->state_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno != ENOENT) {
			snprintf(err, err_len, "%s: %s", v->state_path,
				 strerror(errno));
			return -1;
		}
		vdisc_init(&v->disc, v->cfg.media);
		v->disc.rw_speed = v->cfg.rw_speed;
		v->tray_open = false;
		if (vrec_save(v, VREC_SAVE_STATE)) {
			snprintf(err, err_len, "%s: cannot write",
				 v->state_path);
			return -1;
		}
		return 0;
	}
	char *buf = malloc(VREC_STATE_MAX);
	if (!buf) {
		snprintf(err, err_len, "%s: out of memory", v->state_path);
		close(fd);
		return -1;
	}
	size_t n = 0;
	for (;;) {
		ssize_t r = read(fd, buf + n, VREC_STATE_MAX - 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, err_len, "%s: %s", v->state_path,
				 strerror(errno));
			close(fd);
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n == VREC_STATE_MAX - 1)
			break;
	}
	close(fd);
	buf[n] = '\0';
	char why[200];
	int rc =
	    vrec_state_parse(buf, &v->disc, &v->tray_open, why, sizeof(why));
	free(buf);
	if (rc) {
		snprintf(err, err_len, "%s: %s", v->state_path, why);
		return -1;
	}
	return vrec_cdtext_load(v, err, err_len);
}

struct scsi_transport *vrec_open(const struct vrec_config *cfg, char *err,
				 size_t err_len)
{
	char dummy[256];
	if (!err) {
		err = dummy;
		err_len = sizeof(dummy);
	}
	if (!cfg || !cfg->image[0] || !cfg->name[0]) {
		snprintf(err, err_len,
			 "virtual recorder: missing name or image");
		return NULL;
	}
	struct vrec *v = calloc(1, sizeof(*v));
	if (!v) {
		snprintf(err, err_len, "virtual recorder %s: out of memory",
			 cfg->name);
		return NULL;
	}
	v->cfg = *cfg;
	if (v->cfg.max_speed_x == 0)
		v->cfg.max_speed_x = 52;
	if (v->cfg.buffer_bytes == 0)
		v->cfg.buffer_bytes = 2u * 1024 * 1024;
	v->base.ops = &vrec_ops;
	v->base.name = v->cfg.name;
	v->bin_fd = -1;
	snprintf(v->state_path, sizeof(v->state_path), "%s.state", cfg->image);
	snprintf(v->bin_path, sizeof(v->bin_path), "%s.bin", cfg->image);
	snprintf(v->cue_path, sizeof(v->cue_path), "%s.cue", cfg->image);
	snprintf(v->nrg_path, sizeof(v->nrg_path), "%s.nrg", cfg->image);
	snprintf(v->cdtext_path, sizeof(v->cdtext_path), "%s.cdtext",
		 cfg->image);
	const char *slash = strrchr(v->bin_path, '/');
	snprintf(v->bin_name, sizeof(v->bin_name), "%s",
		 slash ? slash + 1 : v->bin_path);

	vrec_mode_init(&v->mode);
	v->mode.no_sao = v->cfg.no_sao;
	vrec_speeds_init(&v->speeds, v->cfg.max_speed_x);
	v->write_x = v->read_x = v->speeds.x[0];
	vrec_pace_init(&v->pace, v->cfg.pace, v->cfg.buffer_bytes);
	v->progress = -1;
	v->play.status = VREC_AUDIO_NONE;

	v->bin_fd = open(v->bin_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (v->bin_fd < 0) {
		snprintf(err, err_len, "virtual recorder %s: %s: %s", cfg->name,
			 v->bin_path, strerror(errno));
		vrec_destroy(&v->base);
		return NULL;
	}
	char why[4608];
	if (load_state(v, why, sizeof(why))) {
		snprintf(err, err_len, "virtual recorder %s: %s", cfg->name,
			 why);
		vrec_destroy(&v->base);
		return NULL;
	}
	int e = vrec_fault_recover(v);
	if (e)
		vrec_log(v, "recording the broken-off track: %s", strerror(-e));
	return &v->base;
}
