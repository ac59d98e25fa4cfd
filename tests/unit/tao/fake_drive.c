/*
 * fake_drive.c - the scripted transport of the engine tests (see
 * fake_drive.h).
 */
#include "fake_drive.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bytes.h"
#include "msf.h"
#include "sense.h"

static void check(struct scsi_result *res, uint8_t key, uint8_t asc,
		  uint8_t ascq)
{
	res->status = SCSI_STATUS_CHECK_CONDITION;
	sense_build_fixed(res->sense, key, asc, ascq);
	res->sense_len = 18;
}

static void reply(const struct scsi_cmd *cmd, struct scsi_result *res,
		  const uint8_t *data, size_t len)
{
	size_t n = len < cmd->data_len ? len : cmd->data_len;
	if (n)
		memcpy(cmd->data, data, n);
	res->resid = cmd->data_len - n;
}

static void end_track(struct fake_drive *f)
{
	if (!f->track_open)
		return;
	int32_t end = f->track_start + (int32_t)f->track_written;
	uint32_t used = (uint32_t)(end + CD_TAO_TRACK_GAP - f->nwa);
	f->nwa = end + CD_TAO_TRACK_GAP;
	f->free_blocks -= used;
	f->next_track++;
	f->track_open = false;
	f->disc_status = 1;
	f->session_state = 1;
}

/* A WRITE(10) after SEND CUE SHEET: 96-byte lead-in sectors, then the
 * 2352-byte stream from LBA -150, each contiguous. */
static void sao_write(struct fake_drive *f, const struct scsi_cmd *cmd,
		      struct scsi_result *res, int32_t lba, uint16_t blocks)
{
	if (!f->cue_len) {
		check(res, 5, 0x2C, 0); /* COMMAND SEQUENCE ERROR */
		return;
	}
	if (cmd->data_len == blocks * 96u) {
		if (f->leadin_sectors == 0)
			f->leadin_first = lba;
		else if (lba != f->leadin_first + (int32_t)f->leadin_sectors) {
			check(res, 5, 0x21, 0x02);
			return;
		}
		if (f->leadin_sectors == 0)
			memcpy(f->leadin_sector0, cmd->data, 96);
		f->leadin_sectors += blocks;
		return;
	}
	int32_t expect = f->sao_next == INT32_MIN ? -150 : f->sao_next;
	if (cmd->data_len != blocks * 2352u || lba != expect ||
	    lba + 150 + blocks > FAKE_DISC_SECTORS) {
		check(res, 5, 0x21, 0x02);
		return;
	}
	if (!f->stream)
		f->stream = calloc(FAKE_DISC_SECTORS, 2352);
	memcpy(f->stream + (size_t)(lba + 150) * 2352, cmd->data,
	       cmd->data_len);
	f->sao_next = lba + blocks;
}

static int fake_execute(struct scsi_transport *t, const struct scsi_cmd *cmd,
			struct scsi_result *res)
{
	struct fake_drive *f = (struct fake_drive *)t;
	const uint8_t *cdb = cmd->cdb;
	uint8_t buf[64];

	memset(res, 0, sizeof(*res));
	if (f->n_log < FAKE_MAX_LOG) {
		struct fake_cmd *c = &f->log[f->n_log++];
		memcpy(c->cdb, cdb, SCSI_CDB_MAX);
		c->data_len = 0;
		if (cmd->dir == SCSI_DIR_TO_DEVICE && cdb[0] != 0x2A) {
			c->data_len = cmd->data_len;
			memcpy(c->data, cmd->data,
			       cmd->data_len < 64 ? cmd->data_len : 64);
		}
	}

	memset(buf, 0, sizeof(buf));
	if (f->no_medium && cdb[0] != 0x46 && cdb[0] != 0x12 &&
	    cdb[0] != 0x5A) {
		check(res, 2, 0x3A, 0);
		return 0;
	}
	switch (cdb[0]) {
	case 0x12: /* INQUIRY */
		buf[0] = 0x05;
		buf[1] = 0x80;
		buf[3] = 0x02;
		buf[4] = 31;
		memcpy(buf + 8, "BURNFS  FAKE DRIVE      0001", 28);
		reply(cmd, res, buf, 36);
		break;
	case 0x43: /* READ TOC: only ATIP */
		if ((cdb[2] & 0x0F) != 4) {
			check(res, 5, 0x24, 0);
			break;
		}
		put_be16(buf, 26);
		buf[4] = 0x80 | 0x40;
		buf[6] = 0x80 | 0x18;
		buf[8] = 97;
		buf[9] = 26;
		buf[10] = 66;
		buf[12] = 79;
		buf[13] = 59;
		buf[14] = 74;
		reply(cmd, res, buf, 28);
		break;
	case 0x00: /* TEST UNIT READY */
		if (f->never_ready_after_close && f->closing)
			check(res, 2, 0x04, 0x07);
		break;
	case 0x1E: /* PREVENT ALLOW MEDIUM REMOVAL */
	case 0xBB: /* SET CD SPEED */
		break;
	case 0x55: /* MODE SELECT(10) */
		if (cmd->data_len > 10 &&
		    (((const uint8_t *)cmd->data)[8] & 0x3F) == 0x05) {
			uint8_t wt = ((const uint8_t *)cmd->data)[10] & 0x0F;
			if (wt == 2 && f->refuse_sao) {
				check(res, 5, 0x26, 0);
				break;
			}
			f->write_type = wt;
		}
		break;
	case 0x51: /* READ DISC INFORMATION */
		put_be16(buf, 32);
		buf[2] = (uint8_t)(f->session_state << 2 | f->disc_status);
		buf[3] = 1;
		buf[4] = (uint8_t)f->n_sessions;
		buf[5] = (uint8_t)f->first_track_last_session;
		buf[6] = (uint8_t)(f->disc_status == 2 ? f->next_track - 1
						       : f->next_track);
		memset(buf + 16, 0xFF, 8);
		reply(cmd, res, buf, 34);
		break;
	case 0x46: /* GET CONFIGURATION: header + profile list + 002Eh */
		put_be32(buf, 24);
		put_be16(buf + 6, f->no_medium ? 0 : f->profile);
		buf[10] = 0x03;
		buf[11] = 8;
		put_be16(buf + 12, 0x0009);
		buf[14] = f->profile == 0x0009;
		put_be16(buf + 16, 0x0008);
		buf[18] = f->profile == 0x0008;
		put_be16(buf + 20, 0x002E); /* CD Mastering */
		buf[22] = 0x01;
		buf[23] = 4;
		buf[24] = f->no_sao ? 0x44 : 0x64; /* BUF, SAO, Test Write */
		put_be24(buf + 25, 0x3F00);
		reply(cmd, res, buf, 28);
		break;
	case 0x5D: /* SEND CUE SHEET */
		f->cue_len = cmd->data_len < sizeof(f->cue) ? cmd->data_len
							    : sizeof(f->cue);
		memcpy(f->cue, cmd->data, f->cue_len);
		f->sao_next = INT32_MIN;
		f->leadin_sectors = 0;
		break;
	case 0xBE: { /* READ CD of the SAO stream */
		int32_t lba = (int32_t)get_be32(cdb + 2);
		uint32_t blocks = get_be24(cdb + 6);
		if (!f->stream || lba < 0 ||
		    lba + 150 + (int64_t)blocks > FAKE_DISC_SECTORS ||
		    cmd->data_len != blocks * 2352u) {
			check(res, 5, 0x21, 0);
			break;
		}
		memcpy(cmd->data, f->stream + (size_t)(lba + 150) * 2352,
		       cmd->data_len);
		break;
	}
	case 0x52: { /* READ TRACK INFORMATION, invisible track only */
		if ((cdb[1] & 3) != 1 || get_be32(cdb + 2) != 0xFF) {
			check(res, 5, 0x24, 0);
			break;
		}
		int32_t nwa = f->nwa;
		if (f->next_track == f->nwa_bias_track && f->nwa_bias > 0) {
			/* the drive really moved on: accept writes there */
			f->nwa += f->nwa_bias;
			f->free_blocks -= (uint32_t)f->nwa_bias;
			f->nwa_bias_track = -1;
			nwa = f->nwa;
		} else if (f->next_track == f->nwa_bias_track) {
			nwa += f->nwa_bias; /* a lie */
		}
		put_be16(buf, 34);
		buf[2] = (uint8_t)f->next_track;
		buf[3] = (uint8_t)f->session;
		buf[6] = 0x40;
		buf[7] = f->nwa_v ? 1 : 0;
		put_be32(buf + 8, (uint32_t)nwa);
		put_be32(buf + 12, (uint32_t)nwa);
		put_be32(buf + 16, f->free_blocks);
		put_be32(buf + 24, f->free_blocks);
		reply(cmd, res, buf, 36);
		break;
	}
	case 0x5A: { /* MODE SENSE(10) page 05h, 2Ah */
		if ((cdb[2] & 0x3F) == 0x2A) {
			put_be16(buf, 6 + 32);
			buf[8] = 0x2A;
			buf[9] = 30;
			buf[10] = 0x03;
			buf[11] = 0x07;
			buf[12] = 0x80;
			buf[14] = 0x29;
			put_be16(buf + 16, 7056);
			put_be16(buf + 20, 2048);
			put_be16(buf + 26, 7056);
			put_be16(buf + 28, 7056);
			put_be16(buf + 36, 7056);
			reply(cmd, res, buf, 40);
			break;
		}
		if ((cdb[2] & 0x3F) != 0x05) {
			check(res, 5, 0x24, 0);
			break;
		}
		put_be16(buf, 58);
		buf[8] = 0x05;
		buf[9] = 0x32;
		buf[10] = 0x21; /* LS_V, TAO: something to overwrite */
		buf[12] = 8;
		buf[13] = 7;
		put_be16(buf + 22, 150);
		reply(cmd, res, buf, 60);
		break;
	}
	case 0x5C: /* READ BUFFER CAPACITY */
		put_be16(buf, 10);
		put_be32(buf + 4, 2 * 1024 * 1024);
		put_be32(buf + 8, 512 * 1024);
		reply(cmd, res, buf, 12);
		break;
	case 0x2A: { /* WRITE(10) */
		if (f->exclusive)
			f->exclusive_during_write = true;
		int32_t lba = (int32_t)get_be32(cdb + 2);
		uint16_t blocks = get_be16(cdb + 7);
		if (f->gate_lba >= 0 && f->gate_lba >= lba &&
		    f->gate_lba < lba + blocks) {
			pthread_mutex_lock(&f->gate_lock);
			f->gate_reached = true;
			pthread_cond_broadcast(&f->gate_cond);
			while (!f->gate_open)
				pthread_cond_wait(&f->gate_cond, &f->gate_lock);
			pthread_mutex_unlock(&f->gate_lock);
		}
		if (f->cancel && f->cancel_at_lba >= 0 &&
		    f->cancel_at_lba >= lba && f->cancel_at_lba < lba + blocks)
			atomic_store(f->cancel, true);
		if (f->fail_write_lba >= 0 && f->fail_write_lba >= lba &&
		    f->fail_write_lba < lba + blocks) {
			check(res, 3, 0x0C, 0);
			break;
		}
		if (f->write_type == 2) {
			sao_write(f, cmd, res, lba, blocks);
			break;
		}
		int32_t expect =
		    f->track_open ? f->track_start + (int32_t)f->track_written
				  : f->nwa;
		if (lba != expect || cmd->data_len != blocks * 2352u) {
			check(res, 5, 0x21, 0x02);
			break;
		}
		if (!f->track_open) {
			f->track_open = true;
			f->track_start = lba;
			f->track_written = 0;
		}
		if (lba >= 0 && lba + blocks <= FAKE_DISC_SECTORS)
			memcpy(f->sectors + (size_t)lba * 2352, cmd->data,
			       cmd->data_len);
		f->track_written += blocks;
		break;
	}
	case 0x35: /* SYNCHRONIZE CACHE */
		if (f->write_type == 2 && f->cue_len) {
			/* SAO: the drive writes the lead-out */
			f->sao_closed = true;
			f->disc_status = 2;
			f->session_state = 3;
			f->nwa_v = false;
			break;
		}
		end_track(f);
		break;
	case 0x5B: /* CLOSE TRACK/SESSION */
		f->closing = true;
		end_track(f);
		if ((cdb[2] & 7) == 2) {
			f->disc_status = 2;
			f->session_state = 3;
			f->nwa_v = false;
		}
		break;
	default:
		check(res, 5, 0x20, 0);
		break;
	}
	return 0;
}

static void fake_destroy(struct scsi_transport *t)
{
	(void)t;
}

static int fake_set_exclusive(struct scsi_transport *t, bool exclusive,
			      char *err, size_t err_len)
{
	struct fake_drive *f = (struct fake_drive *)t;
	if (exclusive && f->claimed_elsewhere) {
		snprintf(err, err_len, "fake is in use by another program");
		return -EBUSY;
	}
	f->exclusive = exclusive;
	if (exclusive)
		f->exclusive_claims++;
	else
		f->exclusive_releases++;
	return 0;
}

static const struct scsi_transport_ops fake_ops = {
    .execute = fake_execute,
    .destroy = fake_destroy,
    .set_exclusive = fake_set_exclusive,
};

void fake_drive_init(struct fake_drive *f)
{
	memset(f, 0, sizeof(*f));
	f->base.ops = &fake_ops;
	f->base.name = "fake";
	f->profile = 0x0009;
	f->n_sessions = 1;
	f->first_track_last_session = 1;
	f->next_track = 1;
	f->session = 1;
	f->nwa_v = true;
	f->nwa = 0;
	f->free_blocks = 359849;
	f->fail_write_lba = -1;
	f->cancel_at_lba = -1;
	f->nwa_bias_track = -1;
	f->gate_lba = -1;
	pthread_mutex_init(&f->gate_lock, NULL);
	pthread_cond_init(&f->gate_cond, NULL);
	f->sectors = calloc(FAKE_DISC_SECTORS, 2352);
}

void fake_drive_fini(struct fake_drive *f)
{
	free(f->sectors);
	f->sectors = NULL;
	free(f->stream);
	f->stream = NULL;
	pthread_mutex_destroy(&f->gate_lock);
	pthread_cond_destroy(&f->gate_cond);
}

bool fake_drive_wait_gate(struct fake_drive *f, unsigned timeout_ms)
{
	struct timespec dl;
	clock_gettime(CLOCK_REALTIME, &dl);
	dl.tv_sec += timeout_ms / 1000;
	dl.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&f->gate_lock);
	int rc = 0;
	while (!f->gate_reached && rc == 0)
		rc = pthread_cond_timedwait(&f->gate_cond, &f->gate_lock, &dl);
	bool reached = f->gate_reached;
	pthread_mutex_unlock(&f->gate_lock);
	return reached;
}

void fake_drive_open_gate(struct fake_drive *f)
{
	pthread_mutex_lock(&f->gate_lock);
	f->gate_open = true;
	pthread_cond_broadcast(&f->gate_cond);
	pthread_mutex_unlock(&f->gate_lock);
}

void fake_drive_sequence(const struct fake_drive *f, char *out, size_t len)
{
	size_t at = 0;
	int prev = -1;
	out[0] = '\0';
	for (size_t i = 0; i < f->n_log; i++) {
		uint8_t op = f->log[i].cdb[0];
		if (op == 0x00 || op == 0x5C || op == prev)
			continue;
		prev = op;
		int n =
		    snprintf(out + at, len - at, "%s%02X", at ? " " : "", op);
		if (n < 0 || (size_t)n >= len - at)
			break;
		at += (size_t)n;
	}
}

unsigned fake_drive_count(const struct fake_drive *f, uint8_t opcode)
{
	unsigned n = 0;
	for (size_t i = 0; i < f->n_log; i++)
		if (f->log[i].cdb[0] == opcode)
			n++;
	return n;
}

const struct fake_cmd *fake_drive_find(const struct fake_drive *f,
				       uint8_t opcode, unsigned n)
{
	for (size_t i = 0; i < f->n_log; i++)
		if (f->log[i].cdb[0] == opcode && n-- == 0)
			return &f->log[i];
	return NULL;
}
