/*
 * vrec_play.c - audio playback and the sub-channel it reports: PLAY
 * AUDIO(10) (45h), PLAY AUDIO MSF (47h), PAUSE/RESUME (4Bh), STOP
 * PLAY/SCAN (4Eh) and READ SUB-CHANNEL (42h).
 *
 * A play runs at 1x (75 sectors a second) on CLOCK_MONOTONIC with no
 * thread: the head is wherever the clock says when someone asks.  The
 * audio status of READ SUB-CHANNEL is 11h while playing, 12h paused, 13h
 * once after a play reached its end, 15h otherwise.  Without a play the
 * head is over the last sector read (READ CD) or played.
 */
#include <string.h>

#include "bytes.h"
#include "mono_clock.h"
#include "msf.h"
#include "vrec_cmd.h"
#include "vrec_device.h"

/* The sector under the head now; ends a play that reached its end. */
static int32_t head_now(struct vrec *v)
{
	struct vrec_play *p = &v->play;
	if (p->status == VREC_AUDIO_PLAYING) {
		double played = (mono_seconds() - p->t0) * CD_FRAMES_PER_SECOND;
		int64_t at = p->from + (int64_t)played;
		if (at >= p->end) {
			p->status = VREC_AUDIO_COMPLETED;
			at = p->end - 1;
		}
		v->head = (int32_t)at;
	}
	return v->head;
}

/* Whether [from, end) lies on the recorded tracks (pregaps included). */
static bool playable(const struct vrec_disc *d, int32_t from, int32_t end)
{
	struct vrec_qpos a, b;
	return vrec_q_position(d, from, &a) && vrec_q_position(d, end - 1, &b);
}

static int play(struct vrec *v, int32_t from, int32_t end)
{
	if (from == end) /* nothing to play: not an error (MMC) */
		return 0;
	if (end < from)
		return VS_INVALID_FIELD_CDB;
	if (!playable(vrec_cur(v), from, end)) {
		v->sense_info_valid = true;
		v->sense_info = (uint32_t)from;
		return VS_LBA_OUT_OF_RANGE;
	}
	v->play.status = VREC_AUDIO_PLAYING;
	v->play.from = from;
	v->play.end = end;
	v->play.t0 = mono_seconds();
	v->head = from;
	return 0;
}

int vrec_cmd_play_audio10(struct vrec *v, const struct scsi_cmd *c)
{
	uint32_t lba = get_be32(c->cdb + 2);
	uint16_t n = get_be16(c->cdb + 7);
	/* FFFFFFFFh: from where the head is */
	int32_t from = lba == 0xFFFFFFFFu ? head_now(v) : (int32_t)lba;
	return play(v, from, from + n);
}

int vrec_cmd_play_audio_msf(struct vrec *v, const struct scsi_cmd *c)
{
	const uint8_t *cdb = c->cdb;
	bool here = cdb[3] == 0xFF && cdb[4] == 0xFF && cdb[5] == 0xFF;
	if ((!here && (cdb[4] > 59 || cdb[5] > 74)) || cdb[7] > 59 ||
	    cdb[8] > 74)
		return VS_INVALID_FIELD_CDB;
	int32_t from = here ? head_now(v)
			    : msf_to_lba((struct msf){cdb[3], cdb[4], cdb[5]});
	int32_t end = msf_to_lba((struct msf){cdb[6], cdb[7], cdb[8]});
	return play(v, from, end);
}

int vrec_cmd_pause_resume(struct vrec *v, const struct scsi_cmd *c)
{
	bool resume = c->cdb[8] & 0x01;
	int32_t at = head_now(v);
	struct vrec_play *p = &v->play;
	if (p->status != VREC_AUDIO_PLAYING && p->status != VREC_AUDIO_PAUSED)
		return VS_SEQUENCE_ERROR; /* no play to pause or resume */
	if (resume && p->status == VREC_AUDIO_PAUSED) {
		p->status = VREC_AUDIO_PLAYING;
		p->from = at;
		p->t0 = mono_seconds();
	} else if (!resume && p->status == VREC_AUDIO_PLAYING) {
		p->status = VREC_AUDIO_PAUSED;
	}
	return 0;
}

int vrec_cmd_stop_play_scan(struct vrec *v, const struct scsi_cmd *c)
{
	(void)c;
	head_now(v);
	v->play.status = VREC_AUDIO_NONE;
	return 0;
}

int vrec_cmd_read_subchannel(struct vrec *v, const struct scsi_cmd *c,
			     size_t *xfer)
{
	const uint8_t *cdb = c->cdb;
	int32_t position = head_now(v); /* may end a play: first */
	struct vrec_subq_req req = {
	    .subq = cdb[2] & 0x40,
	    .msf = cdb[1] & 0x02,
	    .format = cdb[3],
	    .track = cdb[6],
	    .position = position,
	    .audio_status = v->play.status,
	};
	size_t len;
	int s = vrec_read_subchannel(vrec_cur(v), &req, v->resp,
				     sizeof(v->resp), &len);
	if (s)
		return s;
	/* A finished play is reported once, then there is no status. */
	if (v->play.status == VREC_AUDIO_COMPLETED ||
	    v->play.status == VREC_AUDIO_ERROR)
		v->play.status = VREC_AUDIO_NONE;
	size_t n = len;
	if (n > get_be16(cdb + 7))
		n = get_be16(cdb + 7);
	if (n > c->data_len)
		n = c->data_len;
	if (n && !c->data)
		return VS_INVALID_FIELD_CDB;
	if (n) /* an allocation length of 0 moves nothing */
		memcpy(c->data, v->resp, n);
	*xfer = n;
	return 0;
}
